import { randomToken } from "../randomToken.js";

/**
 * A random host name under `.invalid` (RFC 2606), for the Via sent-by and the Contact of
 * a WebSocket client, which has no address a peer could reach (RFC 7118 §5.2, §5.3):
 * e.g. `k3j9d2f8ab1q.invalid`. Generate one per user agent and keep it.
 *
 * @example
 * ```ts
 * import { randomInvalidHost } from "rxsip";
 *
 * randomInvalidHost(); // e.g. "2ndtu8pi1zg2.invalid": a Via host for a WebSocket client (RFC 7118 §5.2)
 * ```
 */
export function randomInvalidHost(length = 12): string {
  return `${randomToken(length)}.invalid`;
}
