import type { Notification } from "./Notification.js";

/** SIP.js's `SubscriptionDelegate`; `subscription.notifications$` is the stream beside it. */
export interface SubscriptionDelegate {
  /** A NOTIFY of the subscription: answer it with `accept()` (or `reject()`). */
  onNotify?(notification: Notification): void;
}
