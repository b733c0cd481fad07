import type { SchedulerLike } from "rxjs";
import type { SessionTimerOptions } from "../core/user-agent-core/index.js";
import type { TimerOptions } from "../core/transactions/index.js";
import type { Uri } from "../core/messages/index.js";
import type { TransportConstructor, TransportLogger } from "../streams/index.js";
import type { SessionDescriptionHandlerFactory } from "./SessionDescriptionHandler.js";
import type { UserAgentDelegate } from "./UserAgentDelegate.js";

/** Log levels of SIP.js. */
export type LogLevel = "debug" | "log" | "warn" | "error";
/** Where log lines go besides (or instead of) the console (SIP.js signature). */
export type LogConnector = (level: LogLevel, category: string, label: string | undefined, content: string) => void;

/** SIP.js's `UserAgentOptions`, same names and defaults, plus rxsip's scheduler, timers and session timers. */
export interface UserAgentOptions {
  /** Our address of record (default: a random anonymous.invalid URI, as SIP.js). */
  uri?: Uri;
  authorizationUsername?: string;
  authorizationPassword?: string;
  /** HA1 instead of a password (RFC 7616 §3.4.2); MD5 unless `authorizationHa1Algorithm` says otherwise. */
  authorizationHa1?: string;
  authorizationHa1Algorithm?: "MD5" | "SHA-256" | "SHA-512-256";
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
  transportConstructor?: TransportConstructor;
  transportOptions?: object;
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
  /** SIP timers T1, T2, T4. */
  timers?: TimerOptions;
  /** Session timers (RFC 4028), on by default (1800 s, Min-SE 90 s). */
  sessionTimers?: SessionTimerOptions;
  /** The logger handed to the transport constructor (default: from logLevel / logConnector). */
  logger?: TransportLogger;
}

export const DEFAULT_USER_AGENT_STRING = "rxsip/0.1.0";
