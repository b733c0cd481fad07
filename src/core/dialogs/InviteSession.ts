import type { Subscription } from "rxjs";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { InviteServerTransaction, TransportError } from "../transactions/index.js";
import { RequestPendingError, SessionStateError } from "../user-agent-core/errors.js";
import type { IncomingNonInvite } from "../user-agent-core/IncomingNonInvite.js";
import type { OutgoingRequest, OutgoingRequestHandlers } from "../user-agent-core/OutgoingRequest.js";
import { reasonFor, type ResponseOptions } from "../user-agent-core/ResponseOptions.js";
import type { DialogUsage, UserAgentCore } from "../user-agent-core/UserAgentCore.js";
import type { Dialog, InDialogRequestOptions } from "./Dialog.js";
import { readSessionTimer, SessionTimer, type SessionTimerTerms } from "./SessionTimer.js";

/** An offer/answer exchange the peer started inside the session (re-INVITE or UPDATE). */
export interface IncomingRefresh {
  readonly request: SipRequest;
  /** Accept, with the answer (or, for an offerless re-INVITE, the offer) as body. */
  accept(options?: ResponseOptions): void;
  /** Refuse (default 488 Not Acceptable Here); the session stays as it was. */
  reject(options?: ResponseOptions): void;
}

/** What the session tells its user. Every member is optional. */
export interface InviteSessionDelegate {
  /** The ACK for our 2xx arrived (UAS); it may carry the answer to an offer we put in the 2xx. */
  onAck?(ack: SipRequest): void;
  /** No ACK came for our 2xx within 64*T1: the session was ended with BYE (§13.3.1.4). */
  onAckTimeout?(): void;
  /** The peer sent BYE (already answered 200). */
  onBye?(bye: SipRequest): void;
  /** The peer started a re-INVITE. Without this member it is answered 488. */
  onReinvite?(reinvite: IncomingRefresh): void;
  /** The peer sent UPDATE. Without this member an UPDATE with a body gets 488, one without gets 200. */
  onUpdate?(update: IncomingRefresh): void;
  /** INFO, MESSAGE, REFER, NOTIFY, OPTIONS in the dialog. Without this member: 200 for INFO/OPTIONS/MESSAGE, 405 otherwise. */
  onRequest?(request: IncomingNonInvite): void;
  /** The session timer ran out without a refresh; the session was ended with BYE (RFC 4028 §10). */
  onSessionExpired?(): void;
  /** A session refresh is due; return the body of a re-INVITE refresh (UPDATE refreshes carry none). */
  refreshBody?(): string | undefined;
  /** The session ended (BYE either way, expiry, ACK timeout, dispose). Called once. */
  onTerminated?(reason: InviteSessionEndReason): void;
}

export type InviteSessionEndReason = "bye-sent" | "bye-received" | "ack-timeout" | "expired" | "rejected" | "disposed";

/** Handlers of a re-INVITE or UPDATE we send. */
export interface RefreshHandlers {
  onAccept?(response: SipResponse): void;
  onReject?(response: SipResponse): void;
  onTimeout?(): void;
  onTransportError?(error: TransportError): void;
  /** A 491 retry found the peer's own exchange in progress; ours was given up (§14.1 allows it). */
  onAbandoned?(): void;
}

/**
 * The dialog usage of an INVITE (RFC 3261 §12–§15, RFC 3311, RFC 4028), for both roles.
 * It owns the dialog's requests once the session exists: ACK for 2xx (sending and
 * receiving, with the UAS's 2xx retransmission of §13.3.1.4), BYE, re-INVITE and UPDATE
 * with glare handling (491 and the randomised retry of §14.1), session timers, and any
 * other request in the dialog.
 */
