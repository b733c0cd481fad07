import type { Invitation } from "./Invitation.js";
import type { Message } from "./Message.js";
import type { Notification } from "./Notification.js";
import type { Referral } from "./Referral.js";
import type { IncomingRequestContext } from "./IncomingRequestContext.js";

/** SIP.js's `UserAgentDelegate`: each callback has a stream beside it on the UserAgent. */
export interface UserAgentDelegate {
  onConnect?(): void;
  onDisconnect?(error?: Error): void;
  onInvite?(invitation: Invitation): void;
  onMessage?(message: Message): void;
  onNotify?(notification: Notification): void;
  onRefer?(referral: Referral): void;
  onRegister?(registration: IncomingRequestContext): void;
  onSubscribe?(subscription: IncomingRequestContext): void;
}
