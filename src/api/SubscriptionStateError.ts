import { SipError } from "../core/messages/errors.js";

/**
 * A subscription, notifier or publisher method was called in a state where it cannot run (or an illegal state move); nothing changed.
 *
 * @example
 * ```ts
 * import { Notifier, SubscriptionStateError, type IncomingRequestContext, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare const context: IncomingRequestContext;
 *
 * const notifier = new Notifier(userAgent, context);
 * try {
 *   await notifier.notify("..."); // too early: the SUBSCRIBE is not accepted yet
 * } catch (e) {
 *   if (e instanceof SubscriptionStateError) await notifier.accept();
 * }
 * ```
 */
export class SubscriptionStateError extends SipError {
  override readonly name = "SubscriptionStateError";
  constructor(message: string) {
    super("SUBSCRIPTION_STATE", message);
  }
}
