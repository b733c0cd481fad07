import { Dialog } from "../dialogs/Dialog.js";
import { InviteSession } from "../dialogs/InviteSession.js";
import { Pending2xx } from "../dialogs/Pending2xx.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { InviteServerTransaction, ServerTransactionUser } from "../transactions/index.js";
import { ProvisionalNotAcknowledgedError, SessionStateError } from "./errors.js";
import { hasToken } from "./OutgoingInvite.js";
import type { ResponseOptions } from "./ResponseOptions.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/** Options of a provisional response. */
export interface ProgressOptions extends ResponseOptions {
  /** Send it reliably (RFC 3262): only when the INVITE said Supported/Require 100rel. */
  reliable?: boolean;
}

/** A reliable provisional waiting for its PRACK (RFC 3262 §3). */
interface Unacked {
  readonly response: SipResponse;
  /** It carried a session description: no 2xx may go out before its PRACK. */
  readonly withBody: boolean;
  /** Retransmitted until the PRACK, for at most 64*T1 (once sent). */
  pending?: Pending2xx | undefined;
  /** Told once: the PRACK, or why it will never come. */
  waiters?: Array<(prack: SipRequest | undefined, error?: ProvisionalNotAcknowledgedError) => void>;
  /** Not sent yet: it waits for the PRACK of the one before it (RFC 3262 §3). */
  held?: boolean;
}

/**
 * A new INVITE and its server transaction (RFC 3261 §13.3): send provisionals (reliable
 * ones with RSeq, retransmitted until PRACKed, RFC 3262 §3), accept with a 2xx (the session
 * retransmits it until the ACK) or reject. A CANCEL is answered by the core; `onCancel` tells.
 *
 * @example
 * ```ts
 * import type { UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 *
 * core.delegate = {
 *   onInvite: (invite) => {
 *     invite.progress({ statusCode: 180 });
 *     const session = invite.accept({ body: "v=0 ...", contentType: "application/sdp" }); // the 2xx is retransmitted until ACKed
 *     session.delegate = { onAck: () => console.log("confirmed") };
 *   },
 * };
 * ```
 */
export class IncomingInvite {
  readonly transaction: InviteServerTransaction;
  readonly toTag: string;
  private session: InviteSession | undefined;
  /** Next RSeq: starts at a random value in 1..2^23 (RFC 3262 §3: between 1 and 2^31 - 1). */
  private rseq: number;
  /** Reliable provisionals not PRACKed yet, by RSeq (made with the first one). */
  private unacked: Map<number, Unacked> | undefined;
  private finished = false;
  /** Told when a CANCEL, or the caller's BYE in the early dialog (RFC 3261 §15.1.2), ended the INVITE (already answered 487). */
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
      invite.finish(true);
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

  /**
   * Sends a 1xx (default 180). A reliable one gets Require: 100rel and RSeq and is
   * retransmitted until PRACKed; its RSeq is returned (undefined for an unreliable one), for
   * {@link whenAcknowledged}.
   */
  progress(options: ProgressOptions = {}): number | undefined {
    if (this.finished) throw new SessionStateError("the INVITE was already answered");
    const code = options.statusCode ?? 180;
    if (code < 101 || code > 199) throw new SessionStateError(`${code} is not a provisional status`);
    const reliable =
      (options.reliable === true && this.supportsReliable && this.core.reliableProvisionals !== "none") || hasToken(this.request, "require", "100rel");
    const extra: Array<readonly [string, string]> = [...(options.extraHeaders ?? [])];
    if (reliable) extra.push(["Require", "100rel"], ["RSeq", String(this.rseq)]);
    const response = this.core.buildResponse(this.request, code, options.reasonPhrase, this.toTag, { ...options, extraHeaders: extra });
    this.ensureSession();
    if (!reliable) {
      this.transaction.respond(response);
      return undefined;
    }
    const rseq = this.rseq++;
    const unacked = (this.unacked ??= new Map());
    // RFC 3262 §3: "The UAS MUST NOT send a second reliable provisional response until the
    // first is acknowledged": a later one is held and goes out when the PRACK arrives
    const entry: Unacked = { response, withBody: options.body !== undefined && options.body !== "", held: unacked.size > 0 };
    unacked.set(rseq, entry);
    if (!entry.held) this.sendReliable(rseq, entry);
    return rseq;
  }

