import { IncomingRequestContext } from "./IncomingRequestContext.js";
/** An incoming INFO (RFC 6086). */
export class Info extends IncomingRequestContext {}
