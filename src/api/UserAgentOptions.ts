import type { SessionRecoverySupport } from "./sessionRecoverySupport.js";
import type { SchedulerLike } from "rxjs";
import type { SessionTimerSupport } from "../core/user-agent-core/index.js";
import type { TimerOptions } from "../core/transactions/index.js";
import type { SipRequest, SipResponse, Uri } from "../core/messages/index.js";
import type { TransportConstructor, TransportLogger } from "../streams/index.js";
import type { WebSocketTransport } from "../streams/transports/WebSocketTransport.js";
import type { SessionDescriptionHandlerFactory } from "./SessionDescriptionHandler.js";
import type { TrickleIceSupport } from "./trickleIceSupport.js";
import type { DtmfInfoSupport } from "./dtmfInfoSupport.js";
import type { DigestAlgorithm } from "../core/auth/DigestAlgorithm.js";
import type { UserAgentDelegate } from "./UserAgentDelegate.js";

/** Log levels of SIP.js. */
export type LogLevel = "debug" | "log" | "warn" | "error";
/**
 * Where log lines go besides (or instead of) the console (SIP.js signature).
 *
 * @example
 * ```ts
 * import { UserAgent, type LogConnector } from "rxsip";
 *
 * const toMyLogs: LogConnector = (level, category, label, content) => console[level](`[${category}${label ? ` ${label}` : ""}] ${content}`);
 * new UserAgent({ logConnector: toMyLogs, logBuiltinEnabled: false, logLevel: "debug" });
 * ```
 */
export type LogConnector = (level: LogLevel, category: string, label: string | undefined, content: string) => void;

/**
 * The options a transport class takes: the second parameter of its constructor, which the
 * user agent calls as `new transportConstructor(logger, { scheduler, ...transportOptions })`.
 * `any` for a constructor typed only as {@link TransportConstructor} (as in SIP.js).
 *
 * @example
 * ```ts
 * import type { TransportOptionsOf, WebSocketTransport } from "rxsip";
 *
 * type O = TransportOptionsOf<typeof WebSocketTransport>; // WebSocketTransportOptions
 * ```
 */
export type TransportOptionsOf<C> = [C] extends [never]
  ? // eslint-disable-next-line @typescript-eslint/no-explicit-any
    any
  : [C] extends [abstract new (...args: infer A) => unknown]
    ? NonNullable<A[1]>
    : object;

/**
 * SIP.js's `UserAgentOptions`, same names and defaults, plus rxsip's scheduler, timers and
 * session timers. `transportOptions` is typed by `transportConstructor` when one is given
 * (`new UserAgent({ transportConstructor: NodeTransport, transportOptions })` checks them
 * against NodeTransport's options); left out, or annotated as plain `UserAgentOptions` as
 * SIP.js code does, they are what any transport may take.
 *
 * @example
 * ```ts
 * import { UserAgent, WebSocketTransport } from "rxsip";
 * import { NodeTransport } from "rxsip/node";
 *
 * const ua = new UserAgent({ transportConstructor: WebSocketTransport, transportOptions: { server: "wss://sip.example.com" } });
 * const bot = new UserAgent({ transportConstructor: NodeTransport, transportOptions: { server: "udp://10.0.0.1" } });
 * ```
 */