export class InviteSession implements DialogUsage {
  delegate: InviteSessionDelegate = {};
  state: "early" | "confirmed" | "terminated";
  /** The ACK we sent for the 2xx (UAC), re-sent on 2xx retransmissions. */
  private ackSent: SipRequest | undefined;
  /** UAS: the 2xx being retransmitted until the ACK arrives. */
  private pending2xx: { response: SipResponse; tx: InviteServerTransaction; timer?: Subscription; giveUp?: Subscription; interval: number } | undefined;
  /** An offer/answer transaction of ours in progress (re-INVITE or UPDATE). */
  private outgoingRefresh: "INVITE" | "UPDATE" | undefined;
  /** An offer/answer transaction of the peer's in progress. */
  private incomingRefresh: "INVITE" | "UPDATE" | undefined;
  private glareRetry: Subscription | undefined;
  readonly timer: SessionTimer;
  /** Methods the peer allows (Allow of its INVITE or 2xx): UPDATE refreshes need it. */
  peerAllows: readonly string[] = [];

  constructor(
    readonly core: UserAgentCore,
    readonly dialog: Dialog,
    /** "uac": we sent the INVITE that made the dialog. */
    readonly role: "uac" | "uas",
  ) {
    this.state = dialog.state === "confirmed" ? "confirmed" : "early";
    this.timer = new SessionTimer(
      core.scheduler,
      () => this.refreshSession(),
      () => this.expire(),
    );
  }

  get id(): string {
    return this.dialog.key;
  }

  // ---- lifecycle -----------------------------------------------------------------------------

  /** UAC: the 2xx arrived; send the ACK (body: the answer when the 2xx carried the offer). */
  ack(response: SipResponse, options: { body?: string; contentType?: string } = {}): void {
    if (this.ackSent !== undefined) return;
    const ack = this.dialog.createRequest("ACK", { cseq: response.cseq.seq, ...options });
    this.ackSent = ack;
    this.core.sendStateless(ack);
  }

  /** Becomes confirmed on the 2xx; session timers start from what it says (RFC 4028 §7.2 / §9). */
  confirm(response: SipResponse | undefined, request: SipRequest): void {
    if (this.state === "terminated") return;
    this.state = "confirmed";
    this.dialog.state = "confirmed";
    const allowSource = this.role === "uac" ? response : request;
    if (allowSource !== undefined) {
      try {
        this.peerAllows = allowSource.tokens("allow").map((m) => m.toUpperCase());
      } catch {
        this.peerAllows = [];
      }
    }
    if (response !== undefined && this.core.sessionTimers.enabled) this.timer.restart(readSessionTimer(response, this.role));
  }

  /** UAS: retransmit our 2xx (T1 doubling to T2) until the ACK; BYE after 64*T1 without one (§13.3.1.4). */
  startRetransmitting2xx(response: SipResponse, tx: InviteServerTransaction): void {
    const t1 = this.core.timers?.T1 ?? 500;
    const t2 = this.core.timers?.T2 ?? 4000;
    const entry: NonNullable<InviteSession["pending2xx"]> = { response, tx, interval: t1 };
    this.pending2xx = entry;
    if (!tx.transport.reliable) {
      const tick = () => {
        if (this.pending2xx !== entry) return;
        tx.respond(response);
        entry.interval = Math.min(entry.interval * 2, t2);
        entry.timer = this.core.scheduler.schedule(tick, entry.interval);
      };
      entry.timer = this.core.scheduler.schedule(tick, entry.interval);
    }
    entry.giveUp = this.core.scheduler.schedule(() => {
      if (this.pending2xx !== entry) return;
      this.stop2xx();
      this.delegate.onAckTimeout?.();
      this.sendBye(undefined, "ack-timeout");
    }, 64 * t1);
  }

  private stop2xx(): void {
    this.pending2xx?.timer?.unsubscribe();
    this.pending2xx?.giveUp?.unsubscribe();
    this.pending2xx = undefined;
  }

  /** Ends the session with BYE (§15.1.1). Allowed in confirmed state (and early, by the UAC, after the 2xx). */
  bye(options: InDialogRequestOptions = {}, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
    if (this.state !== "confirmed") throw new SessionStateError(`cannot send BYE in state ${this.state}`);
    return this.sendBye(options, "bye-sent", handlers);
  }

