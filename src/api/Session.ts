import type { Observable, Subscription as RxSubscription } from "rxjs";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import type { IncomingRefresh, InviteSession, InviteSessionDelegate } from "../core/dialogs/index.js";
import type { NameAddr, SipRequest, SipResponse, Uri } from "../core/messages/index.js";
import type { IncomingNonInvite } from "../core/user-agent-core/index.js";
import { StateHolder, type Emitter } from "../streams/index.js";
import { LazySubjects } from "./LazySubjects.js";
import type { TrickleIce, TrickleIceEvent } from "./TrickleIce.js";
import { Bye } from "./Bye.js";
import { InvalidOptionError, MediaUnavailableError, SessionStateError } from "./errors.js";
import type { SessionRecoveryEvent } from "./SessionRecoveryEvent.js";
import { checkDtmf, type DtmfEvent, type DtmfInfoContentType } from "./dtmfInfo.js";
import { checkHeaderPairs, headerPairs } from "./IncomingRequestContext.js";
import { Info } from "./Info.js";
import { Message } from "./Message.js";
import { Notification } from "./Notification.js";
import type { Referral } from "./Referral.js";
import { ReferralProgress } from "./ReferralProgress.js";
import { requestBody } from "./requestBody.js";
import {
  coreHandlers,
  type OutgoingRequestMessage,
  type RequestOptions,
  type SessionByeOptions,
  type SessionInfoOptions,
  type SessionInviteOptions,
  type SessionMessageOptions,
  type SessionReferOptions,
} from "./requestTypes.js";
import type { SessionDescriptionHandler, SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";
import { canMove, SessionState } from "./SessionState.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * SIP.js's `SessionDelegate`: each callback has a stream beside it on the session.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * session.delegate = {
 *   onBye: () => console.log("the peer hung up"),
 *   onInfo: (info) => void info.accept(),
 *   onRefer: (referral) => void referral.reject(), // no transfers
 * };
 * ```
 */
export interface SessionDelegate {
  /** The ACK of the 2xx we sent arrived: the call is confirmed (beside `session.acks$`). */
  onAck?(ack: { request: SipRequest }): void;
  /**
   * The peer hung up; the BYE is already answered and the session is Terminated right after (beside
   * `session.byes$`).
   */
  onBye?(bye: Bye): void;
  /**
   * An INFO arrived in the session (RFC 6086), e.g. DTMF as application/dtmf-relay; accept or reject it
   * (beside `session.infos$`).
   */
  onInfo?(info: Info): void;
  /**
   * A re-INVITE from the peer was answered 200 with our new description (hold, unhold, codec change ...);
   * beside `session.reinvites$`.
   */
  onInvite?(request: SipRequest, response: string, statusCode: number): void;
  /** A MESSAGE arrived inside the session; accept or reject it (beside `session.messages$`). */
  onMessage?(message: Message): void;
  /**
   * A NOTIFY arrived inside the session that belongs to no REFER we sent; accept or reject it (beside
   * `session.notifications$`).
   */
  onNotify?(notification: Notification): void;
  /** rxsip: a PRACK acknowledged one of our reliable provisional responses (RFC 3262 §3); `Invitation.prack$` beside it. */
  onPrack?(prack: { request: SipRequest }): void;
  /**
   * The peer asks us to transfer the call (REFER, RFC 3515): accept it and call `referral.makeInviter()`, or
   * reject it (beside `session.refers$`). Unhandled, it is refused with 405.
   */
  onRefer?(referral: Referral): void;
  /**
   * The session's media handler was created; `provisional` is true when it was made for early media from a
   * provisional response.
   */
  onSessionDescriptionHandler?(sdh: SessionDescriptionHandler, provisional: boolean): void;
}

export type { DtmfEvent } from "./dtmfInfo.js";

/**
 * Options of `session.dtmf()`.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session; // of a user agent made with `dtmfInfo: dtmfInfo()`
 *
 * await session.dtmf("1234#", { transport: "info", duration: 160, interToneGap: 80 }); // SIP INFO instead of RFC 4733 packets
 * ```
 */
