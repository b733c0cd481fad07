import type { Subscription } from "rxjs";
import { Dialog } from "../dialogs/Dialog.js";
import { InviteSession } from "../dialogs/InviteSession.js";
import { readSessionTimer } from "../dialogs/SessionTimer.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { InviteServerTransaction, ServerTransactionUser } from "../transactions/index.js";
import { SessionStateError } from "./errors.js";
import { hasToken } from "./OutgoingInvite.js";
import { reasonFor, type ResponseOptions } from "./ResponseOptions.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/** Options of a provisional response. */
export interface ProgressOptions extends ResponseOptions {
  /** Send it reliably (RFC 3262): only when the INVITE said Supported/Require 100rel. */
  reliable?: boolean;
}

/**
 * A new INVITE and its server transaction (RFC 3261 §13.3): send provisionals (reliable
 * ones with RSeq, retransmitted until PRACKed, RFC 3262 §3), accept with a 2xx (the session
 * retransmits it until the ACK) or reject. A CANCEL is answered by the core; `onCancel` tells.
 */
export class IncomingInvite {
  readonly transaction: InviteServerTransaction;
  readonly toTag: string;
  private session: InviteSession | undefined;
  /** Next RSeq: starts at a random value in 1..2^23 (RFC 3262 §3: between 1 and 2^31 - 1). */
  private rseq: number;
  /** Reliable provisionals not PRACKed yet, by RSeq (made with the first one). */
  private unacked: Map<number, { response: SipResponse; timer?: Subscription; giveUp?: Subscription; interval: number }> | undefined;
  private finished = false;
  /** Told when a CANCEL ended the INVITE (already answered 487). */
  onCancel: ((cancel: SipRequest) => void) | undefined;
  /** Told when a PRACK arrives (its body may carry an answer or a new offer). */
  onPrack: ((prack: SipRequest) => void) | undefined;

  constructor(
    private readonly core: UserAgentCore,
    readonly request: SipRequest,
    onDone: () => void,
  ) {
    this.toTag = core.newTag();
    this.rseq = (parseInt(core.newTag().slice(0, 6), 16) % 8388608) + 1;
    this.transaction = core.transactions.createServer(request, new IncomingInvite.User(this, onDone)) as InviteServerTransaction;
  }

  /**
   * The user of the INVITE server transaction: one small object (no closures), which lets go
   * of `onDone` once told (the INVITE may be kept for the whole call).
   */
  private static readonly User = class implements ServerTransactionUser<InviteServerTransaction> {
    constructor(
      private readonly invite: IncomingInvite,
      private done: (() => void) | undefined,
    ) {}
    onCancel(cancel: SipRequest): void {
      const invite = this.invite;
      invite.finish();
      invite.session?.terminate("rejected");
      invite.onCancel?.(cancel);
    }
    onTerminated(): void {
      const done = this.done;
      this.done = undefined;
      done?.();
    }
  };

  /** True once a final response was sent (or a CANCEL ended it). */
  get answered(): boolean {
    return this.finished;
  }

  /** Whether the caller allows reliable provisionals. */
  get supportsReliable(): boolean {
    return hasToken(this.request, "supported", "100rel") || hasToken(this.request, "require", "100rel");
  }

  /** The early (then confirmed) session of this INVITE, created by the first response with a tag. */
  get earlySession(): InviteSession | undefined {
    return this.session;
  }

  /** Sends a 1xx (default 180). A reliable one gets Require: 100rel and RSeq and is retransmitted until PRACKed. */
  progress(options: ProgressOptions = {}): void {
    if (this.finished) throw new SessionStateError("the INVITE was already answered");
    const code = options.statusCode ?? 180;
    if (code < 101 || code > 199) throw new SessionStateError(`${code} is not a provisional status`);
    const reliable =
      (options.reliable === true && this.supportsReliable && this.core.reliableProvisionals !== "none") || hasToken(this.request, "require", "100rel");
    const extra: Array<readonly [string, string]> = [...(options.extraHeaders ?? [])];
    if (reliable) extra.push(["Require", "100rel"], ["RSeq", String(this.rseq)]);
    const response = this.core.buildResponse(this.request, code, options.reasonPhrase ?? reasonFor(code), this.toTag, { ...options, extraHeaders: extra });
    this.ensureSession(response);
    this.transaction.respond(response);
    if (reliable) this.retransmitReliable(this.rseq++, response);
  }