  private sendBye(options: InDialogRequestOptions | undefined, reason: InviteSessionEndReason, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
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
    this.stop2xx();
    this.timer.stop();
    this.glareRetry?.unsubscribe();
    this.core.removeUsage(this);
    this.delegate.onTerminated?.(reason);
  }

  // ---- requests we send ----------------------------------------------------------------------

  /**
   * Sends a request in the dialog (INFO, MESSAGE, REFER, NOTIFY, OPTIONS ...). BYE, INVITE,
   * UPDATE, ACK, PRACK and CANCEL have their own methods.
   */
  request(method: string, options: InDialogRequestOptions = {}, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
    if (this.state === "terminated") throw new SessionStateError(`cannot send ${method}: the session has ended`);
    if (["BYE", "INVITE", "UPDATE", "ACK", "PRACK", "CANCEL"].includes(method)) {
      throw new SessionStateError(`${method} has its own method`);
    }
    const extra = method === "REFER" || method === "NOTIFY" ? [...(options.extraHeaders ?? []), ["Contact", this.core.contact.toString()] as const] : options.extraHeaders;
    return this.core.request(this.dialog.createRequest(method, { ...options, ...(extra ? { extraHeaders: extra } : {}) }), handlers);
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

  private startRefresh(method: "INVITE" | "UPDATE", options: InDialogRequestOptions, handlers: RefreshHandlers): SipRequest {
    if (this.state === "terminated") throw new SessionStateError(`cannot send ${method}: the session has ended`);
    if (method === "INVITE" && this.state !== "confirmed") throw new SessionStateError("re-INVITE needs a confirmed dialog");
    if (this.outgoingRefresh !== undefined || this.incomingRefresh !== undefined || this.glareRetry !== undefined) {
      throw new RequestPendingError();
    }
    this.outgoingRefresh = method;
    const extra: Array<readonly [string, string]> = [["Contact", this.core.contact.toString()], ...(options.extraHeaders ?? [])];
    if (this.core.sessionTimers.enabled && this.timer.terms !== undefined) {
      const refresher = this.timer.terms.refresher === "local" ? this.role : this.role === "uac" ? "uas" : "uac";
      extra.push(["Session-Expires", `${this.timer.terms.interval};refresher=${refresher}`], ["Supported", "timer"]);
    }
    const request = this.dialog.createRequest(method, { ...options, extraHeaders: extra });
    const done = () => {
      if (this.outgoingRefresh === method) this.outgoingRefresh = undefined;
    };
    const onFinal = (response: SipResponse) => {
      done();
      const code = response.statusCode;
      if (code >= 200 && code < 300) {
        if (method === "INVITE") this.core.sendStateless(this.dialog.createRequest("ACK", { cseq: request.cseq.seq }));
        this.dialog.refreshTarget(response);
        if (this.core.sessionTimers.enabled) this.timer.restart(readSessionTimer(response, this.role) ?? this.timer.terms);
        handlers.onAccept?.(response);
      } else if (code === 491) {
        this.scheduleGlareRetry(method, options, handlers);
      } else {
        // §14.1: a failed re-INVITE leaves the session as it was; 481/408 end the dialog (§12.2.1.2)
        handlers.onReject?.(response);
        if (code === 481 || code === 408) this.sendByeQuietly();
      }
    };
    if (method === "INVITE") {
      this.core.stampRequest(request);
      this.core.transactions.createClient(request, {
        onResponse: (response) => {
          if (response.statusCode >= 200) onFinal(response);
        },
        onTimeout: () => {
          done();
          handlers.onTimeout?.();
          this.sendByeQuietly();
        },
        onTransportError: (e) => {
          done();
          handlers.onTransportError?.(e);
        },
      } satisfies Parameters<UserAgentCore["sendRequest"]>[1]);
    } else {
      this.core.request(request, {
        onAccept: onFinal,
        onReject: onFinal,
        onRedirect: onFinal,
        onTimeout: () => {
          done();
          handlers.onTimeout?.();
        },
        onTransportError: (e) => {
          done();
          handlers.onTransportError?.(e);
        },
      });
    }
    return request;
  }

  private scheduleGlareRetry(method: "INVITE" | "UPDATE", options: InDialogRequestOptions, handlers: RefreshHandlers): void {
    // §14.1: owner of the Call-ID (the UAC of the dialog) waits 2.1–4 s, the other side 0–2 s, in 10 ms units
    const units = randomUnit(this.core);
    const delay = this.role === "uac" ? 2100 + (units % 191) * 10 : (units % 201) * 10;
    this.glareRetry = this.core.scheduler.schedule(() => {
      this.glareRetry = undefined;
      if (this.state === "terminated") return;
      try {
        this.startRefresh(method, options, handlers);
      } catch {
        handlers.onAbandoned?.();
      }
    }, delay);
  }

  private sendByeQuietly(): void {
    if (this.state === "terminated") return;
    try {
      this.sendBye(undefined, "bye-sent");
    } catch {
      this.terminate("bye-sent");
    }
  }

  /** The session timer asks for a refresh (RFC 4028 §10): UPDATE when the peer allows it, else re-INVITE. */
  private refreshSession(): void {
    if (this.state !== "confirmed") return;
    try {
      if (this.peerAllows.includes("UPDATE")) this.update({});
      else {
        const body = this.delegate.refreshBody?.();
        this.reinvite(body !== undefined ? { body } : {});
      }
    } catch {
      // an exchange is in progress; it refreshes the timer itself when it succeeds
    }
  }

  private expire(): void {
    if (this.state !== "confirmed") return;
    this.delegate.onSessionExpired?.();
    this.sendBye({ extraHeaders: [["Reason", 'SIP;cause=408;text="Session expired"']] }, "expired");
  }

  // ---- requests that arrive --------------------------------------------------------------------

  receiveRequest(request: SipRequest): void {
    switch (request.method) {
      case "ACK":
        this.receiveAck(request);
        return;
      case "BYE": {
        const incoming = this.core.serverNonInvite(request, this.dialog.localTag);
        incoming.accept();
        this.delegate.onBye?.(request);
        this.terminate("bye-received");
        return;
      }
      case "INVITE":
        this.receiveReinvite(request);
        return;
      case "UPDATE":
        this.receiveUpdate(request);
        return;
      case "PRACK": {
        const incoming = this.core.serverNonInvite(request, this.dialog.localTag);
        if (this.prackHandler?.(request) === false) incoming.reject({ statusCode: 481 });
        else incoming.accept();
        return;
      }
      default: {
        const incoming = this.core.serverNonInvite(request, this.dialog.localTag);
        if (this.delegate.onRequest) this.delegate.onRequest(incoming);
        else if (["INFO", "OPTIONS", "MESSAGE"].includes(request.method)) incoming.accept();
        else incoming.reject({ statusCode: 405, extraHeaders: [["Allow", this.core.allow.join(", ")]] });
      }
    }
  }

  /** Set by the incoming INVITE while reliable provisionals are outstanding (RFC 3262). Returns false for an unknown RAck. */
  prackHandler: ((prack: SipRequest) => boolean) | undefined;

  private receiveAck(ack: SipRequest): void {
    if (this.pending2xx === undefined || ack.cseq.seq !== this.pending2xx.response.cseq.seq) return;
    this.stop2xx();
    this.delegate.onAck?.(ack);
  }

  private receiveReinvite(request: SipRequest): void {
    const tx = this.core.transactions.createServer(request, {}) as InviteServerTransaction;
    const respond = (code: number, options: ResponseOptions = {}) =>
      tx.respond(this.core.buildResponse(request, code, options.reasonPhrase ?? reasonFor(code), this.dialog.localTag, options));
    // §14.2: a re-INVITE while ours is pending gets 491; while the peer's is pending, 500 with Retry-After
    if (this.outgoingRefresh !== undefined) {
      respond(491);
      return;
    }
    if (this.incomingRefresh !== undefined) {
      respond(500, { extraHeaders: [["Retry-After", "1"]] });
      return;
    }
    this.incomingRefresh = "INVITE";
    let answered = false;
    const refresh: IncomingRefresh = {
      request,
      accept: (options = {}) => {
        if (answered) return;
        answered = true;
        this.incomingRefresh = undefined;
        this.dialog.refreshTarget(request);
        const headers = [...(options.extraHeaders ?? []), ...this.sessionTimerAnswer(request)];
        const ok = this.core.buildResponse(request, options.statusCode ?? 200, options.reasonPhrase ?? "OK", this.dialog.localTag, { ...options, extraHeaders: headers });
        tx.respond(ok);
        this.startRetransmitting2xx(ok, tx);
        if (this.core.sessionTimers.enabled) this.timer.restart(readSessionTimer(ok, this.role) ?? this.timer.terms);
      },
      reject: (options = {}) => {
        if (answered) return;
        answered = true;
        this.incomingRefresh = undefined;
        respond(options.statusCode ?? 488, options);
      },
    };
    if (this.delegate.onReinvite) this.delegate.onReinvite(refresh);
    else refresh.reject();
  }

  private receiveUpdate(request: SipRequest): void {
    const incoming = this.core.serverNonInvite(request, this.dialog.localTag);
    if (this.outgoingRefresh !== undefined) {
      incoming.reject({ statusCode: 491 });
      return;
    }
    if (this.incomingRefresh !== undefined) {
      incoming.reject({ statusCode: 500, extraHeaders: [["Retry-After", "1"]] });
      return;
    }
    this.incomingRefresh = "UPDATE";
    let answered = false;
    const refresh: IncomingRefresh = {
      request,
      accept: (options = {}) => {
        if (answered) return;
        answered = true;
        this.incomingRefresh = undefined;
        this.dialog.refreshTarget(request);
        const headers = [...(options.extraHeaders ?? []), ...this.sessionTimerAnswer(request)];
        incoming.accept({ ...options, extraHeaders: headers });
        if (this.core.sessionTimers.enabled) this.timer.restart(this.termsFromRequest(request) ?? this.timer.terms);
      },
      reject: (options = {}) => {
        if (answered) return;
        answered = true;
        this.incomingRefresh = undefined;
        incoming.reject({ statusCode: options.statusCode ?? 488, ...options });
      },
    };
    if (this.delegate.onUpdate) this.delegate.onUpdate(refresh);
    else if (request.body === "") refresh.accept();
    else refresh.reject();
  }

  /** Session-Expires for our 2xx to a refresh request (RFC 4028 §9): echo the interval and say who refreshes. */
  private sessionTimerAnswer(request: SipRequest): Array<readonly [string, string]> {
    if (!this.core.sessionTimers.enabled) return [];
    const terms = this.termsFromRequest(request) ?? this.timer.terms;
    if (terms === undefined) return [];
    const refresherRole = terms.refresher === "local" ? this.role : this.role === "uac" ? "uas" : "uac";
    return [
      ["Session-Expires", `${terms.interval};refresher=${refresherRole}`],
      ["Require", "timer"],
    ];
  }

  /** The session timer a refresh request proposes, from our point of view. */
  private termsFromRequest(request: SipRequest): SessionTimerTerms | undefined {
    let se;
    try {
      se = request.parseHeader("session-expires", "SessionExpires");
    } catch {
      return undefined;
    }
    if (se === undefined) return undefined;
    // the sender of the refresh is the UAC of this transaction; refresher=uac means the sender
    const r = (se.params["refresher"] ?? "").toLowerCase();
    return { interval: se.delta, refresher: r === "uas" ? "local" : "remote" };
  }

  // ---- responses after the INVITE transaction ended ------------------------------------------

  receiveStray2xx(response: SipResponse): void {
    // §13.2.2.4: a retransmitted 2xx gets the same ACK again
    if (this.ackSent !== undefined && response.cseq.seq === this.ackSent.cseq.seq) this.core.sendStateless(this.ackSent);
  }
}

function randomUnit(core: UserAgentCore): number {
  const hex = core.newTag().slice(0, 6);
  return parseInt(hex, 16);
}
