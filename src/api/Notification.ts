import { IncomingRequestContext } from "./IncomingRequestContext.js";
/** An incoming NOTIFY (RFC 6665). */
export class Notification extends IncomingRequestContext {}
