import type { SipRequest, SipResponse } from "../messages/index.js";
import { buildAck } from "./buildAck.js";
import { buildCancel, type CancelOutcome } from "./cancel.js";
import { TransportError } from "./errors.js";
import { Transaction, type TransactionOptions } from "./Transaction.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ClientTransactionUser } from "./TransactionUser.js";

/** States of the INVITE client transaction (RFC 3261 §17.1.1.2, RFC 6026 §7.2). */
export type InviteClientState = "Calling" | "Proceeding" | "Accepted" | "Completed" | "Terminated";

const MOVES: Readonly<Record<InviteClientState, readonly InviteClientState[]>> = {
  Calling: ["Proceeding", "Accepted", "Completed", "Terminated"],
  Proceeding: ["Accepted", "Completed"],
  Accepted: ["Terminated"],
  Completed: ["Terminated"],
  Terminated: [],
};

/**
 * The INVITE client transaction (RFC 3261 §17.1.1 as corrected by RFC 6026 §7.2).
 *
 * ```
 *                      | start(): INVITE sent; Timer A (unreliable only), Timer B
 *                      V
 *  Timer A:      +-----------+  Timer B: onTimeout
 *  INVITE re-sent|           |  transport error: onTransportError
 *       +--------|  Calling  |---------------------------------------+
 *       +------->|           |------------+                          |
 *                +-----------+            |                          |
 *  300-699: to TU,   |    | 1xx: to TU    |                          |
 *  ACK sent          |    V               |                          |
 *       +------------+ +------------+     |                          |
 *       |  1xx: to TU  |            |     | 2xx: to TU               |
 *       |      +-------| Proceeding |     |                          |
 *       |      +------>|            |     |                          |
 *       |              +------------+     |                          |
 *       | 300-699: to TU, |     | 2xx:    |                          |
 *       | ACK sent        |     | to TU   |                          |
 *       |<----------------+     V         V                          |
 *       |                 +----------------+  2xx: to TU             |
 *       |                 |    Accepted    |----+  (RFC 6026)        |
 *       |                 |   (Timer M)    |<---+  other: absorbed   |
 *       V                 +----------------+                         |
 *  +-----------+ 300-699:         | Timer M                          |
 *  | Completed |---+ ACK re-sent  |                                  |
 *  | (Timer D) |<--+              |                                  |
 *  +-----------+                  |                                  |
 *       | Timer D;                |                                  |
 *       | transport error         |                                  |
 *       V                         V                                  V
 *  +--------------------------------------------------------------------+
 *  |                             Terminated                             |
 *  +--------------------------------------------------------------------+
 * ```
 *
 * Timer A (request retransmission, T1 doubling without bound) runs only over unreliable
 * transports; Timer B (64*T1) ends Calling; Timer D (32 s over UDP, 0 over reliable
 * transports) ends Completed; Timer M (64*T1) ends Accepted. The CANCEL of §9.1 is asked
 * for with {@link InviteClientTransaction.cancel}.
 *
 * @example
 * ```ts
 * import { InviteClientTransaction, type SipRequest, type TransactionTransport } from "rxsip/core";
 * declare const invite: SipRequest; // with a Via branch
 * declare const transport: TransactionTransport;
 *
 * const tx = new InviteClientTransaction(invite, transport, {
 *   onResponse: (response) => console.log(response.statusCode), // a 300-699 is ACKed by the transaction itself
 *   onTimeout: () => console.log("Timer B: no final response"),
 * });
 * tx.state$.subscribe((state) => console.log(state)); // Calling, Proceeding, Accepted | Completed, Terminated
 * tx.start();
 * // each response matched to it (TransactionLayer.receiveResponse does the matching):
 * // tx.receiveResponse(response);
 * ```
 */
export class InviteClientTransaction extends Transaction<InviteClientState> {
  readonly kind = "INVITE client" as const;
  private ack: SipRequest | undefined;
  /** The CANCEL asked for: undefined, not yet; a function, waiting for a provisional; null, sent (or given up). */
  private cancelSend: ((cancel: SipRequest) => void) | null | undefined;

