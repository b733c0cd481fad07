import { BehaviorSubject, type Observable } from "rxjs";
import { Invitation, type InvitationAcceptOptions } from "../api/Invitation.js";
import type { Session } from "../api/Session.js";
import { SessionState } from "../api/SessionState.js";
import { InvalidOptionError, RequestFailedError, SessionStateError } from "../api/errors.js";
import { establish } from "../operators/establish.js";
import { hangup } from "../operators/hangup.js";
import type { OutgoingRequestDelegate } from "../api/requestTypes.js";
import type { Uri } from "../core/messages/index.js";
import { enableSenderTracks, localStreamOf, remoteStreamOf } from "./callMedia.js";

/** Which way a call was set up. */
export type SimpleCallDirection = "incoming" | "outgoing";

/** What a {@link SimpleCall} tells its SimpleUser. @internal */
export interface SimpleCallHooks {
  answered(call: SimpleCall): void;
  held(call: SimpleCall, held: boolean): void;
  ended(call: SimpleCall): void;
  dtmf(call: SimpleCall, tone: string, duration: number): void;
  now(): number;
  useMediaDtmf: boolean;
  constraints: object;
}

/**
 * One call of a {@link SimpleUser}: SIP.js SimpleUser's per-call methods (answer, decline,
 * hangup, hold, unhold, mute, unmute, sendDTMF) on one session, so that several calls can
 * exist at once; plus `state$`, `held$` and `muted$` for views.
 *
 * @example
 * ```ts
 * import { SimpleUser } from "rxsip";
 * declare const user: SimpleUser;
 *
 * user.callReceived$.subscribe(async (call) => {
 *   console.log(call.direction, call.remoteName, call.remoteUri);
 *   call.held$.subscribe((held) => console.log(held ? "on hold" : "talking"));
 *   await call.answer();
 *   await call.sendDTMF("1");
 * });
 * ```
 */
export class SimpleCall {
  readonly direction: SimpleCallDirection;
  /** When the call was made / arrived, answered and ended, in the user agent's scheduler time (ms). */
  readonly createdAt: number;
  answeredAt: number | undefined;
  endedAt: number | undefined;
  private readonly heldSubject = new BehaviorSubject(false);
  private readonly mutedSubject = new BehaviorSubject(false);

  /** @internal a SimpleUser makes its calls */
  constructor(
    readonly session: Session,
    private readonly hooks: SimpleCallHooks,
  ) {
    this.direction = session instanceof Invitation ? "incoming" : "outgoing";
    this.createdAt = hooks.now();
    session.state$.subscribe({
      next: (state) => {
        if (state === SessionState.Established && this.answeredAt === undefined) {
          this.answeredAt = hooks.now();
          hooks.answered(this);
        }
        if (state === SessionState.Terminated) this.end();
      },
      complete: () => this.end(),
    });
    session.dtmf$.subscribe((d) => hooks.dtmf(this, d.tone, d.duration));
  }

  /** The session's id (Call-ID and tags). */
  get id(): string {
    return this.session.id;
  }

  /** The far end's URI, as text. */
  get remoteUri(): string {
    return this.session.remoteIdentity.uri.toString();
  }

  /** The far end's display name, or its user part. */
  get remoteName(): string {
    const id = this.session.remoteIdentity;
    return id.displayName || id.uri.user || this.remoteUri;
  }

  get state(): SessionState {
    return this.session.state;
  }

  /** The session's state, replayed. */
  get state$(): Observable<SessionState> {
    return this.session.state$;
  }

  /** Whether we hold the call, replayed. */
  get held$(): Observable<boolean> {
    return this.heldSubject.asObservable();
  }

  /** Whether our microphone is muted, replayed. */
  get muted$(): Observable<boolean> {
    return this.mutedSubject.asObservable();
  }

  /** The remote media stream of a WebRTC handler (undefined with other handlers). */
  get remoteMediaStream(): unknown {
    return remoteStreamOf(this.session.sessionDescriptionHandler);
  }

  /** The local media stream of a WebRTC handler (undefined with other handlers). */
  get localMediaStream(): unknown {
    return localStreamOf(this.session.sessionDescriptionHandler);
  }

