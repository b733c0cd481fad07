import type { Subscription } from "rxjs";
import { Dialog } from "../dialogs/Dialog.js";
import { InviteSession } from "../dialogs/InviteSession.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { CancelOutcome, InviteClientTransaction, TransportError } from "../transactions/index.js";
import { CredentialRetry } from "./CredentialRetry.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/** What the caller of an INVITE hears. */
export interface OutgoingInviteHandlers {
  /** 100 Trying. */
  onTrying?(response: SipResponse): void;
  /** 101–199; with a To tag the early dialog's session is given (one per fork). */
  onProgress?(response: SipResponse, session: InviteSession | undefined): void;
  /** The first 2xx: the session is confirmed (and ACKed unless `autoAck` is false). */
  onAccept?(response: SipResponse, session: InviteSession): void;
  /** A 3xx: the Contact headers say where to try instead (not followed automatically). */
  onRedirect?(response: SipResponse): void;
  /** A final failure (after digest and 422 retries). */
  onReject?(response: SipResponse): void;
  /** Timer B: no final response (as 408, §8.1.3.1). */
  onTimeout?(): void;
  /** The INVITE (or its ACK or CANCEL) could not be sent. */
  onTransportError?(error: TransportError): void;
}

/** Options of `userAgentCore.invite()`: whether the 2xx is ACKed at once, and what a PRACK carries. */
export interface OutgoingInviteOptions {
  /** ACK the 2xx at once (default true). With false, call `session.ack(response, { body })` yourself. */
  autoAck?: boolean;
  /**
   * The body of the PRACK for a reliable provisional response (RFC 3262 §4), e.g. the answer
   * to an offer in it (§5); none by default. Given as a promise, the PRACK goes once it
   * settles (without a body if it rejects).
   */
  prackBody?(response: SipResponse): PrackBody | Promise<PrackBody>;
}

/** A PRACK's body, or undefined for none. */
export type PrackBody = { body: string; contentType?: string } | undefined;

/**
 * An initial INVITE on its way (RFC 3261 §13.2): early dialogs per To tag (forking), PRACK
 * for reliable provisionals (RFC 3262), the ACK for 2xx, a second 2xx from another fork
 * ACKed and ended with BYE (§13.2.2.4), digest retries (§22), 422 retries at the Min-SE
 * the server asked for (RFC 4028 §7.4), CANCEL (§9.1).
 *
 * @example
 * ```ts
 * import { Uri, type UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 * declare const offer: string; // SDP
 *
 * const request = core.createRequest("INVITE", Uri.sip("bob", "example.com"), { body: offer, contentType: "application/sdp", contact: true });
 * const outgoing = core.invite(request, {
 *   onProgress: (response, early) => console.log(response.statusCode, early?.id), // one early session per fork
 *   onAccept: (response, session) => console.log("answer:", response.body, session.id), // ACKed already
 *   onReject: (response) => console.log("failed:", response.statusCode),
 * });
 * outgoing.cancel(); // the caller gave up
 * ```
 */
export class OutgoingInvite {
  /** Early dialogs, by remote tag (made with the first one: most calls hold an INVITE for seconds, thousands at once). */
  private early: Map<string, { session: InviteSession; rseq?: number }> | undefined;
  private accepted: InviteSession | undefined;
  /** Forks whose 2xx came after the accepted one, ACKed and ended with BYE (§13.2.2.4), by To tag. */
  private otherForks: Map<string, InviteSession> | undefined;
  private readonly credentials = new CredentialRetry(this.core);
  private transaction!: InviteClientTransaction;
  private finished = false;
  private cancelled = false;
  /** After our CANCEL: gives the INVITE up if no final response comes (§9.1). */
  private cancelTimer: Subscription | undefined;

  constructor(
    private readonly core: UserAgentCore,
    public request: SipRequest,
    private readonly handlers: OutgoingInviteHandlers,
    private readonly options: OutgoingInviteOptions,
  ) {
    decorateInvite(core, request);
    this.send();
  }

  /** The session of the accepted dialog, once a 2xx arrived. */
  get session(): InviteSession | undefined {
    return this.accepted;
  }

