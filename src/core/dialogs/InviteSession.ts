import type { Subscription } from "rxjs";
import { parseHeaderValue } from "../grammar/index.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { InviteServerTransaction } from "../transactions/index.js";
import { RequestPendingError, SessionStateError } from "../user-agent-core/errors.js";
import type { IncomingNonInvite } from "../user-agent-core/IncomingNonInvite.js";
import { OutgoingRequest, type OutgoingRequestHandlers } from "../user-agent-core/OutgoingRequest.js";
import { refusingAnswer } from "../user-agent-core/refusingAnswer.js";
import type { DialogUsage, UserAgentCore } from "../user-agent-core/UserAgentCore.js";
import type { Dialog, InDialogRequestOptions } from "./Dialog.js";
import { glareDelay } from "./glareDelay.js";
import type { IncomingRefresh, InviteSessionDelegate, InviteSessionEndReason, RefreshHandlers } from "./InviteSessionDelegate.js";
import { OutgoingRefresh } from "./OutgoingRefresh.js";
import { ownString } from "../messages/ownString.js";
import { Pending2xx } from "./Pending2xx.js";
import type { SessionTimer } from "./SessionTimer.js";

export type { IncomingRefresh, InviteSessionDelegate, InviteSessionEndReason, RefreshHandlers } from "./InviteSessionDelegate.js";

/** What an ACK we sent carried: its CSeq number, its body, the INVITE's credentials, and (once sent) its Via. */
interface AckContent {
  readonly cseq: number;
  readonly via?: string;
  readonly body?: string;
  readonly contentType?: string;
  readonly extraHeaders?: ReadonlyArray<readonly [string, string]>;
}

/** A re-INVITE or UPDATE in progress in one direction, and whether it carries an offer (RFC 3311 §5.2). */
interface Exchange {
  readonly method: "INVITE" | "UPDATE";
  readonly offer: boolean;
  /** The peer's: answers it 487 if it is still unanswered when the session ends (§15.1.2). */
  readonly end?: () => void;
}

/** Methods with a method of their own on the session; `request()` refuses them. */
const OWN_METHODS = new Set(["BYE", "INVITE", "UPDATE", "ACK", "PRACK", "CANCEL"]);

/**
 * The dialog usage of an INVITE (RFC 3261 §12–§15, RFC 3311, RFC 4028), for both roles.
 * It owns the dialog's requests once the session exists: ACK for 2xx (sending and
 * receiving, with the UAS's 2xx retransmission of §13.3.1.4), BYE, re-INVITE and UPDATE
 * with glare handling (491 and the randomised retry of §14.1), session timers, and any
 * other request in the dialog.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * const inviteSession = session.dialog; // the core's view of the call
 * if (inviteSession?.state === "confirmed") {
 *   console.log(inviteSession.peerAllows.includes("UPDATE"), inviteSession.timer?.terms);
 *   inviteSession.bye();
 * }
 * ```
 */
export class InviteSession implements DialogUsage {
  delegate: InviteSessionDelegate = {};
  state: "early" | "confirmed" | "terminated";
  /**
   * The ACK we sent for the latest 2xx to one of our INVITEs (initial or re-INVITE): what it
   * takes to send it again, the same, for a retransmission of that 2xx (§13.2.2.4) — its
   * CSeq, its Via and its body — rather than the whole request, which a call would keep.
   */
  private lastAck: AckContent | undefined;
  /** The ACK before `lastAck`: the peer may still retransmit that 2xx (its ACK lost) after ours to a re-INVITE went. */
  private previousAck: AckContent | undefined;
  /** UAC: Authorization / Proxy-Authorization of our INVITE whose 2xx is ACKed next (§13.2.2.4: the ACK carries them too). */
  private inviteCredentials: Array<readonly [string, string]> | undefined;
  /** UAS: the 2xx being retransmitted until the ACK arrives. */
  private pending2xx: Pending2xx | undefined;
  /** UAS: our BYE, made while the 2xx waited for its ACK: it goes when the ACK comes (§15). */
  private byeAfterAck: OutgoingRequest | undefined;
  /** Our re-INVITE or UPDATE in progress. */
  private outgoing: Exchange | undefined;
  /** The peer's re-INVITE or UPDATE with an offer, not answered yet. */
  private incoming: Exchange | undefined;
  private glareRetry: Subscription | undefined;
  /** 500s with Retry-After our current re-INVITE or UPDATE was sent again after (§14.2). */
  private serverRetries = 0;
  /** The session timer (RFC 4028) when the core does session timers (`sessionTimers()`), else undefined. */
  readonly timer: SessionTimer | undefined;
  /** The peer's Allow (of its INVITE or 2xx), as text until read. */
  private allowText: string | readonly string[] = "";
  /** Set by the incoming INVITE while reliable provisionals are outstanding (RFC 3262). Returns false for an unknown RAck. */
  prackHandler: ((prack: SipRequest) => boolean) | undefined;
  /** Set by the incoming INVITE while it is unanswered: told of a BYE in the early dialog (§15.1.2). */
  earlyByeHandler: ((bye: SipRequest) => void) | undefined;

