import type { SipRequest, SipResponse } from "../messages/index.js";
import type { TransportError } from "../transactions/index.js";
import { CredentialRetry } from "../user-agent-core/CredentialRetry.js";
import type { InDialogRequestOptions } from "./Dialog.js";
import type { InviteSession } from "./InviteSession.js";
import type { RefreshHandlers } from "./InviteSessionDelegate.js";

/**
 * Our re-INVITE (§14.1) or UPDATE (RFC 3311 §5.1), reporting its outcome to the session once.
 *
 * It is the user of the request's client transaction. An INVITE client transaction passes every
 * 2xx it gets in Accepted (RFC 6026 §8.4): the first is the answer; the others are
 * retransmissions, which get the same ACK again and are not reported twice (§13.2.2.4). A
 * 401 / 407 is answered once per challenge with credentials, in a new transaction with the
 * dialog's next CSeq (§22.2, §22.3, §12.2.1.1).
 */
export class OutgoingRefresh {
  private answered = false;
  private readonly credentials = new CredentialRetry(this.session.core);

  constructor(
    private readonly session: InviteSession,
    private readonly method: "INVITE" | "UPDATE",
    private request: SipRequest,
    private readonly options: InDialogRequestOptions,
    private readonly handlers: RefreshHandlers,
  ) {}

  send(): void {
    this.session.core.sendRequest(this.request, this);
  }

  /** ClientTransactionUser: any response. */
  onResponse(response: SipResponse): void {
    if (response.statusCode < 200) return;
    if (this.answered) {
      if (response.statusCode < 300) this.session.resendAck(response.cseq.seq);
      return;
    }
    if ((response.statusCode === 401 || response.statusCode === 407) && this.retryWithCredentials(response)) return;
    this.answered = true;
    this.session.refreshAnswered(this.method, this.request, response, this.options, this.handlers);
  }

  /** Our re-INVITE or UPDATE again, in a new transaction, with credentials for the challenges of `response`. */
  private retryWithCredentials(response: SipResponse): boolean {
    const next = this.credentials.next(this.request, response, this.session.dialog);
    if (next === undefined) return false;
    this.request = next;
    this.send();
    return true;
  }

  /** Timer B or F: no final response; the dialog ends (§12.2.1.2). */
  onTimeout(): void {
    if (this.answered) return;
    this.answered = true;
    this.session.refreshFailed(this.method, () => this.handlers.onTimeout?.());
  }

  /** The request could not be sent: reported, the session stays. */
  onTransportError(error: TransportError): void {
    if (this.answered) return;
    this.answered = true;
    this.session.refreshFailed(this.method, () => this.handlers.onTransportError?.(error), false);
  }
}
