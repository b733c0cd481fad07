import type { Notification } from "./Notification.js";

/**
 * SIP.js's `SubscriptionDelegate`; `subscription.notifications$` is the stream beside it.
 *
 * @example
 * ```ts
 * import { Subscriber, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const subscriber = new Subscriber(userAgent, UserAgent.makeURI("sip:bob@example.com")!, "presence");
 * subscriber.delegate = { onNotify: (notification) => { console.log(notification.request.body); void notification.accept(); } };
 * ```
 */
export interface SubscriptionDelegate {
  /** A NOTIFY of the subscription: answer it with `accept()` (or `reject()`). */
  onNotify?(notification: Notification): void;
}
