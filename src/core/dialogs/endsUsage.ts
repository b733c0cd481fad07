/**
 * Whether a failure response to a SUBSCRIBE refresh or a NOTIFY ends the subscription:
 * "404, 405, 410, 416, 480-485, 489, 501, or 604" (RFC 6665 §4.1.2.2 for the subscriber,
 * §4.2.2 for the notifier). Any other failure leaves it running until it expires.
 *
 * https://www.rfc-editor.org/rfc/rfc6665#section-4.1.2.2
 *
 * @example
 * ```ts
 * import { endsUsage } from "rxsip/core";
 *
 * endsUsage(481); // true: the subscription is gone
 * endsUsage(500); // false: keep it until it expires
 * ```
 */
export function endsUsage(statusCode: number): boolean {
  return ENDING.has(statusCode);
}

const ENDING = new Set([404, 405, 410, 416, 480, 481, 482, 483, 484, 485, 489, 501, 604]);