export interface SessionDtmfOptions {
  /**
   * "rfc4733": events in the media (the handler's `sendDtmf`); "info": one INFO per key;
   * "auto" (default): RFC 4733 when the peer's SDP has telephone-event and the handler can
   * send it, INFO otherwise. INFO needs the user agent's `dtmfInfo: dtmfInfo()`; without it
   * "auto" is RFC 4733 and "info" an `InvalidOptionError`.
   */
  transport?: "rfc4733" | "info" | "auto";
  /** Milliseconds per key (default 160 for INFO; the handler's default for RFC 4733). */
  duration?: number;
  /** Milliseconds between keys in the media (the handler's default when absent). */
  interToneGap?: number;
  /** Body format of INFO DTMF (default application/dtmf-relay); checked when INFO is sent. */
  contentType?: DtmfInfoContentType;
}

/**
 * What Inviter and Invitation share (SIP.js's `Session`): the state machine (`state`,
 * `stateChange`, `state$`), the media handler, and everything done in an established
 * session — BYE, re-INVITE (hold/unhold), UPDATE, INFO, DTMF, MESSAGE, REFER — with a
 * stream beside each callback: `refers$`, `infos$`, `dtmf$`, `messages$`, `reinvites$`.
 * Every stream completes when the session terminates.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session; // an Inviter or an Invitation
 *
 * session.dtmf$.subscribe((event) => console.log("pressed", event.tone));
 * await session.hold();
 * await session.unhold();
 * await session.dtmf("1234#");
 * await session.bye();
 * ```
 */
export abstract class Session {
  delegate: SessionDelegate | undefined;
  /** SIP.js `data`: anything the application keeps with the session (an object, made when first read). */
  get data(): unknown {
    if (this.dataValue === NO_DATA) this.dataValue = {};
    return this.dataValue;
  }

  set data(value: unknown) {
    this.dataValue = value;
  }

  private dataValue: unknown = NO_DATA;
  /** @internal the protocol session (dialog usage) once one exists. */
  protected core: InviteSession | undefined;
  protected sdh: SessionDescriptionHandler | undefined;
  /** The state, its SIP.js emitter and `state$` (the last two made when first asked for). */
  private readonly holder: StateHolder<SessionState>;
  /** @internal The streams, each made when first asked for; all complete when the session ends. */
  protected readonly streams: LazySubjects<SessionStreams>;
  /** Referral progress of REFERs we sent, by CSeq of the REFER (RFC 3515 `id`); made with the first. */
  private referrals: Map<string, ReferralProgress> | undefined;
  private held = false;
  /** The handler's RFC 4733 digits, forwarded to `dtmf$` while the session lives. */
  private sdhDtmf: RxSubscription | undefined;
  /** The last SDP from the peer that was given to the handler (to see what it negotiated). */
  protected lastRemoteBody: string | undefined;
  /** @internal Trickle ICE in this call (RFC 8840), once started (only with the user agent's `trickleIce()`). */
  protected trickle: TrickleIce | undefined;

  protected constructor(
    readonly userAgent: UserAgent,
    /** @internal The media handler options of the session. */
    readonly sdhOptions: SessionDescriptionHandlerOptions | undefined,
  ) {
    this.holder = new StateHolder<SessionState>(SessionState.Initial, userAgent, "session");
    this.streams = new LazySubjects(userAgent, "session", "session.");
    userAgent.owned.add(this);
  }

  /** The session's id: Call-ID and tags (set once a dialog exists). */
  abstract get id(): string;

  /** Our party. */
  abstract get localIdentity(): NameAddr;
  /** The peer. */
  abstract get remoteIdentity(): NameAddr;

  /** P-Asserted-Identity of the peer, when given (RFC 3325). */
  assertedIdentity: NameAddr | undefined;

  get state(): SessionState {
    return this.holder.value;
  }

  get stateChange(): Emitter<SessionState> {
    return this.holder.stateChange;
  }

  /** The session state, replaying the current one; completes after Terminated. */
  get state$(): Observable<SessionState> {
    return this.holder.state$;
  }

  get refers$(): Observable<Referral> {
    return this.streams.stream("refers");
  }

  get infos$(): Observable<Info> {
    return this.streams.stream("infos");
  }

  get dtmf$(): Observable<DtmfEvent> {
    return this.streams.stream("dtmf");
  }

  get messages$(): Observable<Message> {
    return this.streams.stream("messages");
  }

  /** Re-INVITEs the peer sent (after they were answered). */
  get reinvites$(): Observable<SipRequest> {
    return this.streams.stream("reinvites");
  }

