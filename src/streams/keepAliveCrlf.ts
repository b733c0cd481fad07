import type { Observable } from "rxjs";
import { keepAlive, type KeepAliveTiming } from "./keepAlive.js";

/**
 * The CRLF keep-alive "ping" of RFC 5626 §4.4.1: a double CRLF.
 *
 * @example
 * ```ts
 * import { CRLF_PING } from "rxsip";
 * declare const socket: { write(data: string): void };
 *
 * socket.write(CRLF_PING); // a RFC 5626 ping on a TCP / TLS flow; the server answers CRLF_PONG
 * ```
 */
export const CRLF_PING = "\r\n\r\n";
/**
 * The "pong" a server answers a ping with: a single CRLF.
 *
 * @example
 * ```ts
 * import { CRLF_PING, CRLF_PONG } from "rxsip";
 * declare const socket: { write(data: string): void };
 *
 * // a server's side: answer a ping with a pong (RFC 5626 §4.4.1)
 * function onData(data: string): void {
 *   if (data === CRLF_PING) socket.write(CRLF_PONG);
 * }
 * ```
 */
export const CRLF_PONG = "\r\n";

/** Options of {@link crlfKeepAlive}: its timing, where the pings are written and where the pongs are read. */
export interface CrlfKeepAliveOptions extends KeepAliveTiming {
  /** Writes on the flow (TCP, TLS, WS). */
  send: (data: string) => Promise<void> | void;
  /** Every pong received on that flow (the framer reports them). */
  pongs$: Observable<unknown>;
}

/**
 * CRLF ping / pong keep-alive for connection-oriented flows (RFC 5626 §3.5.1, §4.4.1):
 * every `interval` sends CRLF CRLF and expects a CRLF within `timeout`; when none comes
 * the flow is dead and the stream errors with `KEEPALIVE_TIMEOUT`. See {@link keepAlive}.
 *
 * @example
 * ```ts
 * import { crlfKeepAlive } from "rxsip";
 * import type { Observable } from "rxjs";
 * declare const flow: { send(data: string): Promise<void>; close(error: unknown): void };
 * declare const pongs$: Observable<unknown>;
 *
 * crlfKeepAlive({ interval: 95_000, timeout: 10_000, send: (d) => flow.send(d), pongs$ })
 *   .subscribe({ error: (e) => flow.close(e) });
 * ```
 */
export function crlfKeepAlive(options: CrlfKeepAliveOptions): Observable<never> {
  return keepAlive(() => options.send(CRLF_PING), options.pongs$, options);
}
