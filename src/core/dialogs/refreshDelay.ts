/**
 * When to refresh something granted for `expires` seconds (a subscription, RFC 6665 §4.1.2.2;
 * a publication, RFC 3903 §4.1), in milliseconds: `margin` seconds before it runs out, so the
 * refresh completes — or times out after 64*T1 — before expiry; but never sooner than half way.
 * The default margin is 32 s, one non-INVITE transaction timeout with T1 = 500 ms.
 *
 * ```
 * refreshDelay(3600)     // 3_568_000
 * refreshDelay(40)       //    20_000
 * refreshDelay(600, 60)  //   540_000
 * ```
 *
 * @example
 * ```ts
 * import { refreshDelay } from "rxsip/core";
 *
 * refreshDelay(3600); // 3_568_000 ms: 32 s before a one-hour subscription expires
 * ```
 */
export function refreshDelay(expires: number, margin = 32): number {
  return Math.max(expires - margin, expires / 2) * 1000;
}
