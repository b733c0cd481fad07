import type { SipResponse } from "../core/messages/index.js";

/**
 * Why a subscription ended (subscriber or notifier), keyed by `type`:
 *
 * - `notify`: the notifier sent Subscription-State `terminated` (RFC 6665 §4.1.3), with its
 *   `reason` (deactivated, probation, rejected, timeout, giveup, noresource, invariant) and
 *   `retryAfter` when given.
 * - `unsubscribed`: the subscriber sent SUBSCRIBE with Expires: 0 (notifier side).
 * - `expired`: its lifetime ran out without a refresh.
 * - `rejected`: a failure response to SUBSCRIBE or NOTIFY that ends it (RFC 6665 §4.1.2.2, §4.2.2).
 * - `timeout`: no response (Timer F) or no NOTIFY after SUBSCRIBE (Timer N, RFC 6665 §4.1.2.4),
 *   or a transport error.
 * - `local`: ended here, by `unsubscribe()`, `terminate()` or `dispose()` (`reason` as sent, for a notifier).
 */
export type SubscriptionTermination =
  | { readonly type: "notify"; readonly reason: string | undefined; readonly retryAfter: number | undefined }
  | { readonly type: "unsubscribed" }
  | { readonly type: "expired" }
  | { readonly type: "rejected"; readonly statusCode: number; readonly reasonPhrase: string }
  | { readonly type: "timeout" }
  | { readonly type: "local"; readonly reason?: string };

/** How a failure response that ends the subscription shows in `termination`. */
export function rejected(response: SipResponse): SubscriptionTermination {
  return { type: "rejected", statusCode: response.statusCode, reasonPhrase: response.reasonPhrase };
}
