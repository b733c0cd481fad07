import { IncomingRequestContext } from "./IncomingRequestContext.js";
/**
 * An incoming NOTIFY (RFC 6665).
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * // unsolicited NOTIFYs, e.g. message-summary (RFC 3842) from a voicemail server
 * userAgent.notifications$.subscribe((notification) => {
 *   console.log(notification.request.getHeader("Event"), notification.request.body);
 *   void notification.accept();
 * });
 * ```
 */
export class Notification extends IncomingRequestContext {}