export interface UserAgentOptions<C extends TransportConstructor = TransportConstructor> {
  /** Our address of record (default: a random anonymous.invalid URI, as SIP.js). */
  uri?: Uri;
  authorizationUsername?: string;
  authorizationPassword?: string;
  /** HA1 instead of a password (RFC 7616 §3.4.2); MD5 unless `authorizationHa1Algorithm` says otherwise. */
  authorizationHa1?: string;
  /** The hash `authorizationHa1` was computed with; SHA-256 and SHA-512-256 need `digestAlgorithms: sha2Digest()`. */
  authorizationHa1Algorithm?: "MD5" | "SHA-256" | "SHA-512-256";
  /**
   * rxsip: Digest algorithms answered besides MD5 and MD5-sess (always on): `sha2Digest()`
   * for SHA-256 and SHA-512-256 (RFC 7616, RFC 8760), the strongest offered being used.
   * Absent: a server offering only those is not answered (its 401 / 407 stands, and
   * `errors$` gets an `AuthenticationError` naming `sha2Digest()`); a page that does not use
   * it does not carry the SHA-2 code.
   */
  digestAlgorithms?: readonly DigestAlgorithm[];
  displayName?: string;
  /** Contact user part (default random). */
  contactName?: string;
  /** Extra Contact URI parameters (default `{ transport: "ws" }` over WebSocket, as SIP.js). */
  contactParams?: Record<string, string>;
  /** Seconds an incoming INVITE may ring before it is answered 480 (default 60). */
  noAnswerTimeout?: number;
  /** Send a 100rel-supported INVITE and accept reliable provisionals ("Supported", default), or require them. */
  sipExtension100rel?: "Unsupported" | "Supported" | "Required";
  sipExtensionReplaces?: "Unsupported" | "Supported" | "Required";
  sipExtensionExtraSupported?: string[];
  /** User-Agent header value (default "rxsip/<version>"). */
  userAgentString?: string;
  /** Via sent-by host (default: the transport's). */
  viaHost?: string;
  /** RFC 5626 instance id (a UUID); default random. */
  instanceId?: string;
  /** The transport class (default {@link WebSocketTransport}). */
  transportConstructor?: C;
  /** What the transport class takes (see {@link TransportOptionsOf}). */
  transportOptions?: TransportOptionsOf<C>;
  sessionDescriptionHandlerFactory?: SessionDescriptionHandlerFactory;
  sessionDescriptionHandlerFactoryOptions?: object;
  /**
   * Times to connect again after the connection was lost with an error, the first at once
   * (default 0: never, as SIP.js). Do not combine with the `reconnectWhen` / `keepRegistered`
   * operators, which do the same as a stream.
   */
  reconnectionAttempts?: number;
  /** Seconds between two reconnection attempts (default 4, as SIP.js). */
  reconnectionDelay?: number;
  logLevel?: LogLevel;
  logBuiltinEnabled?: boolean;
  logConnector?: LogConnector;
  delegate?: UserAgentDelegate;
  /** Where every timer of this user agent runs (default asyncScheduler). */
  scheduler?: SchedulerLike;
  /**
   * rxsip: recover Established sessions when the transport comes back after a drop
   * (re-INVITE through the new flow with an ICE restart; BYE when that fails; see
   * `session.recovery$`), from `sessionRecovery()`. Absent (or `false`): none, as SIP.js — a
   * session is left as it is when the transport drops (still Established, nothing sent; the
   * app may end it or re-INVITE itself), and a page that does not use it does not carry its
   * code. The `true` / `{ iceRestart, giveUpAfter }` forms taken before are refused with an
   * `InvalidOptionError`.
   */
  sessionRecovery?: SessionRecoverySupport | false;
  /**
   * rxsip: trickle ICE (RFC 8838, RFC 8840) for calls, from `trickleIce()` (absent: none,
   * no change for anyone; a page that does not use it does not carry its code). A call's
   * `sessionDescriptionHandlerOptions.trickleIce` (false, true, "full") overrides its mode.
   */
  trickleIce?: TrickleIceSupport;
  /**
   * rxsip: DTMF in SIP INFO requests for sessions, from `dtmfInfo()` (absent: DTMF only as
   * RFC 4733 events in the media, and an INFO is only an INFO, as in SIP.js; a page that
   * does not use it does not carry its code). `SimpleUser` turns it on by itself.
   */
  dtmfInfo?: DtmfInfoSupport;
  /** SIP timers T1, T2, T4. */
  timers?: TimerOptions;
  /**
   * rxsip: session timers (RFC 4028) for calls, from `sessionTimers()` (absent: none, as
   * SIP.js — no Session-Expires sent, one received ignored, an INVITE that requires `timer`
   * answered 420; a page that does not use them does not carry their code). The
   * `{ sessionExpires, minSE }` object taken before is refused with an `InvalidOptionError`.
   */
  sessionTimers?: SessionTimerSupport;
  /**
   * rxsip: sees every message the transport parsed before the user agent acts on it; return
   * false to drop it (nothing is answered, nothing changes state). For inspection, filtering
   * hostile peers, or tests. A filter that throws lets the message through.
   */
  incomingMessageFilter?: (message: SipRequest | SipResponse) => boolean | void;
  /** The logger handed to the transport constructor (default: from logLevel / logConnector). */
  logger?: TransportLogger;
}

export const DEFAULT_USER_AGENT_STRING = "rxsip/0.1.0";
