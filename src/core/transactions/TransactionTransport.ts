import type { SipRequest, SipResponse } from "../messages/index.js";

/**
 * What a transaction needs of the transport layer (RFC 3261 §18): a way to send, and
 * whether delivery is reliable. Reliability decides which timers run (§17.1.1.2: no
 * retransmissions, and zero-length wait states, over TCP, TLS, SCTP and WebSocket).
 *
 * `send` throws when the message cannot be sent; the transaction reports that to its user
 * as a {@link TransportError} (§17.1.4, §17.2.4). A transport that learns of a failure only
 * later (a connection refused, no route) returns a promise that rejects then: a client
 * transaction still sending that request reports it and ends at once (§17.1.1.2, §17.1.2.2),
 * not at Timer B / F. Responses are routed by the transport per §18.2.2 (received / rport of
 * the top Via).
 *
 * @example
 * ```ts
 * import { InviteClientTransaction, type SipRequest, type TransactionTransport } from "rxsip/core";
 * import { createSocket } from "node:dgram";
 * declare const invite: SipRequest;
 *
 * const socket = createSocket("udp4");
 * const udp: TransactionTransport = {
 *   reliable: false, // the transactions retransmit (Timers A, E, G)
 *   send: (message) => socket.send(message.toString(), 5060, "192.0.2.1"),
 * };
 * new InviteClientTransaction(invite, udp, { onResponse: (r) => console.log(r.statusCode) }).start();
 * ```
 */
export interface TransactionTransport {
  readonly reliable: boolean;
  /** Sends one message; throws when it cannot be sent, or returns a promise that rejects if that is known later. */
  send(message: SipRequest | SipResponse): void | PromiseLike<unknown>;
}
