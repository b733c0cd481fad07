/**
 * `rxsip`: the public face. The SIP.js-compatible API, the stream sources and the
 * operators are added here as they land; the protocol core is re-exported for now.
 */
export * from "./core/index.js";