  /** True while a reliable provisional that carried a session description waits for its PRACK. */
  get awaitingPrackOfDescription(): boolean {
    for (const entry of this.unacked?.values() ?? []) if (entry.withBody) return true;
    return false;
  }

  /**
   * Settles when the reliable provisional `rseq` is PRACKed (with the PRACK), or rejects with
   * {@link ProvisionalNotAcknowledgedError} when it never will be. Resolves at once (with
   * undefined) when it is not outstanding.
   */
  whenAcknowledged(rseq: number): Promise<SipRequest | undefined> {
    const entry = this.unacked?.get(rseq);
    if (entry === undefined) return Promise.resolve(undefined);
    return new Promise((resolve, reject) => {
      (entry.waiters ??= []).push((prack, error) => (error !== undefined ? reject(error) : resolve(prack)));
    });
  }

  /**
   * Settles when every reliable provisional that carried a session description has been
   * PRACKed: RFC 3262 §3 forbids a 2xx before then. Rejects when one of them never will be.
   */
  whenDescriptionsAcknowledged(): Promise<void> {
    const waits: Array<Promise<unknown>> = [];
    for (const [rseq, entry] of this.unacked ?? []) if (entry.withBody) waits.push(this.whenAcknowledged(rseq));
    return Promise.all(waits).then(() => undefined);
  }

  /**
   * 2xx (default 200): the session, confirmed once the ACK arrives.
   * @throws SessionStateError while a reliable provisional with a session description is not
   *   PRACKed (RFC 3262 §3: the UAS "MUST NOT send a final response until those provisional
   *   responses are acknowledged"); wait with {@link whenDescriptionsAcknowledged}.
   */
  accept(options: ResponseOptions = {}): InviteSession {
    if (this.finished) throw new SessionStateError("the INVITE was already answered");
    if (this.awaitingPrackOfDescription) throw new SessionStateError("a reliable provisional with a session description is not PRACKed yet");
    const extra: Array<readonly [string, string]> = [...(options.extraHeaders ?? []), ...(this.core.sessionTimers?.answer(this.request) ?? [])];
    // built first: a reason phrase or header the caller got wrong throws before anything changes
    const response = this.core.buildResponse(this.request, options.statusCode ?? 200, options.reasonPhrase, this.toTag, { ...options, extraHeaders: extra });
    const session = this.ensureSession(); // (before anything is final: what it cannot read leaves the INVITE answerable)
    this.finish();
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
    const code = options.statusCode ?? 480;
    if (code < 300) throw new SessionStateError(`${code} is not a failure status`);
    const response = this.core.buildResponse(this.request, code, options.reasonPhrase, this.toTag, options); // before anything changes
    this.finish(true);
    this.transaction.respond(response);
    this.session?.terminate("rejected");
  }

  /**
   * A final response went out (or a CANCEL ended the INVITE). RFC 3262 §3: the UAS "SHOULD NOT
   * continue to retransmit the unacknowledged reliable provisional responses, but it MUST be
   * prepared to process PRACK requests for those outstanding responses": retransmission stops,
   * the outstanding ones stay matchable (a PRACK for one gets 200, not 481) until their 64*T1
   * runs out. After a failure no PRACK is waited for.
   */
  private finish(failed = false): void {
    this.finished = true;
    const unacked = this.unacked;
    for (const [rseq, entry] of unacked ?? []) {
      entry.pending?.stopRetransmitting();
      if (entry.held) this.settle(rseq, entry, undefined, "the INVITE was answered before this provisional could be sent");
      else if (failed) this.settle(rseq, entry, undefined, "the INVITE ended before the PRACK");
    }
    this.releaseWhenDone();
  }

