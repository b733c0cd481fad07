/**
 * SIP.js's subscription states (the subscriber's view, RFC 6665 §4.1).
 *
 * ```
 *  Initial --subscribe()--> NotifyWait --NOTIFY active/pending--> Subscribed
 *     |                         |                                     |
 *     |     failure response, Timer N, terminal NOTIFY,               |
 *     |     unsubscribe() / dispose()                                 |
 *     +-------------------------+-------------------------------------+--> Terminated
 * ```
 *
 * @example
 * ```ts
 * import { SubscriptionState, type Subscriber } from "rxsip";
 * declare const subscriber: Subscriber;
 *
 * subscriber.state$.subscribe((state) => {
 *   if (state === SubscriptionState.Terminated) console.log("no more presence updates", subscriber.termination);
 * });
 * ```
 */
export const SubscriptionState = {
  Initial: "Initial",
  NotifyWait: "NotifyWait",
  Subscribed: "Subscribed",
  Terminated: "Terminated",
} as const;
export type SubscriptionState = (typeof SubscriptionState)[keyof typeof SubscriptionState];

/**
 * Each state is a type of its own too, as with an enum: `const s: SubscriptionState.Terminated = SubscriptionState.Terminated`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace SubscriptionState {
  /** The type of `SubscriptionState.Initial`: the SUBSCRIBE has not been sent yet. */
  export type Initial = typeof SubscriptionState.Initial;
  /**
   * The type of `SubscriptionState.NotifyWait`: the SUBSCRIBE was sent; waiting for the first NOTIFY (RFC
   * 6665 §4.1.2.4).
   */
  export type NotifyWait = typeof SubscriptionState.NotifyWait;
  /**
   * The type of `SubscriptionState.Subscribed`: a NOTIFY arrived: the subscription is active or pending and
   * is refreshed.
   */
  export type Subscribed = typeof SubscriptionState.Subscribed;
  /**
   * The type of `SubscriptionState.Terminated`: ended (unsubscribed, refused, expired or terminated by the
   * notifier).
   */
  export type Terminated = typeof SubscriptionState.Terminated;
}

const MOVES: Record<SubscriptionState, readonly SubscriptionState[]> = {
  Initial: ["NotifyWait", "Terminated"],
  NotifyWait: ["Subscribed", "Terminated"],
  Subscribed: ["Terminated"],
  Terminated: [],
};

/** Whether a subscription may go from `from` to `to`. */
export function canMoveSubscription(from: SubscriptionState, to: SubscriptionState): boolean {
  return MOVES[from].includes(to);
}
