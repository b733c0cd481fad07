import type { SipRequest, SipResponse } from "../messages/index.js";
import { TransactionError } from "./errors.js";
import { NON_INVITE_MOVES } from "./nonInviteMoves.js";
import { Transaction, type TransactionOptions } from "./Transaction.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ServerTransactionUser } from "./TransactionUser.js";

/** States of the non-INVITE server transaction (RFC 3261 §17.2.2). */
export type NonInviteServerState = "Trying" | "Proceeding" | "Completed" | "Terminated";

/**
 * The non-INVITE server transaction (RFC 3261 §17.2.2, Figure 8).
 *
 * ```
 *                           | request (the TU got it)
 *                           V
 *     request:         +--------+
 *     absorbed    +----| Trying |-------------+
 *                 +--->|        |             | 200-699 from TU: sent
 *                      +--------+             |
 *                          | 1xx from TU:     |
 *                          V sent             |
 *     request: last  +------------+           |
 *     provisional +--| Proceeding |---------->+   transport error
 *     re-sent     +->|            |--+        |   (any state): onTransportError
 *     1xx from TU:   +------------+  |        |        |
 *     sent         200-699 from TU:  |        V        |
 *                  sent              +-->+-----------+ |
 *     request: final re-sent   +---------| Completed | |
 *     other responses: dropped +-------->| (Timer J) | |
 *                                        +-----------+ |
 *                                              | Timer J
 *                                              V       V
 *                                        +------------+
 *                                        | Terminated |
 *                                        +------------+
 * ```
 *
 * Timer J (64*T1 over UDP, 0 over reliable transports) absorbs request retransmissions in
 * Completed. A transport error is reported to the TU and terminates the transaction
 * (§17.2.4). CANCEL requests run in this machine too (see `answerCancel`).
 *
 * @example
 * ```ts
 * import { buildResponse, NonInviteServerTransaction, type SipRequest, type TransactionTransport } from "rxsip/core";
 * declare const message: SipRequest; // a MESSAGE as received
 * declare const transport: TransactionTransport;
 *
 * const tx = new NonInviteServerTransaction(message, transport, {});
 * tx.start();
 * tx.respond(buildResponse(message, 200, "OK", "a6c85cf")); // retransmissions of the request get this again
 * ```
 */
export class NonInviteServerTransaction extends Transaction<NonInviteServerState> {
  readonly kind = "non-INVITE server" as const;

  constructor(
    request: SipRequest,
    transport: TransactionTransport,
    readonly user: ServerTransactionUser<NonInviteServerTransaction>,
    options?: TransactionOptions,
  ) {
    super(request, transport, "Trying", NON_INVITE_MOVES, options);
  }

  /** The most recent response sent. */
  get lastResponse(): SipResponse | undefined {
    return this.last;
  }

  /** For symmetry with the other machines: a non-INVITE server transaction starts with no timer. */
  start(): void {}

  /**
   * A response from the TU. Returns false when it is discarded: §17.2.2 "Any other final
   * responses passed by the TU to the server transaction MUST be discarded while in the
   * Completed state" (and provisionals too).
   * @throws TransactionError INVALID_STATUS for a status code outside 100-699.
   */
  respond(response: SipResponse): boolean {
    const code = response.statusCode;
    if (!(code >= 100 && code <= 699)) throw new TransactionError("INVALID_STATUS", `status code ${code} is not 100-699`);
    const state = this.current;
    if (state !== "Trying" && state !== "Proceeding") return false;
    this.last = response;
    if (!this.send(response)) return true; // the transport error terminated the transaction
    if (code >= 200) this.transition("Completed");
    else if (state === "Trying") this.transition("Proceeding");
    return true;
  }

  /** A retransmission of the request (§17.2.3 matched it to this transaction). */
  receiveRequest(_request: SipRequest): void {
    // §17.2.2: absorbed in Trying; in Proceeding and Completed the last response goes again
    if ((this.current === "Proceeding" || this.current === "Completed") && this.last !== undefined) this.send(this.last);
  }

  protected entered(to: NonInviteServerState): void {
    // §17.2.2: "timer J ... fire in 64*T1 seconds for unreliable transports, and zero seconds for reliable"
    if (to === "Completed") this.endAfter(this.timers.J);
  }
}
