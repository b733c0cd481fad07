import type { SipRequest, SipResponse } from "../messages/index.js";
import type { ClientTransaction, TransportError } from "../transactions/index.js";
import type { InDialogRequestOptions } from "./Dialog.js";
import type { InviteSession } from "./InviteSession.js";
import type { RefreshHandlers } from "./InviteSessionDelegate.js";

/**
 * Our re-INVITE (§14.1) in its INVITE client transaction. The transaction passes every 2xx
 * it gets in Accepted (RFC 6026 §8.4): the first is the answer; the others are
 * retransmissions, which get the same ACK again and are not reported twice (§13.2.2.4).
 */
export class OutgoingReinvite {
  private answered = false;

  constructor(
    private readonly session: InviteSession,
    private readonly request: SipRequest,
    private readonly options: InDialogRequestOptions,
    private readonly handlers: RefreshHandlers,
  ) {}

  send(): ClientTransaction {
    const core = this.session.core;
    core.stampRequest(this.request);
    return core.transactions.createClient(this.request, this);
  }

  onResponse(response: SipResponse): void {
    if (response.statusCode < 200) return;
    if (this.answered) {
      if (response.statusCode < 300) this.session.resendAck(response.cseq.seq);
      return;
    }
    this.answered = true;
    this.session.refreshAnswered("INVITE", this.request, response, this.options, this.handlers);
  }

  onTimeout(): void {
    if (this.answered) return;
    this.answered = true;
    this.session.refreshFailed("INVITE", () => this.handlers.onTimeout?.());
  }

  onTransportError(error: TransportError): void {
    if (this.answered) return;
    this.answered = true;
    this.session.refreshFailed("INVITE", () => this.handlers.onTransportError?.(error), false);
  }
}
