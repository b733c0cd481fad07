/** SimpleUser: SIP.js's `Web.SimpleUser` names over rxsip, with a stream beside each callback. */
export { SimpleUser } from "./SimpleUser.js";
export type { SimpleCallDtmf, SimpleCallHold, SimpleMessage } from "./SimpleUser.js";
export { SimpleCall } from "./SimpleCall.js";
export type { SimpleCallDirection } from "./SimpleCall.js";
export type { SimpleUserDelegate } from "./SimpleUserDelegate.js";
export type { SimpleUserOptions, SimpleUserMedia, SimpleMediaElement } from "./SimpleUserOptions.js";
