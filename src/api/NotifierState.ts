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
  export type Initial = typeof NotifierState.Initial;
  export type Pending = typeof NotifierState.Pending;
  export type Active = typeof NotifierState.Active;
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
