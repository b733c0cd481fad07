/**
 * States of a {@link Notifier} (the notifier's view of a subscription, RFC 6665 §4.2),
 * named after the Subscription-State values it sends.
 *
 * ```
 *  Initial --accept()--> Active ------------------------------+
 *     |         |           ^                                   |
 *     |         +--accept({ pending: true })--> Pending --notify()
 *     |                                            |            |
 *     |  reject(), unsubscribe (Expires: 0), expiry, terminate(),
 *     |  a NOTIFY failure that ends it, dispose()               v
 *     +------------------------------------------------> Terminated
 * ```
 *
 * @example
 * ```ts
 * import { Notifier, NotifierState, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.subscriptions$.subscribe((context) => {
 *   const notifier = new Notifier(userAgent, context);
 *   notifier.state$.subscribe((state) => {
 *     if (state === NotifierState.Terminated) console.log("subscription ended");
 *   });
 * });
 * ```
 */
export const NotifierState = {
  Initial: "Initial",
  Pending: "Pending",
  Active: "Active",
  Terminated: "Terminated",
} as const;
export type NotifierState = (typeof NotifierState)[keyof typeof NotifierState];

/**
 * Each state is a type of its own too, as with an enum: `const s: NotifierState.Terminated = NotifierState.Terminated`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace NotifierState {
  /** The type of `NotifierState.Initial`: the SUBSCRIBE arrived and has not been answered yet. */
  export type Initial = typeof NotifierState.Initial;
  /**
   * The type of `NotifierState.Pending`: accepted as pending (awaiting authorization): NOTIFYs say
   * `Subscription-State: pending`.
   */
  export type Pending = typeof NotifierState.Pending;
  /**
   * The type of `NotifierState.Active`: accepted: NOTIFYs say `Subscription-State: active` until the
   * subscription ends.
   */
  export type Active = typeof NotifierState.Active;
  /**
   * The type of `NotifierState.Terminated`: ended (rejected, unsubscribed, expired or terminated); the final
   * NOTIFY has been sent.
   */
  export type Terminated = typeof NotifierState.Terminated;
}

const MOVES: Record<NotifierState, readonly NotifierState[]> = {
  Initial: ["Pending", "Active", "Terminated"],
  Pending: ["Active", "Terminated"],
  Active: ["Terminated"],
  Terminated: [],
};

/** Whether a notifier may go from `from` to `to`. */
export function canMoveNotifier(from: NotifierState, to: NotifierState): boolean {
  return MOVES[from].includes(to);
}
