import { SipError } from "../core/messages/errors.js";

/** A subscription, notifier or publisher method was called in a state where it cannot run (or an illegal state move); nothing changed. */
export class SubscriptionStateError extends SipError {
  override readonly name = "SubscriptionStateError";
  constructor(message: string) {
    super("SUBSCRIPTION_STATE", message);
  }
}
