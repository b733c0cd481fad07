import type { Observable } from "rxjs";
import type { SipError } from "../core/messages/errors.js";
import type { SipRequest } from "../core/messages/SipRequest.js";
import type { SipResponse } from "../core/messages/SipResponse.js";
import type { Emitter } from "./Emitter.js";
import type { TransportState } from "./TransportState.js";
import type { TransportStatus } from "./TransportStatus.js";

/** The Via transport token of a transport (RFC 3261 §18, RFC 7118 §5). */
export type TransportProtocol = "WS" | "WSS" | "UDP" | "TCP" | "TLS";

/** What a transport may log to; SIP.js's Logger fits. Nothing secret is ever logged. */
export interface TransportLogger {
  /** Logs detail (with `traceSip`, whole messages, credentials redacted). */
  debug(message: string): void;
  /** Logs a normal event (connected, disconnected). */
  log(message: string): void;
  /** Logs a recovered problem (a server that failed, an unreadable message). */
  warn(message: string): void;
  /** Logs a failure (a listener that threw, every server failed). */
  error(message: string): void;
}

/**
 * The SIP.js `Transport` interface, implemented by every rxsip transport so that
 * SIP.js-style `transportConstructor` / `transportOptions` work unchanged.
 */
export interface SipJsTransport {
  /** "WS", "WSS", "UDP", "TCP" or "TLS": the Via transport of what is sent. */
  readonly protocol: string;
  readonly state: TransportState;
  readonly stateChange: Emitter<TransportState>;
  /** Called when the state becomes Connected. */
  onConnect: (() => void) | undefined;
  /** Called when the state leaves Connected; `error` when the transport did not choose to. */
  onDisconnect: ((error?: Error) => void) | undefined;
  /** Called with the text of every message received. */
  onMessage: ((message: string) => void) | undefined;
  /** Connects (to the first server that answers); resolves once connected. */
  connect(): Promise<void>;
  /** Closes the connection; resolves once it is closed. The transport may connect again. */
  disconnect(): Promise<void>;
  /** Whether the state is Connected now. */
  isConnected(): boolean;
  /** Sends the text of one message; rejects when it cannot be sent. */
  send(message: string): Promise<void>;
  /** Disconnects for good and completes every stream; the transport cannot be used afterwards. */
  dispose(): Promise<void>;
}

/**
 * rxsip's transport contract: the SIP.js face plus streams.
 *
 * - `state$` replays the current {@link TransportStatus}, emits only on change, and
 *   completes after `closed` when the transport is disposed (subscribed to later, it gives
 *   `closed` and completes); a subscriber that throws is logged and does not stop the others.
 * - `messages$` emits every message received and parsed; it never errors and completes on
 *   dispose. Messages that fail to parse go to `errors$` instead (a `ParseError`), as do
 *   failures that do not end the flow to the server (an inbound connection sending
 *   garbage, a secondary connection lost). Failures that end the flow appear on `state$`
 *   as `disconnected` with an error.
 * - `send` resolves once the message was handed to the socket; it rejects with a
 *   `TransportError` (`NOT_CONNECTED`, `SEND_FAILED`, `NO_ROUTE` ...).
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const transport = userAgent.transport;
 * transport.state$.subscribe((s) => console.log(s.type));
 * transport.errors$.subscribe((e) => console.log("unreadable message or flow problem:", e.code));
 * transport.messages$.subscribe((m) => console.log(m.isRequest ? m.method : m.statusCode));
 * ```
 */
export interface Transport extends SipJsTransport {
  readonly protocol: TransportProtocol;
  /** True for TCP, TLS, WS, WSS: no retransmissions needed (RFC 3261 §17.1.1.2). */
  readonly reliable: boolean;
  /**
   * Via sent-by host for what the user agent sends (RFC 3261 §18.1.1): the address the
   * transport listens on when it has one, else a random `.invalid` name (RFC 7118 §5.2),
   * answered thanks to `received` / `rport`.
   */
  readonly viaHost: string;
  /** Via sent-by port, when the transport has a port where it can be reached. */
  readonly viaPort: number | undefined;
  readonly state$: Observable<TransportStatus>;
  readonly messages$: Observable<SipRequest | SipResponse>;
  readonly errors$: Observable<SipError>;
  /**
   * Sends one message (a SipRequest or SipResponse, or its text); resolves once it is handed to the socket,
   * rejects with a `TransportError`.
   */
  send(message: SipRequest | SipResponse | string): Promise<void>;
}

/**
 * How SIP.js's UserAgent makes its transport: `new transportConstructor(logger, transportOptions)`.
 *
 * @example
 * ```ts
 * import { UserAgent, WebSocketTransport, type TransportConstructor } from "rxsip";
 *
 * const transportConstructor: TransportConstructor = WebSocketTransport;
 * new UserAgent({ transportConstructor, transportOptions: { server: "wss://sip.example.com" } });
 * ```
 */
export interface TransportConstructor {
  // `any` as in SIP.js: each transport class takes its own options type
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  new (logger: TransportLogger | undefined, options?: any): Transport;
}