  get notifications$(): Observable<Notification> {
    return this.streams.stream("notifications");
  }

  /**
   * rxsip: what happened to the session when its transport dropped while it was
   * Established: `pending`, `reinviting`, then `recovered` or `failed` (see
   * {@link SessionRecoveryEvent}); also on `userAgent.recoveries$`. Only with the user agent's
   * `sessionRecovery: sessionRecovery()`; silent without it. Completes with the session.
   */
  get recovery$(): Observable<SessionRecoveryEvent> {
    return this.streams.stream("recovery");
  }

  /** ACKs of the 2xx we sent (beside `delegate.onAck`): the call is confirmed; an offerless INVITE's answer is in it. */
  get acks$(): Observable<SipRequest> {
    return this.streams.stream("acks");
  }

  /** The peer's BYE (beside `delegate.onBye`); `state$` says Terminated right after it. */
  get byes$(): Observable<Bye> {
    return this.streams.stream("byes");
  }

  /**
   * The media handler, when the session makes it (`provisional: false`) and when an early
   * answer was applied to it (`provisional: true`); beside `delegate.onSessionDescriptionHandler`.
   */
  get sessionDescriptionHandlers$(): Observable<SessionDescriptionHandlerEvent> {
    return this.streams.stream("sessionDescriptionHandlers");
  }

  /**
   * rxsip: trickle ICE (RFC 8840): each INFO of candidates we sent, and each one of the
   * peer's whose candidates were handed to the media. Only calls that trickle have any.
   */
  get trickleIce$(): Observable<TrickleIceEvent> {
    return this.streams.stream("trickleIce");
  }

  /** The media handler (made on first use by the user agent's factory). */
  get sessionDescriptionHandler(): SessionDescriptionHandler | undefined {
    return this.sdh;
  }

  /** The protocol dialog of the session, once one exists. */
  get dialog(): InviteSession | undefined {
    return this.core;
  }

  /** True while the local side holds the session (after `hold()` / `invite({ sessionDescriptionHandlerOptions: { hold: true } })`). */
  get isOnHold(): boolean {
    return this.held;
  }

  /** @internal */
  protected transition(to: SessionState): void {
    const from = this.holder.value;
    if (from === to) return;
    if (!canMove(from, to)) throw new SessionStateError(`invalid session state transition ${from} -> ${to}`);
    // listeners are guarded by the holder: the clean-up below runs whatever they throw
    this.holder.set(to);
    if (to === SessionState.Terminated) this.finish();
  }

  /** @internal Moves to Terminated (nothing happens when the session is there already). */
  protected end(): void {
    this.transition(SessionState.Terminated);
  }

  private finish(): void {
    this.trickle?.stop();
    this.sdhDtmf?.unsubscribe();
    this.sdhDtmf = undefined;
    this.sdh?.close();
    this.userAgent.owned.delete(this);
    if (this.core) this.userAgent.sessions.delete(this.core.id);
    const referrals = this.referrals;
    this.referrals = undefined;
    for (const p of referrals?.values() ?? []) p.end();
    this.streams.complete();
    this.holder.complete();
  }

  /** @internal the media handler, made on first use. */
  getSdh(): SessionDescriptionHandler {
    if (this.sdh !== undefined) return this.sdh;
    const factory = this.userAgent.configuration.sessionDescriptionHandlerFactory;
    if (factory === undefined) throw new MediaUnavailableError();
    const sdh = factory(this, this.userAgent.configuration.sessionDescriptionHandlerFactoryOptions ?? {});
    this.sdh = sdh;
    // rxsip's handlers tell the RFC 4733 digits they receive; SIP.js's have no dtmf$
    this.sdhDtmf = sdh.dtmf$?.subscribe?.({ next: (d) => this.streams.next("dtmf", { via: "rfc4733", ...d }), error: () => undefined });
    this.tellSdh(sdh, false);
    return sdh;
  }

  /** @internal Gives the peer's SDP to the handler, and remembers it (DTMF transport choice). */
  protected setRemoteDescription(body: string, options?: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
    this.lastRemoteBody = body;
    return this.getSdh().setDescription(body, options, modifiers);
  }