  /** True until the call has ended. */
  get live(): boolean {
    return this.endedAt === undefined;
  }

  /**
   * Accepts an incoming call (200 OK with our answer) as the `acceptInvites` operator does;
   * resolves once the call is established (our 2xx acknowledged), rejects with its
   * `InvitationFailedError` when it could not be accepted or the caller hung up first.
   */
  answer(options: InvitationAcceptOptions = {}): Promise<void> {
    const invitation = this.session;
    if (!(invitation instanceof Invitation)) return Promise.reject(new SessionStateError("answer() needs an incoming call"));
    const sdhOptions = { constraints: this.hooks.constraints, ...(options.sessionDescriptionHandlerOptions ?? {}) };
    return new Promise((resolve, reject) => establish(invitation, { ...options, sessionDescriptionHandlerOptions: sdhOptions }).subscribe({ next: () => resolve(), error: reject }));
  }

  /** Refuses an incoming call that has not been answered (SIP.js: 480; `statusCode` to choose, e.g. 486 or 603). */
  decline(statusCode?: number): Promise<void> {
    if (!(this.session instanceof Invitation)) return Promise.reject(new SessionStateError("decline() needs an incoming call"));
    return this.session.reject(statusCode === undefined ? {} : { statusCode });
  }

  /** Ends the call whatever its state: CANCEL while ours rings, 480 while theirs rings, BYE once established. */
  async hangup(): Promise<void> {
    await hangup(this.session);
  }

  /** Puts the call on hold: a re-INVITE with a sendonly offer; resolves when it is accepted. */
  hold(): Promise<void> {
    return this.setHold(true);
  }

  /** Takes the call off hold; resolves when the re-INVITE is accepted. */
  unhold(): Promise<void> {
    return this.setHold(false);
  }

  /** Whether we put the call on hold (and the re-INVITE was accepted). */
  isHeld(): boolean {
    return this.heldSubject.value;
  }

  /** Stops sending our microphone (the tracks are disabled; no signalling). */
  mute(): void {
    this.mutedSubject.next(true);
    this.applySenders();
  }

  /** Sends our microphone again (the tracks are enabled; no signalling). */
  unmute(): void {
    this.mutedSubject.next(false);
    this.applySenders();
  }

  /** Whether our microphone is muted. */
  isMuted(): boolean {
    return this.mutedSubject.value;
  }

  /** Sends one DTMF tone: INFO application/dtmf-relay, or RFC 4733 in the media when configured so. */
  async sendDTMF(tone: string): Promise<void> {
    if (!/^[0-9A-D#*,]$/i.test(tone)) throw new InvalidOptionError(`invalid DTMF tone ${JSON.stringify(tone)}`);
    const ok = await this.session.dtmf(tone, { transport: this.hooks.useMediaDtmf ? "rfc4733" : "info" });
    if (!ok) throw new SessionStateError("the media handler could not send DTMF");
  }

  /** Blind transfer (REFER, RFC 3515); resolves with the final status the transferee reports. */
  transfer(target: Uri): Promise<number> {
    return this.session.transfer(target).outcome;
  }

  private setHold(hold: boolean): Promise<void> {
    if (this.session.state !== SessionState.Established) return Promise.reject(new SessionStateError("hold needs an established call"));
    if (this.heldSubject.value === hold) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const requestDelegate: OutgoingRequestDelegate = {
        onAccept: () => {
          this.heldSubject.next(hold);
          this.applySenders();
          this.hooks.held(this, hold);
          resolve();
        },
        onReject: (r) => reject(new RequestFailedError(r.message.statusCode, r.message.reasonPhrase)),
      };
      const sent = hold ? this.session.hold({ requestDelegate }) : this.session.unhold({ requestDelegate });
      sent.catch(reject);
    });
  }

  private applySenders(): void {
    enableSenderTracks(this.session.sessionDescriptionHandler, !(this.mutedSubject.value || this.heldSubject.value));
  }

  private end(): void {
    if (this.endedAt !== undefined) return;
    this.endedAt = this.hooks.now();
    this.heldSubject.complete();
    this.mutedSubject.complete();
    this.hooks.ended(this);
  }
}
