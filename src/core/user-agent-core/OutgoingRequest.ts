import type { Dialog } from "../dialogs/Dialog.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { NonInviteClientTransaction, TransportError } from "../transactions/index.js";
import { CredentialRetry } from "./CredentialRetry.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/** What the sender of a non-INVITE request hears. */
export interface OutgoingRequestHandlers {
  /** A provisional response (1xx). */
  onProgress?(response: SipResponse): void;
  /** A 2xx: the request succeeded. */
  onAccept?(response: SipResponse): void;
  /** A 3xx: the Contact headers say where to try instead. */
  onRedirect?(response: SipResponse): void;
  /** A final failure (4xx-6xx), after any digest retry. */
  onReject?(response: SipResponse): void;
  /** Timer F fired (RFC 3261 §17.1.2.2): the request timed out, as if a 408 arrived (§8.1.3.1). */
  onTimeout?(): void;
  /** The request could not be sent (RFC 3261 §8.1.3.1 treats it as a 503). */
  onTransportError?(error: TransportError): void;
}

/**
 * A non-INVITE request on its way (RFC 3261 §8.1): runs its client transaction, answers
 * a 401 / 407 once per challenge with digest credentials (§22.2, §22.3) in a new transaction
 * with the next CSeq, and reports the outcome.
 *
 * @example
 * ```ts
 * import { Uri, type UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore; // with an authenticator: 401 / 407 are answered once each
 *
 * const outgoing = core.request(core.createRequest("MESSAGE", Uri.sip("bob", "example.com"), { body: "Hi", contentType: "text/plain" }), {
 *   onAccept: () => console.log("delivered"),
 *   onReject: (response) => console.log("refused", response.statusCode),
 *   onTimeout: () => console.log("no answer"),
 * });
 * console.log(outgoing.request.callId);
 * ```
 */
export class OutgoingRequest {
  private readonly credentials = new CredentialRetry(this.core);
  private transaction: NonInviteClientTransaction | undefined;
  private done = false;

  constructor(
    private readonly core: UserAgentCore,
    public request: SipRequest,
    private readonly handlers: OutgoingRequestHandlers,
    /** Made now, sent by `start()` later (the BYE a callee holds until the ACK of its 2xx, RFC 3261 §15). */
    deferred = false,
  ) {
    if (!deferred) this.send();
  }

  /** @internal Sends a request made `deferred` (once). */
  start(): void {
    if (this.transaction === undefined && !this.done) this.send();
  }

  /** Stop listening: a later response is dropped (the transaction still runs to its end). */
  dispose(): void {
    this.done = true;
  }

  private send(): void {
    // this object is the transaction's user
    this.transaction = this.core.sendRequest(this.request, this) as NonInviteClientTransaction;
  }

  /** @internal ClientTransactionUser: Timer F. */
  onTimeout(): void {
    if (!this.done) this.handlers.onTimeout?.();
    this.done = true;
  }

  /** @internal ClientTransactionUser: the request could not be sent. */
  onTransportError(error: TransportError): void {
    if (!this.done) this.handlers.onTransportError?.(error);
    this.done = true;
  }

  /** @internal ClientTransactionUser: a response. */
  onResponse(response: SipResponse): void {
    if (this.done) return;
    const code = response.statusCode;
    if (code < 200) {
      this.handlers.onProgress?.(response);
      return;
    }
    if ((code === 401 || code === 407) && this.retryWithCredentials(response)) return;
    this.done = true;
    if (code < 300) this.handlers.onAccept?.(response);
    else if (code < 400) this.handlers.onRedirect?.(response);
    else this.handlers.onReject?.(response);
  }

  /** Re-sends with credentials when the challenge is one we can and should answer (§22.2). */
  private retryWithCredentials(response: SipResponse): boolean {
    // §12.2.1.1: in a dialog the CSeq numbers are the dialog's, one more per request
    const next = this.credentials.next(this.request, response, this.dialogOf(this.request));
    if (next === undefined) return false;
    this.request = next;
    this.send();
    return true;
  }

  /** The dialog a request with a To tag belongs to, while the dialog exists. */
  private dialogOf(request: SipRequest): Dialog | undefined {
    const toTag = request.to.tag;
    if (toTag === undefined) return undefined;
    return this.core.findUsage(request.callId, request.from.tag ?? "", toTag)?.dialog;
  }

  /** The client transaction of the latest attempt. */
  get currentTransaction(): NonInviteClientTransaction | undefined {
    return this.transaction;
  }
}
