/**
 * SIP.js's `Web` namespace (`import { Web } from "sip.js"` → `import { Web } from "rxsip"`):
 * the WebRTC media of `src/media/web` and `SimpleUser`.
 */
export * from "../media/web/index.js";
export { SimpleUser } from "./SimpleUser.js";
export type { SimpleUserDelegate } from "./SimpleUserDelegate.js";
export type { SimpleUserOptions, SimpleUserMedia } from "./SimpleUserOptions.js";
