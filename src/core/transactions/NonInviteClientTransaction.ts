import type { SipRequest, SipResponse } from "../messages/index.js";
import { NON_INVITE_MOVES } from "./nonInviteMoves.js";
import { Transaction, type TransactionOptions } from "./Transaction.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ClientTransactionUser } from "./TransactionUser.js";

/** States of the non-INVITE client transaction (RFC 3261 §17.1.2.2). */
export type NonInviteClientState = "Trying" | "Proceeding" | "Completed" | "Terminated";

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

  constructor(
    request: SipRequest,
    transport: TransactionTransport,
    readonly user: ClientTransactionUser<NonInviteClientTransaction>,
    options?: TransactionOptions,
  ) {
    super(request, transport, "Trying", NON_INVITE_MOVES, options);
  }

  /**
   * Sends the request and starts Timer E (unreliable transports) and Timer F (§17.1.2.2:
   * "If an unreliable transport is in use, the client transaction MUST set timer E to fire
   * in T1 seconds ... timer F MUST be set to fire in 64*T1 seconds"). Does nothing when called again.
   */
  start(): void {
    this.begin(this.timers.T2, this.timers.F);
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
    if (this.is("Completed")) this.endAfter(this.timers.K);
  }

  protected entered(to: NonInviteClientState): void {
    // §17.2.2: in Proceeding Timer E is reset to T2 each time it fires
    if (to === "Proceeding") this.retryAt(this.timers.T2);
  }
}