  /**
   * CANCEL (§9.1) with `extraHeaders`: sent now if a provisional arrived, else when one arrives.
   * Without a final response 64*T1 later, the INVITE is given up (§9.1), as a timeout.
   */
  cancel(extraHeaders: ReadonlyArray<readonly [string, string]> = []): CancelOutcome {
    if (this.finished) return "too-late";
    this.cancelTimer ??= this.core.scheduler.schedule(() => this.giveUp(), 64 * (this.core.timers?.T1 ?? 500));
    this.cancelled = true;
    return this.core.transactions.cancel(this.transaction, { onResponse: () => undefined }, extraHeaders);
  }

  /** §9.1: "If there is no final response for the original request in 64*T1 seconds" after the CANCEL, it is over. */
  private giveUp(): void {
    this.cancelTimer = undefined;
    if (this.finished) return;
    this.transaction.terminate();
    this.onTimeout();
  }

  /** @internal ClientTransactionUser: the INVITE's transaction ended (also at `core.dispose()`): nothing of ours stays scheduled. */
  onTerminated(transaction: unknown): void {
    if (transaction !== this.transaction) return;
    this.cancelTimer?.unsubscribe();
    this.cancelTimer = undefined;
  }

  private send(): void {
    this.core.stampRequest(this.request);
    // this object is the transaction's user (no closures per call: thousands of INVITEs may be pending)
    this.transaction = this.core.transactions.createClient(this.request, this) as InviteClientTransaction;
  }

  /** @internal ClientTransactionUser: a response to the INVITE. */
  onResponse(response: SipResponse): void {
    this.receive(response);
  }

  /** @internal ClientTransactionUser: Timer B, no final response (§17.1.1.2). */
  onTimeout(): void {
    if (this.finished) return;
    this.finished = true;
    this.endEarly();
    this.handlers.onTimeout?.();
  }

  /** @internal ClientTransactionUser: the INVITE could not be sent (§17.1.4). */
  onTransportError(error: TransportError): void {
    if (this.finished) return;
    this.finished = true;
    this.endEarly();
    this.handlers.onTransportError?.(error);
  }

  private receive(response: SipResponse): void {
    const code = response.statusCode;
    if (code === 100) {
      this.handlers.onTrying?.(response);
      return;
    }
    if (code < 200) {
      if (this.accepted !== undefined) return;
      this.receiveProvisional(response);
      return;
    }
    if (code < 300) {
      this.receive2xx(response);
      return;
    }
    if (this.finished) return;
    if ((code === 401 || code === 407) && !this.cancelled && this.retryWithCredentials(response)) return;
    if (code === 422 && !this.cancelled) {
      // RFC 4028 §7.4: sent again with the interval raised to the 422's Min-SE
      const next = this.core.sessionTimers?.retry(this.request, response, this.core);
      if (next !== undefined) return this.restart(this.credentials.renew(next));
    }
    this.finished = true;
    this.endEarly();
    if (code < 400) this.handlers.onRedirect?.(response);
    else this.handlers.onReject?.(response);
  }

  private receiveProvisional(response: SipResponse): void {
    const tag = response.to.tag;
    let session: InviteSession | undefined;
    // a To tag makes the early dialog; without a Contact (§12.1.1 wants one; gateways leave it out) its target is the Request-URI
    if (tag !== undefined) {
      let entry = this.early?.get(tag);
      if (entry === undefined) {
        const dialog = Dialog.fromUac(this.request, response);
        entry = { session: new InviteSession(this.core, dialog, "uac") };
        (this.early ??= new Map()).set(tag, entry);
        this.core.addUsage(entry.session);
      } else entry.session.dialog.updateFromResponse(response);
      session = entry.session;
      // RFC 3262 §4: PRACK each new reliable provisional, in RSeq order; ignore retransmissions
      if (this.core.reliableProvisionals !== "none" && hasToken(response, "require", "100rel")) {
        const rseq = Number(response.getHeader("rseq"));
        if (!Number.isInteger(rseq) || rseq < 0) return;
        if (entry.rseq !== undefined && rseq !== entry.rseq + 1) return; // retransmission or out of order
        entry.rseq = rseq;
        const early = session;
        const sendPrack = (extra: PrackBody) => {
          if (early.state === "terminated") return;
          this.core.request(
            early.dialog.createRequest("PRACK", {
              extraHeaders: [["RAck", `${rseq} ${response.cseq.seq} ${response.cseq.method}`]],
              ...(extra ? { body: extra.body, contentType: extra.contentType ?? "application/sdp" } : {}),
            }),
          );
        };
        const extra = this.options.prackBody?.(response);
        // an answer being made (RFC 3262 §5): the PRACK waits for it (and goes without a body if it fails)
        if (extra instanceof Promise) extra.catch(() => undefined).then(sendPrack);
        else sendPrack(extra);
      }
    }
    this.handlers.onProgress?.(response, session);
  }

