/**
 * How long to wait before trying a re-INVITE (or UPDATE, RFC 3311 §5.1) again after a 491
 * (RFC 3261 §14.1):
 *
 * > If the UAC is the owner of the Call-ID of the dialog ID (meaning it generated the value),
 * > T has a randomly chosen value between 2.1 and 4 seconds in units of 10 ms. If the UAC is
 * > not the owner of the Call-ID of the dialog ID, T has a randomly chosen value of between
 * > 0 and 2 seconds in units of 10 ms.
 *
 * `random` is any non-negative integer from a uniform source; the result is in ms:
 * 2100, 2110 ... 4000 for the owner, 0, 10 ... 2000 for the other side.
 *
 * https://www.rfc-editor.org/rfc/rfc3261#section-14.1
 *
 * @example
 * ```ts
 * import { glareDelay } from "rxsip/core";
 *
 * const random = crypto.getRandomValues(new Uint32Array(1))[0]!;
 * glareDelay(true, random); // 2100 ... 4000 ms: we made the Call-ID
 * glareDelay(false, random); // 0 ... 2000 ms
 * ```
 */
export function glareDelay(ownsCallId: boolean, random: number): number {
  return ownsCallId ? 2100 + (random % 191) * 10 : (random % 201) * 10;
}
