import type { SipRequest, SipResponse } from "../messages/index.js";
import type { TransportError } from "./errors.js";

/*
 * The transaction user (TU, RFC 3261 §17) is told what happens through plain callback
 * objects: no allocation per event, and one object may serve every transaction of a user
 * agent, because each callback receives the transaction as its last argument.
 *
 * Ordering: a response is passed up after the state changed (the TU sees the new
 * `state`); onTimeout / onTransportError run before the move to Terminated; onTerminated
 * always comes last and exactly once.
 */

/** Callbacks of the user of a client transaction (RFC 3261 §17.1). */
export interface ClientTransactionUser<T = unknown> {
  /**
   * A response for the TU: every provisional, the final response, and over INVITE every
   * 2xx retransmission or forked 2xx that arrives in Accepted (RFC 6026 §8.4).
   * Retransmissions of other final responses are absorbed (§17.1.1.2, §17.1.2.2).
   */
  onResponse(response: SipResponse, transaction: T): void;
  /** Timer B (INVITE) or Timer F (non-INVITE) fired: no final response arrived (§17.1.1.2, §17.1.2.2). */
  onTimeout?(transaction: T): void;
  /** The transport could not send the request or the ACK (§17.1.4). The transaction then terminates. */
  onTransportError?(error: TransportError, transaction: T): void;
  /** The transaction reached Terminated and left the store. */
  onTerminated?(transaction: T): void;
}

/** Callbacks of the user of a server transaction (RFC 3261 §17.2). */
export interface ServerTransactionUser<T = unknown> {
  /**
   * An ACK that matched an INVITE server transaction in Accepted (RFC 6026 §8.7, Figure 7:
   * "ACK / to TU"). ACKs for non-2xx responses are absorbed by the transaction; ACKs for
   * 2xx from RFC 3261 clients carry a new branch and match no transaction at all.
   */
  onAck?(ack: SipRequest, transaction: T): void;
  /**
   * A CANCEL matched this (INVITE) transaction while no final response had been sent; the
   * INVITE has been answered 487 and the CANCEL 200 (RFC 3261 §9.2, see `answerCancel`).
   */
  onCancel?(cancel: SipRequest, transaction: T): void;
  /** Timer H fired: the ACK for a non-2xx final response never came (§17.2.1). */
  onTimeout?(transaction: T): void;
  /** The transport could not send a response (§17.2.4). */
  onTransportError?(error: TransportError, transaction: T): void;
  /** The transaction reached Terminated and left the store. */
  onTerminated?(transaction: T): void;
}