  private receive2xx(response: SipResponse): void {
    const tag = response.to.tag ?? "";
    if (this.accepted !== undefined) {
      if (this.accepted.dialog.remoteTag === tag) {
        this.accepted.receiveStray2xx(response); // retransmission: same ACK again
        return;
      }
      const ended = this.otherForks?.get(tag);
      if (ended !== undefined) {
        ended.receiveStray2xx(response); // a retransmission of a fork already ended: same ACK, no second BYE
        return;
      }
      // §13.2.2.4: a 2xx from another fork: ACK it, then end that dialog with BYE
      const other = new InviteSession(this.core, Dialog.fromUac(this.request, response), "uac");
      (this.otherForks ??= new Map()).set(tag, other);
      other.confirm(undefined, this.request);
      // an offer in it (our INVITE had none): the ACK MUST carry an answer, here one refusing every stream
      if (this.request.body) other.ack(response);
      other.refuse(response);
      return;
    }
    this.finished = true;
    let session = this.early?.get(tag)?.session;
    if (session === undefined) {
      session = new InviteSession(this.core, Dialog.fromUac(this.request, response), "uac");
      this.core.addUsage(session);
    } else {
      session.dialog.updateFromResponse(response);
    }
    this.early?.delete(tag);
    this.endEarly();
    this.accepted = session;
    session.confirm(response, this.request);
    if (this.options.autoAck !== false) session.ack(response);
    this.handlers.onAccept?.(response, session);
    // accepted: the INVITE is kept (by its transaction until Timer M, and by whoever holds this) but seldom read again
    this.request.compact();
  }

  /** Early dialogs that did not become the session end with the transaction (§13.2.2.4, §12.3). */
  private endEarly(): void {
    if (this.early === undefined) return;
    const early = this.early;
    this.early = undefined;
    for (const { session } of early.values()) session.terminate("rejected");
  }

  private retryWithCredentials(response: SipResponse): boolean {
    const next = this.credentials.next(this.request, response);
    if (next === undefined) return false;
    this.restart(next);
    return true;
  }

  private restart(next: SipRequest): void {
    this.endEarly();
    this.request = next;
    this.send();
  }
}

/** Supported / Allow / session timer headers of an initial INVITE (RFC 3262, RFC 4028 §7.1). */
function decorateInvite(core: UserAgentCore, request: SipRequest): void {
  if (!request.hasHeader("supported")) request.addHeader("Supported", core.supportedHeader);
  if (!request.hasHeader("allow")) request.addHeader("Allow", core.allowHeader);
  if (core.reliableProvisionals === "required" && !hasToken(request, "require", "100rel")) request.addHeader("Require", "100rel");
  core.sessionTimers?.offer(request);
}

/**
 * Whether a comma-separated token header (Supported, Require, Allow ...) contains `token` (compare
 * lower-case); false when the header is absent or malformed.
 *
 * @example
 * ```ts
 * import { hasToken, type SipRequest } from "rxsip/core";
 * declare const invite: SipRequest;
 *
 * if (hasToken(invite, "Supported", "100rel")) console.log("reliable provisionals possible (RFC 3262)");
 * ```
 */
export function hasToken(message: SipRequest | SipResponse, header: string, token: string): boolean {
  try {
    return message.tokens(header).some((t) => t.toLowerCase() === token);
  } catch {
    return false;
  }
}
