import type { Observable, Subscription } from "rxjs";
import { checkReasonPhrase, NameAddr, type SipRequest } from "../core/messages/index.js";
import type { IncomingInvite } from "../core/user-agent-core/index.js";
import { MediaUnavailableError, SessionStateError } from "./errors.js";
import { checkHeaderPairs, headerPairs } from "./IncomingRequestContext.js";
import { Session } from "./Session.js";
import type { SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";
import { SessionState } from "./SessionState.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * Options of {@link Invitation.accept}: header lines added to the 2xx, and how the media handler builds the
 * answer (or the offer, when the INVITE carried none).
 *
 * @example
 * ```ts
 * import type { Invitation } from "rxsip";
 * declare const invitation: Invitation;
 *
 * await invitation.accept({
 *   sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } }, // answer a video call with audio only
 *   extraHeaders: ["X-Answered-By: bot"],
 * });
 * ```
 */
export interface InvitationAcceptOptions {
  extraHeaders?: string[];
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiers?: SessionDescriptionHandlerModifier[];
}

/**
 * Options of {@link Invitation.progress}: which provisional response to send (default 180 Ringing), its
 * header lines, whether it is sent reliably (RFC 3262 PRACK) and whether it carries an answer for early
 * media.
 *
 * @example
 * ```ts
 * import type { Invitation } from "rxsip";
 * declare const invitation: Invitation;
 *
 * await invitation.progress(); // 180 Ringing
 * await invitation.progress({ statusCode: 183, reasonPhrase: "Session Progress", earlyMedia: true, rel100: true }); // an announcement before answering
 * ```
 */
export interface InvitationProgressOptions {
  extraHeaders?: string[];
  statusCode?: number;
  reasonPhrase?: string;
  /** Send it reliably (RFC 3262), when the caller supports 100rel. */
  rel100?: boolean;
  /** rxsip: answer the offer in this provisional (early media, e.g. 183 Session Progress). */
  earlyMedia?: boolean;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
}

/**
 * Options of {@link Invitation.reject}: the final status code (default 480 Temporarily Unavailable), its
 * reason phrase and extra header lines.
 *
 * @example
 * ```ts
 * import type { Invitation } from "rxsip";
 * declare const invitation: Invitation;
 *
 * await invitation.reject({ statusCode: 486, reasonPhrase: "Busy Here", extraHeaders: ["Retry-After: 60"] });
 * ```
 */
export interface InvitationRejectOptions {
  extraHeaders?: string[];
  statusCode?: number;
  reasonPhrase?: string;
}

/**
 * An incoming call (SIP.js's `Invitation`): `progress()` (180, or 183 with early media),
 * `accept()` (answers the offer, or offers in the 2xx when the INVITE had none and applies
 * the answer from the ACK), `reject()`. It rings for at most `noAnswerTimeout` seconds
 * (then 480). An INVITE with Replaces (RFC 3891) ends the session it replaces once accepted.
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.invites$.subscribe(async (invitation) => {
 *   console.log("call from", invitation.remoteIdentity.uri.toString());
 *   await invitation.progress(); // 180 Ringing
 *   await invitation.accept(); // 200 OK with our answer
 * });
 * ```
 */
export class Invitation extends Session {
  /** SIP.js: send 180 Ringing by itself when the application has not answered by the end of onInvite. */
  autoSendAnInitialProvisionalResponse = true;
  /** The session this INVITE replaces (RFC 3891), if any. */
  readonly replacee: Session | undefined;
  private noAnswer: Subscription | undefined;
  private earlyAnswer: { body: string; contentType: string } | undefined;
  /** The INVITE as received. */
  readonly request: SipRequest;
  /** The core's side of the INVITE, until the call is up (then only the dialog matters, and the session keeps that). */
  private pendingInvite: IncomingInvite | undefined;
  /** The application sent a response itself (or is about to): no automatic 180. */
  private responded = false;

  constructor(userAgent: UserAgent, incoming: IncomingInvite, replacee?: Session) {
    super(userAgent, undefined);
    this.replacee = replacee;
    this.request = incoming.request;
    this.pendingInvite = incoming;
    try {
      const pai = incoming.request.parseHeader("p-asserted-identity", "IdentityList")?.[0];
      if (pai !== undefined) this.assertedIdentity = new NameAddr(pai);
    } catch {
      // an RFC 3325 identity that does not parse is ignored (assertedIdentity stays undefined)
    }
    incoming.onPrack = (prack) => this.tell("prack", prack, "onPrack", { request: prack });
    incoming.onCancel = () => {
      this.stopRinging();
      this.end();
    };
    this.noAnswer = userAgent.scheduler.schedule(() => {
      if (this.isEarly()) {
        if (!incoming.answered) incoming.reject({ statusCode: 480 });
        this.end();
      }
    }, userAgent.configuration.noAnswerTimeout * 1000);
    // SIP.js: a 180 goes out by itself unless the application answered while handling the invite
    userAgent.scheduler.schedule(() => {
      if (this.autoSendAnInitialProvisionalResponse && !this.responded && this.state === SessionState.Initial && !incoming.answered) {
        this.progress().catch(() => undefined);
      }
    });
  }

  /** Ends the no-answer timer (and lets its action go: the session may live for hours). */
  private stopRinging(): void {
    this.noAnswer?.unsubscribe();
    this.noAnswer = undefined;
  }

  /** @internal The core's side of the INVITE; undefined once the call is up. */
  get incoming(): IncomingInvite | undefined {
    return this.pendingInvite;
  }

  /**
   * The PRACKs that acknowledge our reliable provisional responses (RFC 3262 §3), as they
   * arrive (also after `accept()`); completes when the session ends. `onPrack` on the
   * session's delegate is told the same.
   */
  get prack$(): Observable<SipRequest> {
    return this.streams.subject("prack").asObservable();
  }

  /** The INVITE's core side, while it is not answered. */
  private unanswered(what: string): IncomingInvite {
    if (this.pendingInvite === undefined || !this.isEarly()) throw new SessionStateError(`${what} in state ${this.state}`);
    return this.pendingInvite;
  }

  get id(): string {
    return this.request.callId + (this.pendingInvite?.toTag ?? this.core?.dialog.localTag ?? "") + (this.request.from.tag ?? "");
  }

  /** Our party: the To of the INVITE (read from it rather than kept beside it for the whole call). */
  get localIdentity(): NameAddr {
    return this.request.to;
  }

  /** The caller: the From of the INVITE. */
  get remoteIdentity(): NameAddr {
    return this.request.from;
  }

  /**
   * Sends a provisional response (default 180 Ringing). An unreliable one resolves once sent;
   * a reliable one (`rel100`, RFC 3262) resolves when its PRACK arrives, so
   * `await progress({ rel100: true }); await accept()` answers only after the PRACK, and
   * rejects with `ProvisionalNotAcknowledgedError` when the PRACK never comes (the INVITE is
   * then rejected 504 after 64*T1) or the call ends first. Calling it (like `accept()` and
   * `reject()`) stops the automatic 180.
   */
  async progress(options: InvitationProgressOptions = {}): Promise<void> {
    this.unanswered("progress()");
    if (options.reasonPhrase !== undefined) checkReasonPhrase(options.reasonPhrase); // HeaderInjectionError
    this.responded = true;
    const code = options.statusCode ?? 180;
    let body: { body: string; contentType: string } | undefined;
    const extra = headerPairs(options.extraHeaders);
    if (options.earlyMedia && this.request.body !== "") {
      body = await this.describe(this.request.body, this.trickleOptions(options.sessionDescriptionHandlerOptions));
      this.earlyAnswer = body;
      extra.push(...(this.trickle?.answered(body.body) ?? []));
    }
    const invite = this.unanswered("progress()");
    if (invite.answered) throw new SessionStateError("the INVITE was answered meanwhile");
    const rseq = invite.progress({
      statusCode: code,
      reasonPhrase: options.reasonPhrase,
      extraHeaders: extra,
      reliable: options.rel100,
      body: body?.body,
      contentType: body?.contentType,
    });
    if (rseq === undefined) return;
    const acknowledged = invite.whenAcknowledged(rseq);
    // RFC 8840 §4.3: in the early dialog the caller's candidates may come, and ours may go once it has our answer (its PRACK)
    this.trickle?.reliable(invite.earlySession, body !== undefined, this.core === undefined, acknowledged);
    try {
      await acknowledged;
    } catch (e) {
      // no PRACK within 64*T1: the core rejected the INVITE (504), so the call is over
      if (invite.answered && this.pendingInvite === invite && (this.state as SessionState) !== SessionState.Terminated) {
        this.stopRinging();
        this.end();
      }
      throw e;
    }
  }

  /**
   * Accepts the call: the answer (or an offer) in a 200 OK; Established once sent. When the
   * call cannot be taken (no media handler, an offer the handler refuses) the INVITE is
   * answered 488 (RFC 3261 §13.3.1.3), the session ends, and the promise rejects with the
   * reason (MediaUnavailableError names the fix). That rejection is marked handled: the
   * common `invites$.subscribe((i) => i.accept())` does not end a Node process with an
   * unhandled rejection; the reason is also logged.
   */
  accept(options: InvitationAcceptOptions = {}): Promise<void> {
    const done = this.acceptCall(options);
    done.catch((e: unknown) => {
      if (e instanceof MediaUnavailableError) this.userAgent.getLogger("rxsip.Invitation").warn(`incoming call answered 488: ${e.message}`);
    });
    return done;
  }

  private async acceptCall(options: InvitationAcceptOptions): Promise<void> {
    this.unanswered("accept()");
    this.responded = true;
    this.stopRinging();
    this.transition(SessionState.Establishing);
    let desc: { body: string; contentType: string };
    try {
      if (this.earlyAnswer) desc = this.earlyAnswer;
      else {
        // an INVITE without an offer: ours goes in the 2xx, the answer comes in the ACK
        desc = await this.describe(this.request.body, this.trickleOptions(options.sessionDescriptionHandlerOptions), options.sessionDescriptionHandlerModifiers);
        this.offeredIn2xx = this.request.body === "";
        this.trickle?.described(desc.body);
      }
    } catch (e) {
      if (this.pendingInvite !== undefined && !this.pendingInvite.answered) this.pendingInvite.reject({ statusCode: 488 });
      this.end();
      throw e;
    }
    // RFC 3262 §3: no 2xx while a reliable provisional with a session description waits for its PRACK
    // (bounded: after 64*T1 without it the INVITE is rejected and this throws)
    const waiting = this.pendingInvite;
    if (waiting !== undefined && waiting.awaitingPrackOfDescription) {
      try {
        await waiting.whenDescriptionsAcknowledged();
      } catch (e) {
        this.end();
        throw e;
      }
    }
    const invite = this.pendingInvite;
    if (invite === undefined || invite.answered || (this.state as SessionState) === SessionState.Terminated) throw new SessionStateError("the call was cancelled");
    this.lastLocalBody = desc.body;
    const extra = headerPairs(options.extraHeaders);
    if (this.trickle?.active === true) extra.push(...this.trickle.headers());
    const core = invite.accept({ body: desc.body, contentType: desc.contentType, extraHeaders: extra });
    invite.onCancel = undefined; // answered: a CANCEL has no effect any more (§9.2)
    this.attach(core);
    // the call is up: the session has the dialog; the INVITE's transaction (and this) are not needed any more
    this.pendingInvite = undefined;
    this.transition(SessionState.Established);
    if (this.replacee && this.replacee.state === SessionState.Established) this.replacee.bye().catch(() => undefined);
  }

  /** Refuses the call (default 480 Temporarily Unavailable). */
  async reject(options: InvitationRejectOptions = {}): Promise<void> {
    const invite = this.unanswered("reject()");
    // checked first: nothing sent, nothing changed
    const { statusCode = 480, reasonPhrase } = options;
    if (reasonPhrase !== undefined) checkReasonPhrase(reasonPhrase);
    const extraHeaders = checkHeaderPairs(headerPairs(options.extraHeaders));
    if (statusCode < 300 || statusCode > 699) throw new SessionStateError(`${statusCode} is not a rejection status`);
    this.responded = true;
    this.stopRinging();
    invite.reject({ statusCode, reasonPhrase, extraHeaders });
    this.end();
  }

  dispose(): Promise<void> {
    if (this.isEarly()) return this.reject().catch(() => undefined);
    return this.disposeEstablished();
  }

  /**
   * The handler options of our answer (or offer in the 2xx) with trickle ICE decided
   * (RFC 8840 §4.2): when the caller trickles and this call may, trickle starts and the
   * description goes without waiting for candidates ("full"); otherwise none, as without it.
   */
  private trickleOptions(options: SessionDescriptionHandlerOptions | undefined): SessionDescriptionHandlerOptions | undefined {
    if (this.startTrickle(options, this.request)?.active) return { ...options, trickleIce: "full" };
    return options?.trickleIce === undefined ? options : { ...options, trickleIce: false };
  }

  protected override receiveAck(ack: SipRequest): void {
    // RFC 8840 §4.3: the caller has our answer and the dialog is confirmed: our candidates may go
    if (this.trickle !== undefined && this.core !== undefined) this.trickle.open(this.core);
    super.receiveAck(ack);
  }
}
