/** `Web.SimpleUser` as SIP.js apps import it (`import { Web } from "sip.js"` → `import { Web } from "rxsip"`). */
export { SimpleUser } from "./SimpleUser.js";
export type { SimpleUserDelegate } from "./SimpleUserDelegate.js";
export type { SimpleUserOptions, SimpleUserMedia } from "./SimpleUserOptions.js";
