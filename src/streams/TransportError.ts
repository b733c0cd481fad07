import { SipError } from "../core/messages/errors.js";

/**
 * Stable codes of {@link TransportError}:
 *
 * | code | what happened |
 * |---|---|
 * | `INVALID_SERVER` | the server option is not a URL or SIP URI this transport understands |
 * | `INVALID_OPTION` | an option this transport cannot use in the form given (the message names the factory to pass) |
 * | `CONNECT_FAILED` | the connection could not be opened (refused, unreachable, DNS) |
 * | `DNS_FAILED` | a DNS lookup of RFC 3263 server location failed, timed out, or found no address; `server` is the name looked up |
 * | `CONNECT_TIMEOUT` | the connection did not open within `connectionTimeout` |
 * | `TLS_CERTIFICATE` | the peer's TLS certificate was rejected |
 * | `ALL_SERVERS_FAILED` | every server of `servers` failed; `attempts` holds each error |
 * | `CONNECTION_CLOSED` | the peer closed the connection |
 * | `CONNECTION_ERROR` | the connection failed (reset, socket error) |
 * | `FRAMING` | the byte stream could not be cut into messages (garbage, no Content-Length) |
 * | `MESSAGE_TOO_LARGE` | the peer sent a message larger than `maxMessageSize` |
 * | `SLOW_PEER` | the peer did not finish a message within `messageTimeout` |
 * | `KEEPALIVE_TIMEOUT` | no pong / response to a keep-alive within its timeout (RFC 5626 §4.4.1) |
 * | `TOO_MANY_CONNECTIONS` | `maxConnections` reached; the connection was refused |
 * | `IDLE_TIMEOUT` | an inbound connection carried nothing for `idleTimeout`, or was the idlest when room was needed |
 * | `NOT_CONNECTED` | `send` while not connected |
 * | `NO_ROUTE` | no connection or address to send this message to |
 * | `SEND_FAILED` | the message could not be written |
 * | `ABORTED` | `connect` was cut short by `disconnect` or `dispose` |
 * | `DISPOSED` | the transport was disposed |
 */
export type TransportErrorCode =
  | "INVALID_SERVER"
  | "INVALID_OPTION"
  | "CONNECT_FAILED"
  | "DNS_FAILED"
  | "CONNECT_TIMEOUT"
  | "TLS_CERTIFICATE"
  | "ALL_SERVERS_FAILED"
  | "CONNECTION_CLOSED"
  | "CONNECTION_ERROR"
  | "FRAMING"
  | "MESSAGE_TOO_LARGE"
  | "SLOW_PEER"
  | "KEEPALIVE_TIMEOUT"
  | "TOO_MANY_CONNECTIONS"
  | "NOT_CONNECTED"
  | "NO_ROUTE"
  | "SEND_FAILED"
  | "IDLE_TIMEOUT"
  | "ABORTED"
  | "DISPOSED";

/**
 * What a {@link TransportError} carries besides its code and message: the server, the cause, and for
 * `ALL_SERVERS_FAILED` each attempt.
 */
export interface TransportErrorDetails {
  /** The server (URL or SIP URI, without user info) or peer address concerned. */
  server?: string;
  /** The underlying error (a Node socket error, a ParseError, a MessageTooLargeError ...). */
  cause?: unknown;
  /** For `ALL_SERVERS_FAILED`: the error of each server tried, in the order tried. */
  attempts?: TransportError[];
}

/**
 * A connection could not be opened, was lost, or a message could not be sent or framed.
 *
 * @example
 * ```ts
 * import { TransportError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * try {
 *   await userAgent.start();
 * } catch (e) {
 *   if (e instanceof TransportError && e.code === "ALL_SERVERS_FAILED") {
 *     for (const attempt of e.attempts ?? []) console.log(attempt.server, attempt.code);
 *   }
 * }
 * ```
 */
export class TransportError extends SipError {
  override readonly name = "TransportError";
  readonly server?: string;
  readonly attempts?: TransportError[];

  constructor(
    override readonly code: TransportErrorCode,
    message: string,
    details?: TransportErrorDetails,
  ) {
    super(code, details?.server ? `${message} (${details.server})` : message, { cause: details?.cause });
    if (details?.server !== undefined) this.server = details.server;
    if (details?.attempts !== undefined) this.attempts = details.attempts;
  }
}

/**
 * A URL or SIP URI fit for messages and logs: user info (`user:password@`) removed. A string
 * that is neither (a mistyped server) loses everything up to its first `@`, which may be a password.
 *
 * @example
 * ```ts
 * import { redactServer } from "rxsip";
 *
 * redactServer("wss://alice:secret@sip.example.com/ws"); // "wss://sip.example.com/ws"
 * ```
 */
export function redactServer(server: string): string {
  const redacted = server.replace(/^([a-z][a-z0-9+.-]*:(?:\/\/)?)[^@/?#]*@/i, "$1");
  return redacted === server && !/^[a-z][a-z0-9+.-]*:\/\//i.test(server) ? server.replace(/^[^@]*@/, "") : redacted;
}
