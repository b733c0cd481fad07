import { IncomingRequestContext } from "./IncomingRequestContext.js";
/** An incoming MESSAGE (RFC 3428). */
export class Message extends IncomingRequestContext {}
