import { SipError } from "../../core/messages/errors.js";

/**
 * Stable codes of {@link RegistrarError}:
 *
 * | code | what happened |
 * |---|---|
 * | `LISTEN_FAILED` | a socket (UDP, TCP, WebSocket) or the in-memory address could not be opened |
 * | `MALFORMED` | a message arrived that does not parse, or lacks Via, From, To, Call-ID or CSeq; it was dropped |
 * | `FLOW_FAILED` | a peer's connection failed (reset, socket error); its bindings stay until they expire or are used |
 * | `SEND_FAILED` | a message could not be sent on the flow chosen for it (closed connection, unreachable address) |
 * | `STRAY_RESPONSE` | a response arrived whose top Via is not the registrar's; it was dropped |
 * | `NO_ROUTE` | a response could not be relayed: no flow leads back to the next Via |
 * | `INTERNAL` | handling a message failed unexpectedly (a bug); the message was dropped, the registrar goes on |
 * | `STOPPED` | `start()` was called after `stop()` |
 */
export type RegistrarErrorCode = "LISTEN_FAILED" | "MALFORMED" | "FLOW_FAILED" | "SEND_FAILED" | "STRAY_RESPONSE" | "NO_ROUTE" | "INTERNAL" | "STOPPED";

/**
 * What the registrar reports on `errors$` (it never throws out of a socket callback).
 *
 * @example
 * ```ts
 * import { startRegistrar } from "rxsip/testing";
 *
 * const registrar = await startRegistrar({ udp: true, domain: "example.test" });
 * registrar.errors$.subscribe((e) => console.log(e.code, e.flow, e.message)); // e.g. STRAY_RESPONSE, NO_ROUTE
 * ```
 */
export class RegistrarError extends SipError {
  override readonly name = "RegistrarError";
  constructor(
    override readonly code: RegistrarErrorCode,
    message: string,
    /** The flow concerned (`udp:127.0.0.1:40312`, `ws:127.0.0.1:51002`, `memory:alice.test:5060`), when there is one. */
    readonly flow?: string,
    options?: { cause?: unknown },
  ) {
    super(code, flow !== undefined ? `${message} (${flow})` : message, options);
  }
}
