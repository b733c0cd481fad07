import type { Invitation } from "./Invitation.js";
import type { Message } from "./Message.js";
import type { Notification } from "./Notification.js";
import type { Referral } from "./Referral.js";
import type { IncomingRequestContext } from "./IncomingRequestContext.js";

/**
 * SIP.js's `UserAgentDelegate`: each callback has a stream beside it on the UserAgent.
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.delegate = {
 *   onConnect: () => console.log("connected"),
 *   onDisconnect: (error) => error && console.log("connection lost:", error.message),
 *   onInvite: (invitation) => void invitation.accept(),
 * };
 * ```
 */
export interface UserAgentDelegate {
  /** The transport connected (beside `userAgent.connection$`). */
  onConnect?(): void;
  /**
   * The transport disconnected; `error` is set when it was lost rather than closed by `stop()` or
   * `transport.disconnect()`.
   */
  onDisconnect?(error?: Error): void;
  /**
   * An incoming call: ring it with `progress()`, answer it with `accept()` or refuse it with `reject()`
   * (beside `userAgent.invites$`).
   */
  onInvite?(invitation: Invitation): void;
  /** A MESSAGE arrived outside any dialog (RFC 3428); accept or reject it (beside `userAgent.messages$`). */
  onMessage?(message: Message): void;
  /**
   * A NOTIFY arrived that matches no subscription of ours (e.g. an unsolicited message-summary); beside
   * `userAgent.notifications$`.
   */
  onNotify?(notification: Notification): void;
  /** A REFER arrived outside any session (beside `userAgent.refers$`). */
  onRefer?(referral: Referral): void;
  /**
   * A REGISTER arrived (this user agent acting as a registrar); answer it (beside
   * `userAgent.registrations$`).
   */
  onRegister?(registration: IncomingRequestContext): void;
  /**
   * A SUBSCRIBE arrived outside a dialog; answer it, or make a `Notifier` of it (beside
   * `userAgent.subscriptions$`).
   */
  onSubscribe?(subscription: IncomingRequestContext): void;
}
