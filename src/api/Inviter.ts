import { Observable, Subject } from "rxjs";
import type { InviteSession } from "../core/dialogs/index.js";
import { NameAddr, type SipRequest, type SipResponse, Uri } from "../core/messages/index.js";
import type { OutgoingInvite } from "../core/user-agent-core/index.js";
import { InvalidOptionError, SessionStateError } from "./errors.js";
import { headerPairs } from "./IncomingRequestContext.js";
import { makeUri } from "./makeUri.js";
import type { IncomingResponse, OutgoingRequestMessage, RequestOptions } from "./requestTypes.js";
import { Session, type SessionDelegate } from "./Session.js";
import type { SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";
import { SessionState } from "./SessionState.js";
import type { UserAgent } from "./UserAgent.js";

/** SIP.js's `InviterOptions`. */
export interface InviterOptions {
  /** Send From as anonymous (RFC 3323). */
  anonymous?: boolean;
  /** Use SDP in provisional responses as the answer (early media) even without 100rel. */
  earlyMedia?: boolean;
  extraHeaders?: string[];
  /** Send the INVITE without an offer (the offer comes in the 2xx, the answer in the ACK). */
  inviteWithoutSdp?: boolean;
  params?: {
    fromDisplayName?: string;
    fromTag?: string;
    fromUri?: string | Uri;
    toDisplayName?: string;
    toUri?: string | Uri;
    callId?: string;
  };
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiers?: SessionDescriptionHandlerModifier[];
  delegate?: SessionDelegate;
}

/** SIP.js's `OutgoingInviteRequestDelegate`. */
export interface InviterRequestDelegate {
  onAccept?(response: IncomingResponse): void;
  onProgress?(response: IncomingResponse): void;
  onRedirect?(response: IncomingResponse): void;
  onReject?(response: IncomingResponse): void;
  onTrying?(response: IncomingResponse): void;
}

export interface InviterInviteOptions {
  requestDelegate?: InviterRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiers?: SessionDescriptionHandlerModifier[];
  withoutSdp?: boolean;
}

export interface InviterCancelOptions {
  extraHeaders?: string[];
  reasonPhrase?: string;
  statusCode?: number;
}

/**
 * An outgoing call (SIP.js's `Inviter`): `invite()` sends the INVITE (the promise resolves
 * once it is sent), early media is played from SDP in provisional responses (reliable ones,
 * or any with `earlyMedia`; forking-safe: the first early dialog's answer is used),
 * `cancel()` sends CANCEL. `responses$` (rxsip) streams every response to the INVITE.
 */
export class Inviter extends Session {
  /** The INVITE as it will be (or was last) sent. */
  request: SipRequest;
  private outgoing: OutgoingInvite | undefined;
  private readonly options: InviterOptions;
  private readonly responsesSubject = new Subject<SipResponse>();
  private earlyMediaTag: string | undefined;
  private offered = false;
  private readonly local: NameAddr;
  private readonly remote: NameAddr;

  constructor(userAgent: UserAgent, targetURI: Uri, options: InviterOptions = {}) {
    super(userAgent, options.sessionDescriptionHandlerOptions);
    this.options = options;
    if (options.delegate) this.delegate = options.delegate;
    const core = userAgent.userAgentCore;
    const p = options.params ?? {};
    const fromUri = options.anonymous ? Uri.sip("anonymous", "anonymous.invalid") : toUri(p.fromUri) ?? userAgent.configuration.uri.clone();
    const fromName = options.anonymous ? "Anonymous" : p.fromDisplayName ?? (userAgent.configuration.displayName || undefined);
    this.local = new NameAddr({ uri: fromUri, ...(fromName !== undefined ? { displayName: fromName } : {}) });
    this.local.tag = p.fromTag ?? core.newTag();
    this.remote = new NameAddr({ uri: toUri(p.toUri) ?? targetURI.clone(), ...(p.toDisplayName !== undefined ? { displayName: p.toDisplayName } : {}) });
    const extraHeaders = headerPairs(options.extraHeaders);
    if (options.anonymous) extraHeaders.push(["Privacy", "id"]);
    this.request = core.createRequest("INVITE", targetURI, {
      from: this.local,
      to: this.remote,
      ...(p.callId !== undefined ? { callId: p.callId } : {}),
      extraHeaders,
    });
  }

  get id(): string {
    return this.request.callId + this.local.tag + (this.core?.dialog.remoteTag ?? "");
  }

  get localIdentity(): NameAddr {
    return this.local;
  }

  get remoteIdentity(): NameAddr {
    return this.remote;
  }

  /** rxsip: every response to the INVITE (provisional and final), completing with the session. */
  get responses$(): Observable<SipResponse> {
    return this.responsesSubject.asObservable();
  }

  /** Sends the INVITE. Rejects with SessionStateError unless the Inviter is in Initial state. */
  override async invite(options: InviterInviteOptions = {}): Promise<OutgoingRequestMessage> {
    if (this.state !== SessionState.Initial) {
      // SIP.js: invite() on an established session is a re-INVITE
      if (this.state === SessionState.Established) return super.invite(options);
      throw new SessionStateError(`invite() in state ${this.state}`);
    }
    const withoutSdp = options.withoutSdp ?? this.options.inviteWithoutSdp ?? false;
    const sdhOptions = { ...(this.options.sessionDescriptionHandlerOptions ?? {}), ...(options.sessionDescriptionHandlerOptions ?? {}) };
    const modifiers = options.sessionDescriptionHandlerModifiers ?? this.options.sessionDescriptionHandlerModifiers;
    this.transition(SessionState.Establishing);
    try {
      for (const [n, v] of headerPairs(options.requestOptions?.extraHeaders)) this.request.addHeader(n, v);
      if (!withoutSdp) {
        const desc = await this.getSdh().getDescription(sdhOptions, modifiers);
        this.request.setHeader("Content-Type", desc.contentType);
        this.request.body = desc.body;
        this.lastLocalBody = desc.body;
        this.offered = true;
      }
    } catch (e) {
      this.transition(SessionState.Terminated);
      throw e;
    }
    if ((this.state as SessionState) !== SessionState.Establishing) throw new SessionStateError("the call was cancelled before the INVITE was sent");
    const d = options.requestDelegate;
    this.outgoing = this.userAgent.userAgentCore.invite(
      this.request,
      {
        onTrying: (r) => {
          this.responsesSubject.next(r);
          d?.onTrying?.({ message: r });
        },
        onProgress: (r, early) => {
          this.responsesSubject.next(r);
          this.earlyMedia(r, early, sdhOptions, modifiers);
          d?.onProgress?.({ message: r });
        },
        onAccept: (r, session) => {
          this.responsesSubject.next(r);
          this.accepted(r, session, sdhOptions, modifiers, d);
        },
        onRedirect: (r) => this.failed(r, () => d?.onRedirect?.({ message: r })),
        onReject: (r) => this.failed(r, () => d?.onReject?.({ message: r })),
        onTimeout: () => this.failed(undefined, undefined),
        onTransportError: () => this.failed(undefined, undefined),
      },
      { autoAck: this.offered },
    );
    this.request = this.outgoing.request;
    return { message: this.request };
  }

  /** CANCEL (SIP.js): in Initial state ends the Inviter; while establishing sends CANCEL (§9.1). */
  cancel(options: InviterCancelOptions = {}): Promise<void> {
    void options;
    if (this.state === SessionState.Initial) {
      this.transition(SessionState.Terminated);
      return Promise.resolve();
    }
    if (this.state !== SessionState.Establishing) return Promise.reject(new SessionStateError(`cancel() in state ${this.state}`));
    this.outgoing?.cancel();
    this.transition(SessionState.Terminated);
    return Promise.resolve();
  }

  dispose(): Promise<void> {
    if (this.state === SessionState.Initial || this.state === SessionState.Establishing) return this.cancel();
    return this.disposeEstablished();
  }

  private earlyMedia(response: SipResponse, early: InviteSession | undefined, sdhOptions: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): void {
    if (!this.offered || response.body === "" || early === undefined) return;
    const reliable = response.hasHeader("rseq");
    if (!reliable && !this.options.earlyMedia) return;
    // forking: the first early dialog with an answer owns the media; later forks are ignored
    if (this.earlyMediaTag !== undefined && this.earlyMediaTag !== early.dialog.remoteTag) return;
    if (this.earlyMediaTag !== undefined) return; // the answer was applied already (§13.2.1: later SDP in this dialog is not a new answer)
    this.earlyMediaTag = early.dialog.remoteTag;
    this.getSdh()
      .setDescription(response.body, sdhOptions, modifiers)
      .then(() => this.delegate?.onSessionDescriptionHandler?.(this.getSdh(), true))
      .catch(() => undefined);
  }

  private accepted(
    response: SipResponse,
    session: InviteSession,
    sdhOptions: SessionDescriptionHandlerOptions,
    modifiers: SessionDescriptionHandlerModifier[] | undefined,
    d: InviterRequestDelegate | undefined,
  ): void {
    if (this.state === SessionState.Terminated) {
      // cancelled, but the 2xx won the race (§9.1): confirm and end it
      if (!this.offered) session.ack(response);
      try {
        session.bye();
      } catch {
        session.terminate("bye-sent");
      }
      return;
    }
    this.attach(session);
    const sdh = this.getSdh();
    const finish = () => {
      this.transition(SessionState.Established);
      d?.onAccept?.({ message: response });
    };
    if (this.offered) {
      // the answer is in the 2xx unless early media already applied this dialog's answer
      if (response.body !== "" && this.earlyMediaTag !== session.dialog.remoteTag) {
        sdh.setDescription(response.body, sdhOptions, modifiers).then(finish, () => this.failMedia(session));
      } else finish();
      return;
    }
    // offerless INVITE: the 2xx carries the offer, the ACK our answer
    sdh
      .setDescription(response.body, sdhOptions, modifiers)
      .then(() => sdh.getDescription(sdhOptions, modifiers))
      .then(
        (answer) => {
          this.lastLocalBody = answer.body;
          session.ack(response, { body: answer.body, contentType: answer.contentType });
          finish();
        },
        () => {
          session.ack(response);
          this.failMedia(session);
        },
      );
  }

  /** The answer could not be applied: end the call (RFC 3261 §13.2.2.4 lets the UAC send BYE). */
  private failMedia(session: InviteSession): void {
    try {
      session.bye({ extraHeaders: [["Reason", 'SIP;cause=488;text="Incompatible SDP"']] });
    } catch {
      session.terminate("bye-sent");
    }
  }

  private failed(response: SipResponse | undefined, tell: (() => void) | undefined): void {
    if (response) this.responsesSubject.next(response);
    tell?.();
    if (this.state !== SessionState.Terminated) this.transition(SessionState.Terminated);
    this.responsesSubject.complete();
  }

  protected override transition(to: SessionState): void {
    super.transition(to);
    if (to === SessionState.Terminated) this.responsesSubject.complete();
  }
}

function toUri(u: string | Uri | undefined): Uri | undefined {
  if (u === undefined) return undefined;
  if (u instanceof Uri) return u.clone();
  const parsed = makeUri(u);
  if (parsed === undefined) throw new InvalidOptionError(`not a URI: ${JSON.stringify(u.slice(0, 80))}`);
  return parsed;
}
