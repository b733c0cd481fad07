import type { SchedulerAction } from "rxjs";
import type { SipRequest, SipResponse } from "../messages/index.js";
import { buildResponse } from "./buildResponse.js";
import { TransactionError } from "./errors.js";
import { cancelTimer, Transaction, type TransactionOptions } from "./Transaction.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ServerTransactionUser } from "./TransactionUser.js";

/** States of the INVITE server transaction (RFC 3261 §17.2.1, RFC 6026 §7.1). */
export type InviteServerState = "Proceeding" | "Accepted" | "Completed" | "Confirmed" | "Terminated";

const MOVES: Readonly<Record<InviteServerState, readonly InviteServerState[]>> = {
  Proceeding: ["Accepted", "Completed"],
  Accepted: ["Terminated"],
  Completed: ["Confirmed", "Terminated"],
  Confirmed: ["Terminated"],
  Terminated: [],
};

/**
 * The INVITE server transaction (RFC 3261 §17.2.1 as corrected by RFC 6026 §7.1, Figure 7).
 *
 * ```
 *                   | INVITE (the caller passed it to the TU)
 *                   | start(): 100 Trying after 200 ms unless the TU responds first
 *                   V
 *  INVITE: last +------------+  101-199 from TU: sent
 *  provisional  |            |-----+
 *  re-sent +----| Proceeding |<----+
 *          +--->|            |  transport error: onTransportError (the state stays,
 *               +------------+  here and in Completed and Accepted: RFC 6026)
 *  300-699 from TU: |     | 2xx from TU: sent
 *  sent             |     +---------------------------+
 *                   V                                 V
 *  INVITE:    +-----------+ Timer G:            +------------+ 2xx from TU: sent
 *  final +----| Completed |----+ final          |  Accepted  |----+ INVITE: absorbed
 *  re-sent+-->|  (G, H)   |<---+ re-sent        |    (L)     |<---+ ACK: onAck
 *             +-----------+                     +------------+
 *               | ACK   | Timer H: onTimeout          | Timer L
 *               V       |                             |
 *         +-----------+ |                             |
 *    +----| Confirmed | |                             |
 *    +--->| (Timer I) | |                             |
 *  ACK,   +-----------+ |                             |
 *  INVITE:      | Timer I                             |
 *  absorbed     V       V                             V
 *         +--------------------------------------------+
 *         |                 Terminated                 |
 *         +--------------------------------------------+
 * ```
 *
 * Timer G (unreliable transports only) re-sends the final non-2xx response from T1,
 * doubling up to T2, until the ACK; Timer H (64*T1) gives up on the ACK and reports a
 * timeout; Timer I (T4 over UDP, 0 over reliable transports) absorbs ACK retransmissions
 * in Confirmed; Timer L (64*T1) keeps Accepted, where retransmitted INVITEs are absorbed
 * and 2xx retransmissions from the TU are sent. Transport errors are reported to the TU and
 * the state stays (RFC 6026 Figure 7); Timers H and L still end the transaction.
 *
 * @example
 * ```ts
 * import { buildResponse, InviteServerTransaction, type SipRequest, type TransactionTransport } from "rxsip/core";
 * declare const invite: SipRequest; // as received
 * declare const transport: TransactionTransport;
 *
 * const tx = new InviteServerTransaction(invite, transport, {
 *   onCancel: () => tx.respond(buildResponse(invite, 487, "Request Terminated", "a6c85cf")),
 * });
 * tx.start(); // answers 100 Trying by itself if we are slower than 200 ms
 * tx.respond(buildResponse(invite, 180, "Ringing", "a6c85cf"));
 * ```
 */
export class InviteServerTransaction extends Transaction<InviteServerState> {
  readonly kind = "INVITE server" as const;

  constructor(
    request: SipRequest,
    transport: TransactionTransport,
    readonly user: ServerTransactionUser<InviteServerTransaction>,
    options?: TransactionOptions,
  ) {
    super(request, transport, "Proceeding", MOVES, options);
  }

  /** The most recent response sent (the 100 Trying the transaction made counts). */
  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  /**
   * Schedules the 100 (Trying) the transaction sends itself when the TU has not responded
   * within 200 ms (§17.2.1: "the server transaction MUST generate a 100 (Trying) response
   * unless it knows that the TU will generate a provisional or final response within 200 ms").
   * Any response from the TU cancels it.
   */
  start(): void {
    // the 100 Trying delay waits in the retransmission timer's place: Timer G starts only in Completed
    if (this.current !== "Proceeding" || this.last !== undefined || this.retry !== undefined) return;
    this.retry = this.scheduler.schedule(InviteServerTransaction.fireTrying, this.timers.trying, this);
  }

  /**
   * A response from the TU. Returns false when the machine discards it: anything after a
   * final non-2xx, and anything but 2xx in Accepted (RFC 6026 §7.1: 2xx retransmissions
   * from the TU are sent).
   * @throws TransactionError INVALID_STATUS for a status code outside 100-699.
   */
  respond(response: SipResponse): boolean {
    const code = response.statusCode;
    if (!(code >= 100 && code <= 699)) throw new TransactionError("INVALID_STATUS", `status code ${code} is not 100-699`);
    if (this.current === "Accepted") {
      if (code < 200 || code >= 300) return false;
      this.last = response;
      this.send(response);
      return true;
    }
    if (this.current !== "Proceeding") return false;
    this.retry = cancelTimer(this.retry);
    this.last = response;
    if (code >= 200) this.transition(code < 300 ? "Accepted" : "Completed");
    this.send(response);
    return true;
  }

  /** A request that matched this transaction (§17.2.3): a retransmitted INVITE, or an ACK. */
  receiveRequest(request: SipRequest): void {
    const ack = request.method === "ACK";
    switch (this.current) {
      case "Proceeding":
        // §17.2.1: a retransmitted INVITE gets the most recent provisional response again
        if (!ack && this.last !== undefined) this.send(this.last);
        return;
      case "Completed":
        if (ack) this.transition("Confirmed");
        else if (this.last !== undefined) this.send(this.last);
        return;
      case "Accepted":
        // RFC 6026 §7.1: retransmitted INVITEs are absorbed; an ACK that matches goes to the TU
        if (ack) this.user.onAck?.(request, this);
      // Confirmed absorbs ACKs and INVITEs; Terminated: nothing
    }
  }

  protected entered(to: InviteServerState): void {
    // §17.2.1: "timer G is set to fire in T1 seconds" (unreliable), "timer H MUST be set to fire in 64*T1"
    if (to === "Completed") this.arm(this.timers.T2, this.timers.H);
    // §17.2.1: "timer I is set to fire in T4 seconds for unreliable transports, and zero seconds for reliable"
    else if (to === "Confirmed") this.endAfter(this.timers.I);
  }

  /** 200 ms after the INVITE, with no response from the TU yet: 100 (Trying). */
  private static fireTrying(this: SchedulerAction<InviteServerTransaction>, tx?: InviteServerTransaction): void {
    if (tx === undefined) return;
    // (any response from the TU and any move cancel this timer: it fires only in Proceeding with nothing sent)
    tx.retry = undefined;
    tx.send((tx.last = buildResponse(tx.request, 100, "Trying")));
  }
}
