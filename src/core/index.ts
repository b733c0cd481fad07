/**
 * `rxsip/core`: the SIP protocol itself — messages, grammar, transactions, dialogs,
 * digest — with no sockets, no DOM and no globals.
 */
export * from "./messages/index.js";
export { parseHeaderValue } from "./grammar/index.js";
export type * from "./grammar/ast.js";
export * from "./auth/index.js";