  /** 2xx (default 200): the session, confirmed once the ACK arrives. */
  accept(options: ResponseOptions = {}): InviteSession {
    if (this.finished) throw new SessionStateError("the INVITE was already answered");
    this.finish();
    const code = options.statusCode ?? 200;
    const extra: Array<readonly [string, string]> = [...(options.extraHeaders ?? []), ...this.sessionTimerHeaders()];
    const response = this.core.buildResponse(this.request, code, options.reasonPhrase ?? reasonFor(code), this.toTag, { ...options, extraHeaders: extra });
    const session = this.ensureSession(response);
    session.confirm(response, this.request);
    this.transaction.respond(response);
    session.startRetransmitting2xx(response, this.transaction);
    // answered: the INVITE is kept (by its transaction, and by whoever holds this) but no longer read
    this.request.compact();
    return session;
  }

  /** A final failure (default 480 Temporarily Unavailable). */
  reject(options: ResponseOptions = {}): void {
    if (this.finished) return;
    this.finish();
    const code = options.statusCode ?? 480;
    if (code < 300) throw new SessionStateError(`${code} is not a failure status`);
    this.transaction.respond(this.core.buildResponse(this.request, code, options.reasonPhrase ?? reasonFor(code), this.toTag, options));
    this.session?.terminate("rejected");
  }

  private finish(): void {
    this.finished = true;
    // no reliable provisional is outstanding after a final response: the session no longer needs us
    if (this.session !== undefined) this.session.prackHandler = undefined;
    const unacked = this.unacked;
    this.unacked = undefined;
    for (const entry of unacked?.values() ?? []) {
      entry.timer?.unsubscribe();
      entry.giveUp?.unsubscribe();
    }
  }

  private ensureSession(response: SipResponse): InviteSession {
    if (this.session === undefined) {
      this.session = new InviteSession(this.core, Dialog.fromUas(this.request, this.toTag), "uas");
      this.session.prackHandler = (prack) => this.receivePrack(prack);
      this.core.addUsage(this.session);
    }
    void response;
    return this.session;
  }

  /** RFC 3262 §3: retransmit at T1, doubling, until the PRACK; reject with 5xx after 64*T1. */
  private retransmitReliable(rseq: number, response: SipResponse): void {
    const t1 = this.core.timers?.T1 ?? 500;
    const entry: { response: SipResponse; timer?: Subscription; giveUp?: Subscription; interval: number } = { response, interval: t1 };
    const unacked = (this.unacked ??= new Map());
    unacked.set(rseq, entry);
    const tick = () => {
      if (this.unacked?.get(rseq) !== entry) return;
      this.transaction.respond(response);
      entry.interval *= 2;
      entry.timer = this.core.scheduler.schedule(tick, entry.interval);
    };
    entry.timer = this.core.scheduler.schedule(tick, t1);
    entry.giveUp = this.core.scheduler.schedule(() => {
      if (this.unacked?.get(rseq) !== entry) return;
      this.reject({ statusCode: 504, reasonPhrase: "Reliable provisional not acknowledged" });
    }, 64 * t1);
  }

  /** A PRACK whose RAck names one of our reliable provisionals stops its retransmission. */
  private receivePrack(prack: SipRequest): boolean {
    let rack;
    try {
      rack = prack.parseHeader("rack", "RAck");
    } catch {
      return false;
    }
    if (rack === undefined || rack.cseq !== this.request.cseq.seq) return false;
    // RFC 3262 §3: "If the PRACK does not match any unacknowledged reliable provisional response,
    // the UAS MUST respond to the PRACK with a 481" (a retransmitted PRACK is absorbed by its transaction)
    const entry = this.unacked?.get(rack.rseq);
    if (entry === undefined) return false;
    entry.timer?.unsubscribe();
    entry.giveUp?.unsubscribe();
    this.unacked?.delete(rack.rseq);
    this.onPrack?.(prack);
    return true;
  }

  /** RFC 4028 §9: the 2xx states the session interval and the refresher when either side wants timers. */
  private sessionTimerHeaders(): Array<readonly [string, string]> {
    if (!this.core.sessionTimers.enabled) return [];
    const asked = readSessionTimer(this.request, "uas");
    let interval = asked?.interval;
    let refresherRole: "uac" | "uas";
    if (interval === undefined) {
      // the caller did not ask; we may still ask if it supports timers (§9), and refresh ourselves
      if (!hasToken(this.request, "supported", "timer")) return [];
      interval = this.core.sessionTimers.sessionExpires;
      refresherRole = "uas";
    } else {
      const se = this.request.parseHeader("session-expires", "SessionExpires");
      const r = (se?.params["refresher"] ?? "").toLowerCase();
      refresherRole = r === "uas" ? "uas" : r === "uac" ? "uac" : hasToken(this.request, "supported", "timer") ? "uac" : "uas";
    }
    const headers: Array<readonly [string, string]> = [["Session-Expires", `${interval};refresher=${refresherRole}`]];
    if (refresherRole === "uac" || hasToken(this.request, "supported", "timer")) headers.push(["Require", "timer"]);
    return headers;
  }
}