  /**
   * Ends the wait for the PRACK of `rseq`: its timers stop and its waiters hear of `prack`,
   * or of `why` it will not come.
   */
  private settle(rseq: number, entry: Unacked, prack: SipRequest | undefined, why?: string): void {
    entry.pending?.stop();
    this.unacked?.delete(rseq);
    const waiters = entry.waiters;
    entry.waiters = undefined;
    for (const w of waiters ?? []) w(prack, why === undefined ? undefined : new ProvisionalNotAcknowledgedError(rseq, why));
  }

  /** Answered and nothing outstanding: the session no longer needs us (a later PRACK gets 481 from it). */
  private releaseWhenDone(): void {
    if (this.finished && (this.unacked === undefined || this.unacked.size === 0) && this.session !== undefined) this.session.prackHandler = undefined;
  }

  private ensureSession(): InviteSession {
    if (this.session === undefined) {
      this.session = new InviteSession(this.core, Dialog.fromUas(this.request, this.toTag), "uas");
      this.session.prackHandler = (prack) => this.receivePrack(prack);
      this.session.earlyByeHandler = (bye) => this.endedByBye(bye);
      this.core.addUsage(this.session);
    }
    return this.session;
  }

  /** The caller's BYE ended the early dialog (§15): the INVITE, if unanswered, gets 487 (§15.1.2). */
  private endedByBye(bye: SipRequest): void {
    if (this.finished) return;
    this.reject({ statusCode: 487 });
    this.onCancel?.(bye);
  }

  /**
   * Sends a reliable provisional. RFC 3262 §3: retransmit at T1, doubling, until the PRACK;
   * after 64*T1 without one, reject the INVITE with 504 (while it is unanswered) and forget
   * the provisional.
   */
  private sendReliable(rseq: number, entry: Unacked): void {
    entry.held = false;
    this.transaction.respond(entry.response);
    entry.pending = new Pending2xx(entry.response, this.transaction, this.core.scheduler, Infinity, this.core.timers?.T1 ?? 500, () => {
      if (this.unacked?.get(rseq) !== entry) return;
      if (!this.finished) this.reject({ statusCode: 504, reasonPhrase: "Reliable provisional not acknowledged" });
      this.settle(rseq, entry, undefined, `no PRACK for RSeq ${rseq} within 64*T1`);
      this.releaseWhenDone();
    }, true);
  }


  /**
   * A PRACK whose RAck names one of our outstanding reliable provisionals stops its
   * retransmission and is answered 200, before or after the final response (RFC 3262 §3).
   */
  private receivePrack(prack: SipRequest): boolean {
    let rack;
    try {
      rack = prack.parseHeader("rack", "RAck");
    } catch {
      return false;
    }
    // RFC 3262 §7.2: RAck names the RSeq, and the CSeq number and method of the INVITE
    if (rack === undefined || rack.cseq !== this.request.cseq.seq || rack.method !== "INVITE") return false;
    // RFC 3262 §3: "If the PRACK does not match any unacknowledged reliable provisional response,
    // the UAS MUST respond to the PRACK with a 481" (a retransmitted PRACK is absorbed by its transaction)
    const entry = this.unacked?.get(rack.rseq);
    if (entry === undefined || entry.held) return false;
    // (the waiters' promises settle after this call: onPrack still comes first for them)
    this.settle(rack.rseq, entry, prack);
    this.onPrack?.(prack);
    // a held provisional goes after the 200 to this PRACK (answered when we return), in that order on the wire
    if (this.unacked !== undefined && this.unacked.size > 0) this.core.scheduler.schedule(() => this.sendNextHeld());
    this.releaseWhenDone();
    return true;
  }

  /** The oldest held reliable provisional goes out once none sent is waiting for its PRACK. */
  private sendNextHeld(): void {
    if (this.finished) return;
    for (const entry of this.unacked?.values() ?? []) if (!entry.held) return;
    for (const [rseq, entry] of this.unacked ?? []) {
      this.sendReliable(rseq, entry);
      return;
    }
  }
}