  /**
   * @internal The handler's answer to the peer's offer `body` (given to it first), or its
   * offer when `body` is empty (an offerless INVITE or re-INVITE).
   */
  protected async describe(body: string, options?: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<{ body: string; contentType: string }> {
    if (body !== "") await this.setRemoteDescription(body, options, modifiers);
    return this.getSdh().getDescription(options, modifiers);
  }

  /**
   * @internal Starts trickle ICE in this call when the user agent has `trickleIce()` and the
   * options (and, for an answer, the caller's `invite`) allow it; the call's trickle, if any.
   */
  protected startTrickle(options: SessionDescriptionHandlerOptions | undefined, invite?: SipRequest): TrickleIce | undefined {
    return (this.trickle ??= this.userAgent.configuration.trickleIce?.start(
      {
        userAgent: this.userAgent,
        sdh: () => this.getSdh(),
        remoteDescription: () => this.lastRemoteBody,
        tell: (e) => this.streams.next("trickleIce", e),
      },
      options,
      invite,
    ));
  }

  /** @internal the protocol session is known: take its requests. */
  protected attach(core: InviteSession): void {
    this.core = core;
    this.userAgent.sessions.set(core.id, this);
    core.delegate = new Session.CoreDelegate(this);
  }

  /**
   * What the protocol session tells the session: one small object per call, its methods on
   * the prototype (rather than a closure per callback, kept for the whole call).
   */
  private static readonly CoreDelegate = class implements InviteSessionDelegate {
    constructor(private readonly session: Session) {}
    onAck(ack: SipRequest): void {
      this.session.receiveAck(ack);
    }
    onBye(bye: SipRequest): void {
      this.session.receiveBye(bye);
    }
    onReinvite(refresh: IncomingRefresh): void {
      this.session.answerRefresh(refresh, "INVITE");
    }
    onUpdate(refresh: IncomingRefresh): void {
      this.session.answerRefresh(refresh, "UPDATE");
    }
    onRequest(incoming: IncomingNonInvite): void {
      this.session.receiveInDialog(incoming);
    }
    refreshBody(): string | undefined {
      return this.session.lastLocalBody;
    }
    onTerminated(): void {
      this.session.end();
    }
  };

  /** @internal The body of the last description we sent (for re-INVITE session refreshes). */
  lastLocalBody: string | undefined;

  /**
   * @internal Tells `value` to the stream `name`, then the delegate's `callback` with `args`
   * (what it throws goes to `userAgent.errors$`).
   */
  protected tell<K extends keyof SessionStreams>(name: K, value: SessionStreams[K], callback: keyof SessionDelegate, ...args: unknown[]): void {
    this.streams.tell(name, value, this.delegate, callback, args);
  }

  /** @internal We put an offer in our 2xx (to an INVITE or re-INVITE without one): its answer comes in the ACK. */
  protected offeredIn2xx = false;

  /** @internal ACK for our 2xx: it may carry the answer to an offer we put in the 2xx (RFC 3261 §13.2.1, §14.2). */
  protected receiveAck(ack: SipRequest): void {
    if (this.offeredIn2xx && ack.body !== "") {
      this.offeredIn2xx = false;
      this.setRemoteDescription(ack.body).catch(() => this.bye().catch(() => undefined));
    }
    this.tell("acks", ack, "onAck", { request: ack });
  }

  /** A BYE from the peer (the core answered it and ends the dialog after this returns). */
  private receiveBye(request: SipRequest): void {
    const bye = new Bye(request);
    this.tell("byes", bye, "onBye", bye);
  }

  /** @internal A media handler was made (or, `provisional`, given an early answer): stream and delegate. */
  protected tellSdh(sdh: SessionDescriptionHandler, provisional: boolean): void {
    this.tell("sessionDescriptionHandlers", { sessionDescriptionHandler: sdh, provisional }, "onSessionDescriptionHandler", sdh, provisional);
  }

  // ---- requests in the session -----------------------------------------------------------------

  /** @internal The call is not up yet: Initial or Establishing. */
  protected isEarly(): boolean {
    return this.state === SessionState.Initial || this.state === SessionState.Establishing;
  }

  private established(what: string): InviteSession {
    if (this.state !== SessionState.Established || this.core === undefined) {
      throw new SessionStateError(`${what} needs an established session (state ${this.state})`);
    }
    return this.core;
  }

  /** Ends the session (BYE). Resolves once sent; the state moves Terminating → Terminated. */
  async bye(options: SessionByeOptions = {}): Promise<OutgoingRequestMessage> {
    const core = this.established("bye()");
    // the caller's headers are checked before anything changes: a bad one leaves the call up
    const request = inDialog(options.requestOptions);
    checkHeaderPairs(request.extraHeaders ?? []);
    this.transition(SessionState.Terminating);
    try {
      return { message: core.bye(request, coreHandlers(guardRequestDelegate(this.userAgent, options.requestDelegate), () => this.byeSettled?.())).request };
    } catch (e) {
      // the BYE could not be made: the session ends here rather than stay Terminating
      this.end();
      throw e;
    }
  }

  /** INFO (RFC 6086). */
  info(options: SessionInfoOptions = {}): Promise<OutgoingRequestMessage> {
    return this.send("INFO", options);
  }

  /** MESSAGE in the dialog (RFC 3428). */
  message(options: SessionMessageOptions = {}): Promise<OutgoingRequestMessage> {
    return this.send("MESSAGE", options);
  }

  private async send(method: string, options: SessionByeOptions): Promise<OutgoingRequestMessage> {
    const core = this.established(method);
    return { message: core.request(method, inDialog(options.requestOptions), coreHandlers(guardRequestDelegate(this.userAgent, options.requestDelegate))).request };
  }

  /**
   * Sends DTMF keys (0-9, *, #, A-D; "," is a pause in the media and skipped in INFO): as RFC
   * 4733 events through the media handler, or one INFO per key (RFC 6086; body
   * `application/dtmf-relay` or `application/dtmf`), each sent once the previous one was
   * answered so the keys arrive in order. By default ("auto") RFC 4733 when the peer's SDP
   * has telephone-event and the handler sends it, INFO otherwise. Resolves true when the
   * handler took the keys or every INFO got a 2xx; false when it could not. INFO needs the
   * user agent's `dtmfInfo: dtmfInfo()`: without it "auto" is RFC 4733, and "info" an
   * `InvalidOptionError`.
   */
  async dtmf(tones: string, options: SessionDtmfOptions = {}): Promise<boolean> {
    const { transport = "auto", contentType, duration, interToneGap } = options;
    checkDtmf(typeof tones === "string" && /^[0-9A-D#*,]+$/i.test(tones), "tones", tones);
    checkDtmf(transport === "auto" || transport === "info" || transport === "rfc4733", "transport", transport);
    this.established("dtmf()");
    const info = this.userAgent.configuration.dtmfInfo;
    if (info === undefined && transport === "info") throw new InvalidOptionError("DTMF in INFO needs the user agent option dtmfInfo: dtmfInfo()");
    const media = { duration, interToneGap };
    if (info === undefined || transport === "rfc4733") return this.getSdh().sendDtmf(tones, media);
    if (transport === "auto" && info.inMedia(this.lastRemoteBody) && this.sdh?.sendDtmf(tones, media)) return true;
    // each INFO resolves with its final status (408 timed out, 503 not sent)
    return info.send(tones, duration, contentType, (body) => new Promise<number>((resolve) => this.established("dtmf()").request("INFO", inDialog({ body }), coreHandlers(undefined, (r) => resolve(r?.statusCode ?? 408)))));
  }

  /**
   * Re-INVITE (SIP.js `session.invite()`): renegotiates media with a new offer from the
   * handler (`sessionDescriptionHandlerOptions.hold` puts the session on hold). Rejects with
   * RequestPendingError while an offer/answer exchange is in progress.
   */
  invite(options: SessionInviteOptions = {}): Promise<OutgoingRequestMessage> {
    return this.renegotiate("INVITE", options);
  }

  /** UPDATE (RFC 3311) with a new offer, or without a body when `withoutSdp`. */
  update(options: SessionInviteOptions = {}): Promise<OutgoingRequestMessage> {
    return this.renegotiate("UPDATE", options);
  }

  /** Puts the session on hold (re-INVITE with a sendonly offer). */
  hold(options: SessionInviteOptions = {}): Promise<OutgoingRequestMessage> {
    return this.invite({ ...options, sessionDescriptionHandlerOptions: { ...options.sessionDescriptionHandlerOptions, hold: true } });
  }

  /**
   * Takes the session off hold: a re-INVITE whose offer is sendrecv again. Resolves once the re-INVITE is
   * sent; the outcome arrives on `options.requestDelegate`.
   */
  unhold(options: SessionInviteOptions = {}): Promise<OutgoingRequestMessage> {
    return this.invite({ ...options, sessionDescriptionHandlerOptions: { ...options.sessionDescriptionHandlerOptions, hold: false } });
  }

  private async renegotiate(method: "INVITE" | "UPDATE", options: SessionInviteOptions): Promise<OutgoingRequestMessage> {
    const core = this.established(method);
    const trickle = this.trickle?.active === true ? this.trickle : undefined;
    const sdhOptions = { ...this.sdhOptions, ...options.sessionDescriptionHandlerOptions, trickleIce: trickle ? ("full" as const) : false };
    const modifiers = options.sessionDescriptionHandlerModifiers;
    let body: { body: string; contentType: string } | undefined;
    /** Our offer (again, after a 491: made after whatever the peer changed meanwhile). */
    const makeOffer = async () => {
      body = await this.getSdh().getDescription(sdhOptions, modifiers);
      trickle?.described(body.body);
      return body;
    };
    if (!options.withoutSdp) {
      // the exchange is ours while the offer is made (ICE may take seconds): a crossing offer gets 491
      const release = core.reserve(method);
      try {
        await makeOffer();
      } finally {
        release();
      }
      // the new offer's candidates wait until the peer has it (its answer came)
      trickle?.hold();
    }
    const reopen = () => trickle?.open(core);
    const forgetOffer = () => void this.getSdh().rollbackDescription?.().catch(() => undefined);
    const rollback = () => {
      forgetOffer();
      reopen();
    };
    const req = inDialog(options.requestOptions);
    if (body) {
      req.body = body.body;
      req.contentType = body.contentType;
    }
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    // a re-INVITE without an offer: the 2xx carries the peer's, the ACK our answer (RFC 3261 §13.2.2.4)
    const answerInAck = method === "INVITE" && !body;
    const handlers = {
      autoAck: !answerInAck,
      onAccept: async (response: SipResponse) => {
        if (body && response.body) {
          await this.setRemoteDescription(response.body, sdhOptions, modifiers).catch(() => undefined);
        }
        if (answerInAck && !(await this.answerInAck(core, response, sdhOptions, modifiers))) return;
        if (body) this.lastLocalBody = body.body;
        this.held = sdhOptions.hold === true;
        reopen();
        delegate?.onAccept?.({ message: response });
      },
      onReject: (response: SipResponse) => {
        rollback();
        delegate?.onReject?.({ message: response });
      },
      // §14.1: the retry after a 491 was given up (our offer was forgotten at the 491): the 491 is the outcome
      onAbandoned: (response: SipResponse) => {
        reopen();
        delegate?.onReject?.({ message: response });
      },
      // after a 491 our offer is forgotten (the peer's may come first), and the retry makes a new one
      ...(body && { onRequestPending: forgetOffer, renew: makeOffer }),
    };
    const message = method === "INVITE" ? core.reinvite(req, handlers) : core.update(req, handlers);
    return { message };
  }

  /**
   * ACKs the 2xx of our re-INVITE without an offer with the answer to the offer it carries;
   * an offer the handler refuses gets an ACK whose answer refuses every stream, then BYE (RFC 3261 §13.2.2.4); a 2xx without one, an empty ACK.
   * False when the call ends.
   */
  private async answerInAck(core: InviteSession, response: SipResponse, options: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<boolean> {
    if (response.body === "") {
      core.ack(response); // no offer after all: nothing changes
      return true;
    }
    try {
      const answer = await this.describe(response.body, options, modifiers);
      core.ack(response, answer);
      this.lastLocalBody = answer.body;
      return true;
    } catch {
      core.ackRefusing(response);
      this.bye().catch(() => undefined);
      return false;
    }
  }

  /**
   * REFER (RFC 3515): blind transfer to a URI, or attended transfer to another session
   * (Refer-To with Replaces, RFC 3891). Resolves once sent; the outcome is `transfer()`.
   */
  async refer(referTo: Uri | Session, options: SessionReferOptions = {}): Promise<OutgoingRequestMessage> {
    return { message: this.startRefer(referTo, options).request };
  }

  /**
   * rxsip: REFER and follow its outcome — a stream of the sipfrag status lines of the NOTIFYs
   * ("SIP/2.0 100 Trying", "SIP/2.0 200 OK" ...) that completes on the final one, and a
   * promise of the final status code (or the REFER's own failure code).
   */
  transfer(referTo: Uri | Session, options: SessionReferOptions = {}): { progress$: Observable<string>; outcome: Promise<number> } {
    const { progress } = this.startRefer(referTo, options);
    return { progress$: progress.status$, outcome: progress.outcome };
  }

  private startRefer(referTo: Uri | Session, options: SessionReferOptions): { progress: ReferralProgress; request: SipRequest } {
    const core = this.established("refer()");
    let target: string;
    if (referTo instanceof Session) {
      const other = referTo.core;
      if (other === undefined || referTo.state !== SessionState.Established) throw new SessionStateError("the session to replace is not established");
      const uri = referTo.remoteIdentity.uri.clone();
      // RFC 3891 §3: Replaces names the dialog as the target sees it: its Call-ID, to-tag = its local tag
      uri.headers = { Replaces: `${other.dialog.callId};to-tag=${other.dialog.remoteTag};from-tag=${other.dialog.localTag}` };
      target = `<${uri.toString()}>`;
    } else target = `<${referTo.toString()}>`;
    const req = inDialog(options.requestOptions);
    req.extraHeaders = [...(req.extraHeaders ?? []), ["Refer-To", target], ["Referred-By", `<${this.userAgent.configuration.uri.toString()}>`]];
    const progress = new ReferralProgress();
    const requestDelegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    const out = core.request("REFER", req, {
      onAccept: (r) => {
        requestDelegate?.onAccept?.({ message: r });
        progress.accepted(r, this.userAgent.scheduler, 64 * (this.userAgent.userAgentCore.timers?.T1 ?? 500));
      },
      onReject: (r) => {
        requestDelegate?.onReject?.({ message: r });
        progress.fail(r.statusCode);
      },
      onTimeout: () => progress.fail(408),
      onTransportError: () => progress.fail(503),
    });
    const key = String(out.request.cseq.seq);
    const referrals = (this.referrals ??= new Map());
    referrals.set(key, progress);
    if (options.onNotify) progress.onNotify = options.onNotify;
    progress.whenDone(() => referrals.delete(key));
    return { progress, request: out.request };
  }

  // ---- what arrives ----------------------------------------------------------------------------

  private receiveInDialog(incoming: IncomingNonInvite): void {
    const request = incoming.request;
    switch (request.method) {
      case "INFO": {
        // RFC 8840: candidates of the trickle-ice package, when this call trickles
        if (this.trickle?.take(incoming)) return;
        const dtmf = this.userAgent.configuration.dtmfInfo?.read(request);
        if (dtmf) this.streams.next("dtmf", dtmf);
        // unclaimed, or DTMF with no onInfo to answer it: 200
        if (this.streams.tell("infos", new Info(incoming), this.delegate, "onInfo") === false || (dtmf && !this.delegate?.onInfo)) incoming.accept();
        return;
      }
      case "MESSAGE":
        this.streams.dispatch("messages", new Message(incoming), this.delegate, "onMessage", 200, incoming);
        return;
      case "REFER":
        this.streams.dispatch("refers", this.userAgent.makeReferral(incoming, this), this.delegate, "onRefer", 405, incoming);
        return;
      case "NOTIFY": {
        let id: string | null | undefined;
        try {
          id = request.parseHeader("event", "Event")?.params["id"];
        } catch {
          // an unreadable Event names no referral
        }
        const referrals = this.referrals;
        const progress = id != null ? referrals?.get(id) : referrals?.size === 1 ? [...referrals.values()][0] : undefined;
        if (progress !== undefined) {
          incoming.accept();
          progress.receive(request);
          return;
        }
        this.streams.dispatch("notifications", new Notification(incoming), this.delegate, "onNotify", 200, incoming);
        return;
      }
      case "SUBSCRIBE":
        // RFC 6665 §4.2.1.1: a 2xx owes an Expires and a NOTIFY at once; no event package is served in a call
        incoming.reject({ statusCode: 489 });
        return;
      default:
        incoming.accept();
    }
  }

  /**
   * A re-INVITE or UPDATE from the peer: the handler answers its offer (or makes one for an
   * offerless re-INVITE); an UPDATE without a body is accepted as it is.
   */
  private answerRefresh(refresh: IncomingRefresh, method: "INVITE" | "UPDATE"): void {
    const request = refresh.request;
    if (method === "UPDATE" && request.body === "") {
      refresh.accept();
      return;
    }
    const trickle = this.trickle?.active === true ? this.trickle : undefined;
    // no media handler, or an offer it refuses: 488 (RFC 3261 §14.2)
    this.describe(request.body, { ...this.sdhOptions, trickleIce: trickle ? "full" : false }).then(
      (desc) => {
        this.lastLocalBody = desc.body;
        trickle?.described(desc.body);
        // a re-INVITE without an offer: ours goes in the 2xx, the answer comes in the ACK
        if (method === "INVITE" && request.body === "") this.offeredIn2xx = true;
        refresh.accept({ body: desc.body, contentType: desc.contentType });
        if (method === "INVITE") this.tell("reinvites", request, "onInvite", request, "", 200);
      },
      () => refresh.reject({ statusCode: 488 }),
    );
  }

  // ---- recovery after the transport dropped (with the user agent's `sessionRecovery()`) --------

  /** @internal The transport dropped while Established and the session waits to be recovered. */
  recoveryPending = false;

  /** @internal Tells how the recovery goes, here and on `userAgent.recoveries$`. */
  tellRecovery(event: SessionRecoveryEvent): void {
    this.streams.next("recovery", event);
    this.userAgent.tellRecovery(event);
  }

  // ---- disposal --------------------------------------------------------------------------------

  /** Ends the session in whatever way its state calls for (BYE, CANCEL, reject). */
  abstract dispose(): Promise<void>;

  /** @internal */
  /**
   * @internal Ends an established session with BYE and resolves when the BYE is answered (or
   * failed), at most `DISPOSE_BYE_WAIT` ms later on the user agent's scheduler — so that
   * `userAgent.stop()` does not close the transport under a BYE still on its way.
   */
  protected disposeEstablished(): Promise<void> {
    if (this.state !== SessionState.Established) {
      this.end();
      return Promise.resolve();
    }
    return new Promise<void>((resolve) => {
      const cap = this.userAgent.scheduler.schedule(() => resolve(), DISPOSE_BYE_WAIT);
      const done = () => {
        cap.unsubscribe();
        resolve();
      };
      this.byeSettled = done;
      this.bye().catch(done);
    });
  }

  /** @internal told when our BYE got its final response, timed out or could not be sent. */
  private byeSettled: (() => void) | undefined;
}

/** `data` not read nor set yet. */
const NO_DATA: unique symbol = Symbol("no data");

/** @internal What each of a session's streams carries. */
export interface SessionStreams {
  refers: Referral;
  infos: Info;
  dtmf: DtmfEvent;
  messages: Message;
  reinvites: SipRequest;
  notifications: Notification;
  recovery: SessionRecoveryEvent;
  acks: SipRequest;
  byes: Bye;
  sessionDescriptionHandlers: SessionDescriptionHandlerEvent;
  trickleIce: TrickleIceEvent;
  /** Invitation's `prack$`. */
  prack: SipRequest;
}

/** A media handler the session made (`provisional: false`), or one given an early answer (`provisional: true`). */
export interface SessionDescriptionHandlerEvent {
  sessionDescriptionHandler: SessionDescriptionHandler;
  provisional: boolean;
}


/** How long `dispose()` waits for the answer to its BYE before going on (ms). */
export const DISPOSE_BYE_WAIT = 2000;

/**
 * SIP.js request options to the core's in-dialog options. The body may come in SIP.js's
 * shape or rxsip's; a malformed one throws InvalidOptionError (it is never sent empty).
 */
export function inDialog(options: RequestOptions | undefined): { extraHeaders?: Array<readonly [string, string]>; body?: string; contentType?: string } {
  const out: { extraHeaders?: Array<readonly [string, string]>; body?: string; contentType?: string } = {};
  if (options?.extraHeaders) out.extraHeaders = headerPairs(options.extraHeaders);
  const body = requestBody(options?.body);
  if (body) {
    out.body = body.body;
    out.contentType = body.contentType;
    if (body.contentDisposition !== undefined) out.extraHeaders = [...(out.extraHeaders ?? []), ["Content-Disposition", body.contentDisposition]];
  }
  return out;
}