  constructor(
    request: SipRequest,
    transport: TransactionTransport,
    readonly user: ClientTransactionUser<InviteClientTransaction>,
    options?: TransactionOptions,
  ) {
    super(request, transport, "Calling", MOVES, options);
  }

  /**
   * Sends the INVITE and starts Timer A (unreliable transports) and Timer B (§17.1.1.2:
   * "the client transaction MUST start timer A with a value of T1 ... MUST start timer B
   * with a value of 64*T1"). Does nothing when called again.
   */
  start(): void {
    this.begin(Infinity, this.timers.B);
  }

  /** A response whose top Via branch and CSeq method matched this transaction (§17.1.3). */
  receiveResponse(response: SipResponse): void {
    const code = response.statusCode;
    switch (this.current) {
      case "Calling":
      case "Proceeding":
        if (!this.started) return;
        if (code < 200) {
          // §17.1.1.2: a provisional moves Calling to Proceeding and goes to the TU
          if (this.current === "Calling") this.transition("Proceeding");
          if (this.is("Proceeding")) this.user.onResponse(response, this);
        } else if (code < 300) {
          // RFC 6026 §8.4: a 2xx moves Calling or Proceeding to Accepted and goes to the TU
          this.transition("Accepted");
          this.user.onResponse(response, this);
        } else {
          // §17.1.1.2: 300-699 moves to Completed, is acknowledged, and is passed to the TU. The
          // ACK goes first: a TU that retries at once (401/407 with credentials, 422 with a larger
          // Session-Expires, 3xx) would otherwise put the new INVITE on the wire before the ACK
          // of the old one, and peers that wait for that ACK abort the call.
          // An ACK that cannot be sent is reported after the response (the TU still learns the outcome).
          this.transition("Completed");
          this.ack = buildAck(this.request, response);
          let ackFailure: TransportError | undefined;
          try {
            this.transport.send(this.ack);
          } catch (error) {
            ackFailure = TransportError.from(error);
          }
          this.user.onResponse(response, this);
          if (ackFailure !== undefined) {
            if (!this.is("Terminated")) this.transportFailed(ackFailure);
          } else if (this.is("Completed")) this.endAfter(this.timers.D);
        }
        return;
      case "Accepted":
        // RFC 6026 §8.4: "any 2xx responses received while in the Accepted state MUST be passed to the TU"
        if (code >= 200 && code < 300) this.user.onResponse(response, this);
        return;
      case "Completed":
        // §17.1.1.2: a retransmitted final response makes the ACK go again, and is not passed up
        if (code >= 300 && this.ack !== undefined) this.send(this.ack);
      // Terminated: nothing
    }
  }

  /**
   * Asks for the CANCEL of this INVITE (RFC 3261 §9.1). The CANCEL (see `buildCancel`) is
   * given to `send`, which should run it in its own non-INVITE client transaction:
   *
   * - in Proceeding, at once ("sent");
   * - in Calling, when the first provisional response arrives ("deferred": §9.1 "If no
   *   provisional response has been received, the CANCEL request MUST NOT be sent");
   *   a deferred CANCEL is dropped when a final response arrives or Timer B fires;
   * - after a final response, never ("too-late": "the CANCEL SHOULD NOT be sent").
   */
  cancel(send: (cancel: SipRequest) => void): CancelOutcome {
    if (this.cancelSend !== undefined) return "already-requested";
    if (this.current === "Proceeding") {
      this.cancelSend = null;
      send(buildCancel(this.request));
      return "sent";
    }
    if (this.current === "Calling") {
      this.cancelSend = send;
      return "deferred";
    }
    return "too-late";
  }

  protected entered(to: InviteClientState, from: InviteClientState): void {
    if (from !== "Calling") return;
    // a CANCEL asked for in Calling goes with the first provisional, or not at all
    const deferredCancel = this.cancelSend;
    if (deferredCancel) {
      this.cancelSend = null;
      if (to === "Proceeding") deferredCancel(buildCancel(this.request));
    }
  }
}
