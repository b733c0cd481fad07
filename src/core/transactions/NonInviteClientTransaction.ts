import type { SchedulerAction, Subscription } from "rxjs";
import type { SipRequest, SipResponse } from "../messages/index.js";
import { TransactionStateError, type TransportError } from "./errors.js";
import { cancelTimer, Transaction, type TransactionOptions } from "./Transaction.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ClientTransactionUser } from "./TransactionUser.js";

/** States of the non-INVITE client transaction (RFC 3261 §17.1.2.2). */
export type NonInviteClientState = "Trying" | "Proceeding" | "Completed" | "Terminated";

const MOVES: Readonly<Record<NonInviteClientState, readonly NonInviteClientState[]>> = {
  Trying: ["Proceeding", "Completed", "Terminated"],
  Proceeding: ["Completed", "Terminated"],
  Completed: ["Terminated"],
  Terminated: [],
};

/**
 * The non-INVITE client transaction (RFC 3261 §17.1.2, Figure 6).
 *
 * ```
 *                        | start(): request sent
 *     Timer E fires      V                       Timer F fires / transport error
 *     request re-sent +--------+                 onTimeout / onTransportError
 *          +----------| Trying |-----------------------------------------+
 *          +--------->|        |---------+ 200-699: to TU                |
 *                     +--------+         |                               |
 *                         | 1xx: to TU   |                               |
 *     Timer E fires       V              |                               |
 *     request re-sent +------------+     |   Timer F fires / transport   |
 *          +----------| Proceeding |------------------------------------>+
 *          +--------->|            |---+ |   error: onTimeout /          |
 *     1xx: to TU      +------------+   | |   onTransportError            |
 *                       200-699: to TU | |                               |
 *                                      V V                               |
 *               responses:       +-----------+                           |
 *               absorbed  +------| Completed |                           |
 *                         +----->| (Timer K) |                           |
 *                                +-----------+                           |
 *                                      | Timer K fires                   |
 *                                      V                                 |
 *                                +------------+                          |
 *                                | Terminated |<-------------------------+
 *                                +------------+
 * ```
 *
 * Timer E (unreliable transports only) starts at T1 and doubles up to T2 in Trying; in
 * Proceeding it is reset to T2 each time it fires. Timer F (64*T1) ends Trying and
 * Proceeding with a timeout; Timer K (T4 over UDP, 0 over reliable transports) ends Completed.
 *
 * @example
 * ```ts
 * import { NonInviteClientTransaction, type SipRequest, type TransactionTransport } from "rxsip/core";
 * declare const options: SipRequest; // an OPTIONS with a Via branch
 * declare const transport: TransactionTransport;
 *
 * const tx = new NonInviteClientTransaction(options, transport, {
 *   onResponse: (response) => console.log(response.statusCode),
 *   onTimeout: () => console.log("Timer F: treat as 408"),
 * });
 * tx.start(); // retransmits over UDP on Timer E until a response arrives
 * ```
 */
export class NonInviteClientTransaction extends Transaction<NonInviteClientState> {
  readonly kind = "non-INVITE client" as const;
  private started = false;
  private timerE: Subscription | undefined;
  private intervalE = 0;
  private timerF: Subscription | undefined;
  private timerK: Subscription | undefined;

  constructor(
    request: SipRequest,
    transport: TransactionTransport,
    readonly user: ClientTransactionUser<NonInviteClientTransaction>,
    options?: TransactionOptions,
  ) {
    super(request, transport, "Trying", options);
  }

  /**
   * Sends the request and starts Timer E (unreliable transports) and Timer F (§17.1.2.2:
   * "If an unreliable transport is in use, the client transaction MUST set timer E to fire
   * in T1 seconds ... timer F MUST be set to fire in 64*T1 seconds"). Does nothing when called again.
   */
  start(): void {
    if (this.started || this.current !== "Trying") return;
    this.started = true;
    if (!this.send(this.request)) return;
    if (!this.timers.reliable) {
      this.intervalE = this.timers.E;
      this.timerE = this.scheduler.schedule(NonInviteClientTransaction.fireE, this.intervalE, this);
    }
    this.timerF = this.scheduler.schedule(NonInviteClientTransaction.fireF, this.timers.F, this);
  }

  /** A response whose top Via branch and CSeq method matched this transaction (§17.1.3). */
  receiveResponse(response: SipResponse): void {
    if (!this.started) return;
    const state = this.current;
    if (state !== "Trying" && state !== "Proceeding") return; // Completed absorbs retransmissions
    if (response.statusCode < 200) {
      if (state === "Trying") this.transition("Proceeding");
      if (this.is("Proceeding")) this.user.onResponse(response, this);
      return;
    }
    // §17.1.2.2: a final response moves to Completed and goes to the TU; Timer K starts
    this.transition("Completed");
    this.user.onResponse(response, this);
    if (!this.is("Completed")) return;
    if (this.timers.K === 0) this.transition("Terminated");
    else this.timerK = this.scheduler.schedule(NonInviteClientTransaction.fireK, this.timers.K, this);
  }

  protected transition(to: NonInviteClientState, forced = false): void {
    const from = this.current;
    if (!(forced || MOVES[from].includes(to))) throw new TransactionStateError(this.kind, from, to);
    if (to === "Completed") {
      // Timers E and F run through Trying and Proceeding
      this.timerE = cancelTimer(this.timerE);
      this.timerF = cancelTimer(this.timerF);
    }
    this.setState(to);
  }

  protected clearTimers(): void {
    this.timerE = cancelTimer(this.timerE);
    this.timerF = cancelTimer(this.timerF);
    this.timerK = cancelTimer(this.timerK);
  }

  protected notifyTerminated(): void {
    this.user.onTerminated?.(this);
  }

  /** §17.1.4: inform the TU, then Terminated. */
  protected transportFailed(error: TransportError): void {
    this.user.onTransportError?.(error, this);
    if (!this.is("Terminated")) this.transition("Terminated", true);
  }

  /**
   * Timer E: retransmit; in Trying reset to MIN(2*interval, T2), in Proceeding to T2
   * (§17.1.2.2).
   */
  private static fireE(this: SchedulerAction<NonInviteClientTransaction>, tx?: NonInviteClientTransaction): void {
    if (tx === undefined) return;
    const state = tx.current;
    if (state !== "Trying" && state !== "Proceeding") return;
    if (!tx.send(tx.request)) return;
    tx.intervalE = state === "Trying" ? Math.min(2 * tx.intervalE, tx.timers.T2) : tx.timers.T2;
    this.schedule(tx, tx.intervalE);
  }

  /** Timer F: "the client transaction SHOULD inform the TU about the timeout, and then it SHOULD enter the Terminated state". */
  private static fireF(this: SchedulerAction<NonInviteClientTransaction>, tx?: NonInviteClientTransaction): void {
    if (tx === undefined || (tx.current !== "Trying" && tx.current !== "Proceeding")) return;
    tx.user.onTimeout?.(tx);
    if (!tx.is("Terminated")) tx.transition("Terminated");
  }

  /** Timer K: Completed to Terminated. */
  private static fireK(this: SchedulerAction<NonInviteClientTransaction>, tx?: NonInviteClientTransaction): void {
    if (tx === undefined || tx.current !== "Completed") return;
    tx.transition("Terminated");
  }
}
