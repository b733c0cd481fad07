import { IncomingRequestContext } from "./IncomingRequestContext.js";
/**
 * An incoming MESSAGE (RFC 3428).
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.messages$.subscribe((message) => {
 *   console.log(message.request.from.uri.toString(), "says", message.request.body);
 *   void message.accept();
 * });
 * ```
 */
export class Message extends IncomingRequestContext {}
