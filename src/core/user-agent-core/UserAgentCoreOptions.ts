import type { SchedulerLike } from "rxjs";
import type { DigestAuthenticator } from "../auth/index.js";
import type { NameAddr, Uri } from "../messages/index.js";
import type { RandomSource, TimerOptions } from "../transactions/index.js";
import type { CoreTransport } from "./CoreTransport.js";
import type { IncomingInvite } from "./IncomingInvite.js";
import type { IncomingNonInvite } from "./IncomingNonInvite.js";
import type { SessionTimerSupport } from "./sessionTimerSupport.js";

/**
 * What the core tells its user about requests that arrive outside any dialog.
 *
 * @example
 * ```ts
 * import type { UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 *
 * core.delegate = {
 *   onInvite: (invite) => invite.reject({ statusCode: 603 }),
 *   onRequest: (request) => (request.request.method === "OPTIONS" ? request.accept() : request.reject({ statusCode: 405 })),
 * };
 * ```
 */
export interface UserAgentCoreDelegate {
  /** A new INVITE (its server transaction exists; answer with progress / accept / reject). */
  onInvite?(invite: IncomingInvite): void;
  /**
   * Any other new request outside a dialog (MESSAGE, OPTIONS, NOTIFY, REFER, SUBSCRIBE,
   * PUBLISH, INFO ...). Without a delegate, OPTIONS is answered 200 with Allow/Supported
   * and everything else 405 / 481 as the RFCs say.
   */
  onRequest?(request: IncomingNonInvite): void;
}

/**
 * What {@link sessionTimers} takes (RFC 4028). Session timers are off unless its value is
 * given as `sessionTimers`.
 *
 * @example
 * ```ts
 * import { UserAgent, sessionTimers } from "rxsip";
 *
 * new UserAgent({ sessionTimers: sessionTimers({ sessionExpires: 600, minSE: 300 }) }); // refresh calls every 5 minutes (RFC 4028)
 * ```
 */
export interface SessionTimerOptions {
  /** Session-Expires we ask for, seconds (default 1800). */
  sessionExpires?: number;
  /** Min-SE we accept and announce, seconds (default 90, the RFC's floor). */
  minSE?: number;
}

/**
 * What a {@link UserAgentCore} is made of: the transport, who we are (address of record, display name,
 * Contact), timers and randomness, what we advertise (Allow, Supported, Accept), digest credentials, session
 * timer and 100rel policy, and the delegate for requests outside dialogs.
 *
 * @example
 * ```ts
 * import { NameAddr, Uri, UserAgentCore, sessionTimers, type CoreTransport } from "rxsip/core";
 * declare const transport: CoreTransport;
 *
 * new UserAgentCore({
 *   transport,
 *   aor: Uri.sip("alice", "example.com"),
 *   displayName: "Alice",
 *   contact: new NameAddr({ uri: Uri.sip("alice", "192.0.2.4", 5060) }),
 *   userAgent: "my-phone/1.0",
 *   reliableProvisionals: "supported",
 *   sessionTimers: sessionTimers({ sessionExpires: 1800 }),
 * });
 * ```
 */
export interface UserAgentCoreOptions {
  transport: CoreTransport;
  /** Our address of record (From of out-of-dialog requests). */
  aor: Uri;
  displayName?: string;
  /** Our Contact. */
  contact: NameAddr;
  scheduler?: SchedulerLike;
  timers?: TimerOptions;
  random?: RandomSource;
  /** User-Agent header value; none when undefined. */
  userAgent?: string;
  /** Methods we implement (Allow). */
  allow?: readonly string[];
  /** Methods handed to the delegate although not advertised in Allow (e.g. REGISTER for a UA acting as a registrar). */
  extraMethods?: readonly string[];
  /** Option tags we support (Supported). */
  supported?: readonly string[];
  /** Session description types we accept in INVITE / UPDATE / PRACK (default application/sdp). */
  accept?: readonly string[];
  /** Answers 401 / 407 challenges (RFC 3261 §22, RFC 7616, RFC 8760). */
  authenticator?: DigestAuthenticator;
  /**
   * Session timers (RFC 4028), from {@link sessionTimers}; absent: none (`timer` is then not
   * in Supported, and an INVITE that requires it gets 420).
   */
  sessionTimers?: SessionTimerSupport;
  /** Use 100rel (RFC 3262): "none", "supported" (default: PRACK when asked), "required". */
  reliableProvisionals?: "none" | "supported" | "required";
  delegate?: UserAgentCoreDelegate;
}

/**
 * The methods advertised in Allow when {@link UserAgentCoreOptions.allow} is not given: every method the core
 * handles.
 *
 * @example
 * ```ts
 * import { DEFAULT_ALLOW, UserAgentCore, type UserAgentCoreOptions } from "rxsip/core";
 * declare const options: UserAgentCoreOptions;
 *
 * // a core that also advertises PUBLISH
 * new UserAgentCore({ ...options, allow: [...DEFAULT_ALLOW, "PUBLISH"] });
 * ```
 */
export const DEFAULT_ALLOW = [
  "INVITE",
  "ACK",
  "CANCEL",
  "BYE",
  "OPTIONS",
  "PRACK",
  "UPDATE",
  "INFO",
  "MESSAGE",
  "REFER",
  "NOTIFY",
  "SUBSCRIBE",
] as const;
/**
 * The option tags advertised in Supported by default: 100rel (RFC 3262), replaces (RFC 3891), outbound
 * (RFC 5626). `timer` (RFC 4028) is added when `sessionTimers` is given, and left out otherwise.
 *
 * @example
 * ```ts
 * import { DEFAULT_SUPPORTED, UserAgentCore, type UserAgentCoreOptions } from "rxsip/core";
 * declare const options: UserAgentCoreOptions;
 *
 * // a client that does not keep flows alive should not advertise outbound (RFC 5626)
 * new UserAgentCore({ ...options, supported: DEFAULT_SUPPORTED.filter((tag) => tag !== "outbound") });
 * ```
 */
export const DEFAULT_SUPPORTED = ["100rel", "replaces", "outbound"] as const;
/**
 * The body types accepted in INVITE, UPDATE and PRACK by default: SDP only.
 *
 * @example
 * ```ts
 * import { DEFAULT_ACCEPT, UserAgentCore, type UserAgentCoreOptions } from "rxsip/core";
 * declare const options: UserAgentCoreOptions;
 *
 * new UserAgentCore({ ...options, accept: [...DEFAULT_ACCEPT, "multipart/mixed"] });
 * ```
 */
export const DEFAULT_ACCEPT = ["application/sdp"] as const;