  constructor(
    readonly core: UserAgentCore,
    readonly dialog: Dialog,
    /** "uac": we sent the INVITE that made the dialog (and own its Call-ID). */
    readonly role: "uac" | "uas",
  ) {
    this.state = dialog.state === "confirmed" ? "confirmed" : "early";
    this.timer = core.sessionTimers?.start(this);
  }

  get id(): string {
    return this.dialog.key;
  }

  /** Methods the peer allows (Allow of its INVITE or 2xx, upper case): UPDATE refreshes need it. */
  get peerAllows(): readonly string[] {
    if (typeof this.allowText === "string") {
      let list: string[] = [];
      try {
        if (this.allowText !== "") list = parseHeaderValue("TokenList", this.allowText, "allow").map((m) => m.toUpperCase());
      } catch {
        list = [];
      }
      this.allowText = list;
    }
    return this.allowText;
  }

  set peerAllows(methods: readonly string[]) {
    this.allowText = methods;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** UAC: the 2xx arrived; send the ACK (body: the answer when the 2xx carried the offer). */
  ack(response: SipResponse, options: { body?: string; contentType?: string } = {}): void {
    if (this.lastAck?.cseq !== response.cseq.seq) this.sendAck({ ...options, cseq: response.cseq.seq, extraHeaders: this.inviteCredentials });
  }

  /**
   * UAC: ACKs a 2xx whose offer (to an INVITE of ours without one) cannot be taken: §13.2.2.4
   * wants "a valid answer in the ACK and then ... a BYE", so it carries one refusing every stream.
   */
  ackRefusing(response: SipResponse): void {
    this.ack(response, { body: refusingAnswer(response.body) });
  }

  /**
   * UAC: ends a call we will not keep: ACKs `response` (when not ACKed yet) as {@link ackRefusing}
   * does, then sends BYE with `extraHeaders` (§13.2.2.4, §15); a dialog that cannot send one ends here.
   */
  refuse(response?: SipResponse, extraHeaders?: Array<[string, string]>): void {
    if (response) this.ackRefusing(response);
    try {
      this.bye(extraHeaders && { extraHeaders });
    } catch {
      this.terminate("bye-sent");
    }
  }

  /** §13.2.2.4: "The ACK MUST contain the same credentials as the INVITE": kept from `invite` for its ACK. */
  private keepCredentials(invite: SipRequest): void {
    this.inviteCredentials = ["Authorization", "Proxy-Authorization"].flatMap((name) => invite.getHeaders(name).map((v) => [name, ownString(v)] as const));
  }

  /** Sends the ACK of `content` (with the Via of the first one, when sending it again) and keeps what it took. */
  private sendAck(content: AckContent, via?: string): void {
    const ack = this.dialog.createRequest("ACK", content);
    if (via) ack.prependHeader("Via", via);
    this.core.sendStateless(ack);
    if (this.lastAck?.cseq !== content.cseq) this.previousAck = this.lastAck;
    this.lastAck = { ...content, via: ownString(ack.getHeader("via") ?? "") };
  }

  /** Becomes confirmed on the 2xx; session timers start from what it says (RFC 4028 §7.2 / §9). */
  confirm(response: SipResponse | undefined, request: SipRequest): void {
    if (this.state === "terminated") return;
    this.state = "confirmed";
    this.dialog.state = "confirmed";
    if (this.role === "uac") this.keepCredentials(request);
    const allowSource = this.role === "uac" ? response : request;
    if (allowSource !== undefined) {
      const allow = allowSource.getHeaders("allow");
      this.allowText = allow.length === 0 ? "" : this.core.sharedAllowText(allow.join(", "));
    }
    // the initial INVITE: our part in its transaction is our role in the dialog
    if (response !== undefined) this.timer?.confirmed(response, this.role);
  }

  /** UAS: retransmit our 2xx (T1 doubling to T2) until the ACK; BYE after 64*T1 without one (§13.3.1.4). */
  startRetransmitting2xx(response: SipResponse, tx: InviteServerTransaction): void {
    this.pending2xx?.stop();
    const timers = this.core.timers;
    this.pending2xx = new Pending2xx(response, tx, this.core.scheduler, timers?.T2 ?? 4000, timers?.T1 ?? 500, () => this.ackTimedOut());
  }

  private ackTimedOut(): void {
    this.pending2xx = undefined;
    if (this.state === "terminated") return;
    this.delegate.onAckTimeout?.();
    if (this.byeAfterAck) this.sendByeAfterAck();
    else this.sendBye(undefined, "ack-timeout");
  }

  private stop2xx(): void {
    this.pending2xx?.stop();
    this.pending2xx = undefined;
  }

  /**
   * Ends the session with BYE (§15.1.1). Allowed in confirmed state (and early, by the UAC, after the 2xx).
   * A callee whose 2xx awaits its ACK sends it once the ACK comes (or the 2xx is given up): §15.
   */
  bye(options: InDialogRequestOptions = {}, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
    if (this.state !== "confirmed") throw new SessionStateError(`cannot send BYE in state ${this.state}`);
    if (this.byeAfterAck) return this.byeAfterAck;
    // §15: "the callee's UA MUST NOT send a BYE on a confirmed dialog until it has received an ACK for its 2xx
    // response or until the server transaction times out": it is made now and goes then (the 2xx is retransmitted meanwhile)
    if (this.pending2xx !== undefined) return (this.byeAfterAck = new OutgoingRequest(this.core, this.dialog.createRequest("BYE", options), handlers, true));
    return this.sendBye(options, "bye-sent", handlers);
  }

  /** Sends the BYE that waited for the ACK; the session ends. */
  private sendByeAfterAck(): void {
    this.byeAfterAck?.start();
    this.terminate("bye-sent");
  }

  /** @internal Sends BYE and ends the session for `reason`. */
  sendBye(options: InDialogRequestOptions | undefined, reason: InviteSessionEndReason, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
    const bye = this.dialog.createRequest("BYE", options);
    const out = this.core.request(bye, handlers);
    this.terminate(reason);
    return out;
  }

  /** Stops every timer and leaves the core's dialog table. */
  terminate(reason: InviteSessionEndReason): void {
    if (this.state === "terminated") return;
    this.state = "terminated";
    this.dialog.state = "terminated";
    this.byeAfterAck = undefined;
    this.stop2xx();
    this.timer?.stop();
    this.glareRetry?.unsubscribe();
    this.glareRetry = undefined;
    // §15.1.2: a request of the peer's still unanswered gets 487 (its transaction would wait forever)
    this.incoming?.end?.();
    this.core.removeUsage(this);
    this.delegate.onTerminated?.(reason);
  }

  /** §12.2.1.2: a 481 or 408 (or no answer at all) to a request in the dialog ends it: BYE when confirmed. */
  private endAfterFailure(): void {
    if (this.state === "terminated") return;
    if (this.state !== "confirmed") this.terminate("rejected");
    else this.refuse();
  }

  // ---- requests we send ----------------------------------------------------------------------

  /**
   * Sends a request in the dialog (INFO, MESSAGE, REFER, NOTIFY, OPTIONS ...). BYE, INVITE,
   * UPDATE, ACK, PRACK and CANCEL have their own methods.
   */
  request(method: string, options: InDialogRequestOptions = {}, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
    if (this.state === "terminated") throw new SessionStateError(`cannot send ${method}: the session has ended`);
    if (OWN_METHODS.has(method)) throw new SessionStateError(`${method} has its own method`);
    const extraHeaders = method === "REFER" || method === "NOTIFY" ? [...(options.extraHeaders ?? []), ["Contact", this.core.contact.toString()] as const] : options.extraHeaders;
    // §12.2.1.2: a 481 or 408 to an INFO (of this INVITE usage, RFC 5057) says the peer has no call: end it
    const h: OutgoingRequestHandlers =
      method === "INFO"
        ? {
            ...handlers,
            onReject: (r) => {
              handlers.onReject?.(r);
              if (r.statusCode === 481 || r.statusCode === 408) this.endAfterFailure();
            },
          }
        : handlers;
    return this.core.request(this.dialog.createRequest(method, { ...options, extraHeaders }), h);
  }

  /**
   * Re-INVITE (§14.1): one offer/answer at a time — throws RequestPendingError while one is
   * in progress either way. A 491 answer is retried after a random delay (2.1–4 s when we
   * own the Call-ID, 0–2 s otherwise), unless the session ends first.
   */
  reinvite(options: InDialogRequestOptions = {}, handlers: RefreshHandlers = {}): SipRequest {
    return this.startRefresh("INVITE", options, handlers);
  }

  /** UPDATE (RFC 3311): same rules as re-INVITE; without a body it only refreshes the session timer. */
  update(options: InDialogRequestOptions = {}, handlers: RefreshHandlers = {}): SipRequest {
    return this.startRefresh("UPDATE", options, handlers);
  }

  /**
   * Holds the offer/answer exchange for a re-INVITE or UPDATE of ours whose offer is still being
   * made: meanwhile a crossing offer gets 491 (§14.2, RFC 3311 §5.2). Call the returned function
   * before sending it (or when giving it up). Throws RequestPendingError while an exchange is in progress.
   */
  reserve(method: "INVITE" | "UPDATE"): () => void {
    const making = this.claim(method, true);
    return () => this.outgoing === making && (this.outgoing = undefined);
  }

  /** Makes `method` our exchange in progress; §14.1 / RFC 3311 §5.1: no new offer while one is outstanding either way. */
  private claim(method: "INVITE" | "UPDATE", offer: boolean): Exchange {
    if (this.outgoing !== undefined || this.glareRetry !== undefined || (offer && this.incoming !== undefined)) throw new RequestPendingError();
    return (this.outgoing = { method, offer });
  }

  /** Sends the re-INVITE or UPDATE and returns it (a 491 retry sends another, with the next CSeq). */
  private startRefresh(method: "INVITE" | "UPDATE", options: InDialogRequestOptions, handlers: RefreshHandlers): SipRequest {
    if (this.state === "terminated") throw new SessionStateError(`cannot send ${method}: the session has ended`);
    if (method === "INVITE" && this.state !== "confirmed") throw new SessionStateError("re-INVITE needs a confirmed dialog");
    const offer = method === "INVITE" || (options.body !== undefined && options.body !== "");
    this.claim(method, offer);
    const extra: Array<readonly [string, string]> = [["Contact", this.core.contact.toString()], ...(options.extraHeaders ?? [])];
    if (this.timer !== undefined) extra.push(...this.timer.refreshHeaders());
    const request = this.dialog.createRequest(method, { ...options, extraHeaders: extra });
    new OutgoingRefresh(this, method, request, options, handlers).send();
    return request;
  }

  /** @internal The final response to our re-INVITE or UPDATE (a 2xx retransmission is not passed here). */
  refreshAnswered(method: "INVITE" | "UPDATE", request: SipRequest, response: SipResponse, options: InDialogRequestOptions, handlers: RefreshHandlers): void {
    if (this.outgoing?.method === method) this.outgoing = undefined;
    const code = response.statusCode;
    const retryAfter = code === 500 ? retryAfterMs(response) : undefined;
    if (code >= 200 && code < 300) {
      this.serverRetries = 0;
      if (method === "INVITE") {
        this.keepCredentials(request);
        if (handlers.autoAck !== false) this.ack(response);
      }
      this.dialog.refreshTarget(response);
      // RFC 4028 §7.2: the 2xx to our refresh says the interval and who refreshes; we were its UAC
      if (this.state === "confirmed") this.timer?.refreshAnswered(response);
      handlers.onAccept?.(response);
    } else if (code === 491) {
      handlers.onRequestPending?.(response);
      // §14.1: the owner of the Call-ID (the dialog's UAC) waits 2.1–4 s, the other side 0–2 s
      this.scheduleRetry(method, options, handlers, glareDelay(this.role === "uac", randomUnit(this.core)), response);
    } else if (retryAfter !== undefined && this.serverRetries < MAX_SERVER_RETRIES) {
      // §14.2: a UAS with an offer/answer of its own in progress answers 500 with a
      // Retry-After of 0-10 s: ours goes again then (the session is unchanged meanwhile)
      this.serverRetries++;
      this.scheduleRetry(method, options, handlers, retryAfter, response);
    } else {
      this.serverRetries = 0;
      // §14.1: a failed re-INVITE leaves the session as it was; 481/408 end the dialog (§12.2.1.2)
      handlers.onReject?.(response);
      if (code === 481 || code === 408) this.endAfterFailure();
    }
  }

  /** @internal Our re-INVITE or UPDATE got no answer (timeout, §12.2.1.2: end the dialog) or could not be sent. */
  refreshFailed(method: "INVITE" | "UPDATE", report: () => void, end = true): void {
    if (this.outgoing?.method === method) this.outgoing = undefined;
    report();
    if (end) this.endAfterFailure();
  }

  /** @internal A retransmission of a 2xx we acknowledged gets the same ACK again (§13.2.2.4). */
  resendAck(seq: number): void {
    const last = this.lastAck?.cseq === seq ? this.lastAck : this.previousAck;
    if (last?.cseq === seq) this.sendAck(last, last.via);
  }

  /** Sends the re-INVITE or UPDATE again after `delay` ms (with the body `renew` makes, if given), unless the session ends first. */
  private scheduleRetry(method: "INVITE" | "UPDATE", options: InDialogRequestOptions, handlers: RefreshHandlers, delay: number, response: SipResponse): void {
    this.glareRetry = this.core.scheduler.schedule(() => {
      this.glareRetry = undefined;
      if (this.state === "terminated") return;
      if (handlers.renew === undefined) return this.retry(method, options, handlers, response);
      if (this.outgoing !== undefined || this.incoming !== undefined) return handlers.onAbandoned?.(response);
      // while the new body is made the exchange is ours: a crossing offer gets 491
      const done = this.reserve(method);
      handlers.renew().then(
        (body) => {
          done();
          this.retry(method, { ...options, ...body }, handlers, response);
        },
        () => {
          done();
          handlers.onAbandoned?.(response);
        },
      );
    }, delay);
  }

  private retry(method: "INVITE" | "UPDATE", options: InDialogRequestOptions, handlers: RefreshHandlers, response: SipResponse): void {
    if (this.state === "terminated") return;
    try {
      this.startRefresh(method, options, handlers);
    } catch {
      handlers.onAbandoned?.(response);
    }
  }

  // ---- requests that arrive --------------------------------------------------------------------

  receiveRequest(request: SipRequest): void {
    const method = request.method;
    if (method === "ACK") return this.receiveAck(request);
    // every other request gets its server transaction (an INVITE, its INVITE server transaction)
    const incoming = this.core.serverNonInvite(request, this.dialog.localTag);
    switch (method) {
      case "BYE":
        incoming.accept();
        this.delegate.onBye?.(request);
        // the caller may end an early dialog with BYE (§15): its INVITE, unanswered, gets 487 (§15.1.2)
        if (this.state === "early") this.earlyByeHandler?.(request);
        this.terminate("bye-received");
        return;
      case "INVITE":
      case "UPDATE":
        return this.receiveRefresh(request, incoming);
      case "PRACK":
        // RFC 3262 §3: a PRACK that matches no unacknowledged reliable provisional response gets 481
        if (this.prackHandler !== undefined && this.prackHandler(request)) incoming.accept();
        else incoming.reject({ statusCode: 481 });
        return;
      default:
        if (this.delegate.onRequest) this.delegate.onRequest(incoming);
        else if (method === "INFO" || method === "OPTIONS" || method === "MESSAGE") incoming.accept();
        else incoming.reject({ statusCode: 405, extraHeaders: [["Allow", this.core.allowHeader]] });
    }
  }

  private receiveAck(ack: SipRequest): void {
    const pending = this.pending2xx;
    if (pending === undefined || ack.cseq.seq !== pending.seq) return;
    this.stop2xx();
    // acknowledged: the 2xx is not sent again, though its transaction keeps it until Timer L
    pending.response.compact();
    this.delegate.onAck?.(ack);
    if (this.byeAfterAck && this.state !== "terminated") this.sendByeAfterAck();
  }

  /**
   * A re-INVITE (§14.2) or an UPDATE (RFC 3311 §5.2) from the peer, answered the same way
   * (a re-INVITE's 2xx is then sent again until the ACK). An offer while ours is unanswered
   * gets 491 (§14.2: "A UAS that receives an INVITE on a dialog while an INVITE it had sent on
   * that dialog is in progress MUST return a 491"); one while the peer's previous offer is
   * unanswered, 500 with Retry-After (§14.2, RFC 3311 §5.2). A re-INVITE counts as an offer
   * even without a body (it then asks for ours).
   */
  private receiveRefresh(request: SipRequest, incoming: IncomingNonInvite): void {
    const invite = request.method === "INVITE";
    const offer = invite || request.body !== "";
    // (an INVITE of ours is always an offer; so is our 2xx to an INVITE without one until its ACK brings the answer: RFC 3311 §5.2)
    const p = this.pending2xx;
    if (offer && (this.outgoing?.offer || (p && p.response.body !== "" && p.tx.request.body === ""))) return incoming.reject({ statusCode: 491 });
    if (offer && this.incoming !== undefined) {
      return incoming.reject({ statusCode: 500, extraHeaders: [["Retry-After", String(1 + (randomUnit(this.core) % 10))]] });
    }
    let answered = false;
    const exchange: Exchange | undefined = offer
      ? { method: invite ? "INVITE" : "UPDATE", offer, end: () => answer() && incoming.reject({ statusCode: 487 }) }
      : undefined;
    if (exchange) this.incoming = exchange;
    const answer = (): boolean => {
      if (answered) return false;
      answered = true;
      if (exchange && this.incoming === exchange) this.incoming = undefined;
      return true;
    };
    const refresh: IncomingRefresh = {
      request,
      accept: (options = {}) => {
        if (!answer()) return;
        if (this.state === "terminated") {
          // the dialog is gone: an UPDATE without an offer learns it (one with an offer, or a re-INVITE, got 487 as it ended)
          incoming.reject({ statusCode: 481 });
          return;
        }
        this.dialog.refreshTarget(request);
        // (without session timers a Session-Expires in the request is ignored: RFC 4028 §9)
        const timerHeaders = this.timer?.peerRefresh(request, invite || this.state === "confirmed") ?? [];
        incoming.accept({ ...options, extraHeaders: [...(options.extraHeaders ?? []), ...timerHeaders] });
        const tx = incoming.transaction as unknown as InviteServerTransaction;
        if (invite && tx.lastResponse !== undefined) this.startRetransmitting2xx(tx.lastResponse, tx);
      },
      reject: (options = {}) => {
        if (answer()) incoming.reject({ ...options, statusCode: options.statusCode ?? 488 });
      },
    };
    const handler = invite ? this.delegate.onReinvite : this.delegate.onUpdate;
    if (handler) handler.call(this.delegate, refresh);
    else if (!offer) refresh.accept();
    else refresh.reject();
  }

  // ---- responses after the INVITE transaction ended ------------------------------------------

  receiveStray2xx(response: SipResponse): void {
    // §13.2.2.4: a retransmitted 2xx gets the same ACK again
    this.resendAck(response.cseq.seq);
  }
}

function randomUnit(core: UserAgentCore): number {
  return parseInt(core.newTag().slice(0, 6), 16);
}

/** How many 500s with Retry-After in a row one re-INVITE or UPDATE is sent again after. */
const MAX_SERVER_RETRIES = 3;

/** Longest Retry-After (s) a 500 to our re-INVITE or UPDATE is retried after: §14.2 says 0-10. */
const MAX_REFRESH_RETRY_AFTER = 10;

/** The Retry-After of a 500 in ms, when it is one to wait for (§14.2: 0-10 s); else undefined. */
function retryAfterMs(response: SipResponse): number | undefined {
  let delta: number | undefined;
  try {
    delta = response.parseHeader("retry-after", "RetryAfter")?.delta;
  } catch {
    return undefined;
  }
  return delta !== undefined && delta <= MAX_REFRESH_RETRY_AFTER ? delta * 1000 : undefined;
}
