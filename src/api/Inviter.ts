import type { Observable } from "rxjs";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import type { InviteSession } from "../core/dialogs/index.js";
import { checkReasonPhrase, NameAddr, type SipRequest, type SipResponse, Uri } from "../core/messages/index.js";
import type { OutgoingInvite, OutgoingInviteHandlers } from "../core/user-agent-core/index.js";
import { InvalidOptionError, SessionStateError } from "./errors.js";
import { checkHeaderPairs, headerPairs } from "./IncomingRequestContext.js";
import { makeUri } from "./makeUri.js";
import { RequestStreams, type RequestOutcome } from "./RequestOutcome.js";
import type { IncomingResponse, OutgoingRequestMessage, RequestOptions } from "./requestTypes.js";
import { Session, type SessionDelegate } from "./Session.js";
import type { SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";
import { SessionState } from "./SessionState.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * SIP.js's `InviterOptions`.
 *
 * @example
 * ```ts
 * import { Inviter, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const inviter = new Inviter(userAgent, UserAgent.makeURI("sip:bob@example.com")!, {
 *   earlyMedia: true, // play ringback or announcements from 183 Session Progress
 *   extraHeaders: ["Subject: Lunch?"],
 *   sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } },
 *   delegate: { onBye: () => console.log("Bob hung up") },
 * });
 * ```
 */
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

/**
 * SIP.js's `OutgoingInviteRequestDelegate`.
 *
 * @example
 * ```ts
 * import type { Inviter } from "rxsip";
 * declare const inviter: Inviter;
 *
 * await inviter.invite({ requestDelegate: { onTrying: () => console.log("the proxy has it"), onRedirect: (r) => console.log(r.message.getHeaders("Contact")) } });
 * ```
 */
export interface InviterRequestDelegate {
  /** A 2xx answered the INVITE: the call is established (the ACK is sent by the session). */
  onAccept?(response: IncomingResponse): void;
  /** A provisional response other than 100 arrived (180 Ringing, 183 Session Progress ...). */
  onProgress?(response: IncomingResponse): void;
  /** A 3xx redirected the INVITE; its Contact headers say where the callee may be reached. */
  onRedirect?(response: IncomingResponse): void;
  /** A 4xx, 5xx or 6xx refused the INVITE (busy, declined, not found ...). */
  onReject?(response: IncomingResponse): void;
  /** 100 Trying arrived: the next hop has the INVITE and stopped retransmitting it. */
  onTrying?(response: IncomingResponse): void;
}

/**
 * Options of {@link Inviter.invite}: a delegate told of each response, extra header lines or a body, how the
 * media handler makes the offer, and `withoutSdp` to send an INVITE without an offer (the callee then offers
 * in its 2xx and the answer goes in the ACK).
 *
 * @example
 * ```ts
 * import type { Inviter } from "rxsip";
 * declare const inviter: Inviter;
 *
 * await inviter.invite({
 *   requestDelegate: {
 *     onProgress: (r) => console.log(r.message.statusCode, r.message.reasonPhrase), // 180 Ringing
 *     onAccept: () => console.log("answered"),
 *     onReject: (r) => console.log("failed:", r.message.statusCode),
 *   },
 * });
 * ```
 */
export interface InviterInviteOptions {
  requestDelegate?: InviterRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiers?: SessionDescriptionHandlerModifier[];
  withoutSdp?: boolean;
}

/**
 * Options of `Inviter.cancel()` (SIP.js's): header lines for the CANCEL, and a status code
 * and/or reason phrase, sent as a Reason header (RFC 3326), e.g. `Reason: SIP;cause=200;text="Call completed elsewhere"`.
 *
 * @example
 * ```ts
 * import type { Inviter } from "rxsip";
 * declare const inviter: Inviter;
 *
 * await inviter.cancel({ statusCode: 200, reasonPhrase: "Call completed elsewhere" }); // answered on another device
 * ```
 */
export interface InviterCancelOptions {
  /** Header lines (`"Name: value"`) added to the CANCEL; CR/LF in them is refused. */
  extraHeaders?: string[];
  /** The Reason header's `text` (its `cause` is `statusCode`, 487 when not given). */
  reasonPhrase?: string;
  /** The Reason header's `cause`, a SIP status code (200-699). */
  statusCode?: number;
}

/**
 * An outgoing call (SIP.js's `Inviter`): `invite()` sends the INVITE (the promise resolves
 * once it is sent), early media is played from SDP in provisional responses (reliable ones,
 * or any with `earlyMedia`; forking-safe: the first early dialog's answer is used),
 * `cancel()` sends CANCEL. `responses$` (rxsip) streams every response to the INVITE.
 *
 * @example
 * ```ts
 * import { Inviter, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const inviter = new Inviter(userAgent, UserAgent.makeURI("sip:bob@example.com")!);
 * inviter.state$.subscribe((state) => console.log("call", state)); // Initial, Establishing, Established ...
 * await inviter.invite();
 * ```
 */
export class Inviter extends Session {
  /** The INVITE as it will be (or was last) sent. */
  request: SipRequest;
  /** The INVITE in progress (for CANCEL); let go once it has its final response. */
  private outgoing: OutgoingInvite | undefined;
  private readonly options: InviterOptions;
  /** Behind `responses$` and `outcomes$`: complete once the INVITE is over. */
  private readonly requestStreams: RequestStreams;
  private earlyMediaTag: string | undefined;
  /** Answers in reliable provisionals of forks other than the early media one, by To tag: a bodiless 2xx of theirs uses it (RFC 3262). */
  private forkAnswers: Map<string, string> | undefined;
  private offered = false;
  /** The INVITE got its final response (or failed). */
  private final = false;
  /** The 2xx of an offerless INVITE while our answer (for its ACK) is being made. */
  private unacked2xx: SipResponse | undefined;

  constructor(userAgent: UserAgent, targetURI: Uri, options: InviterOptions = NO_OPTIONS) {
    super(userAgent, options.sessionDescriptionHandlerOptions);
    this.options = options;
    this.requestStreams = new RequestStreams(userAgent, "inviter");
    if (options.delegate) this.delegate = options.delegate;
    const core = userAgent.userAgentCore;
    const p = options.params ?? {};
    const fromUri = options.anonymous ? Uri.sip("anonymous", "anonymous.invalid") : toUri(p.fromUri) ?? userAgent.configuration.uri.clone();
    const fromName = options.anonymous ? "Anonymous" : p.fromDisplayName ?? (userAgent.configuration.displayName || undefined);
    const local = new NameAddr({ uri: fromUri, displayName: fromName });
    local.tag = p.fromTag ?? core.newTag();
    const remote = new NameAddr({ uri: toUri(p.toUri) ?? targetURI.clone(), displayName: p.toDisplayName });
    const extraHeaders = headerPairs(options.extraHeaders);
    if (options.anonymous) extraHeaders.push(["Privacy", "id"]);
    this.request = core.createRequest("INVITE", targetURI, {
      from: local,
      to: remote,
      callId: p.callId,
      extraHeaders,
    });
  }

  get id(): string {
    return this.request.callId + (this.request.from.tag ?? "") + (this.core?.dialog.remoteTag ?? "");
  }

  /** Our party: the From of the INVITE (read from it, as the dialog reads it, rather than kept twice). */
  get localIdentity(): NameAddr {
    return this.request.from;
  }

  /** The peer: the To of the INVITE. */
  get remoteIdentity(): NameAddr {
    return this.request.to;
  }

  /** rxsip: every response to the INVITE (provisional and final), completing with the session. */
  get responses$(): Observable<SipResponse> {
    return this.requestStreams.responses$;
  }

  /**
   * rxsip: how the INVITE ended, once: `accepted` (the 2xx), `redirected` / `rejected` (the
   * 3xx–6xx, response attached), `timeout` or `transport-error`; completes with the session.
   * Beside `requestDelegate.onAccept` / `onReject` / `onRedirect`.
   */
  get outcomes$(): Observable<RequestOutcome> {
    return this.requestStreams.outcomes$;
  }

  /** Sends the INVITE. Rejects with SessionStateError unless the Inviter is in Initial state. */
  override async invite(options: InviterInviteOptions = {}): Promise<OutgoingRequestMessage> {
    if (this.state !== SessionState.Initial) {
      // SIP.js: invite() on an established session is a re-INVITE
      if (this.state === SessionState.Established) return super.invite(options);
      throw new SessionStateError(`invite() in state ${this.state}`);
    }
    const withoutSdp = options.withoutSdp ?? this.options.inviteWithoutSdp ?? false;
    const sdhOptions = { ...this.options.sessionDescriptionHandlerOptions, ...options.sessionDescriptionHandlerOptions };
    const modifiers = options.sessionDescriptionHandlerModifiers ?? this.options.sessionDescriptionHandlerModifiers;
    this.transition(SessionState.Establishing);
    try {
      for (const [n, v] of headerPairs(options.requestOptions?.extraHeaders)) this.request.addHeader(n, v);
      if (!withoutSdp) {
        const sdh = this.getSdh();
        // trickle ICE (RFC 8840 §4.2): half trickle unless asked for full; only with an offer in the INVITE
        const trickle = this.startTrickle(sdhOptions);
        const desc = await sdh.getDescription(trickle ? { ...sdhOptions, trickleIce: trickle.mode } : sdhOptions, modifiers);
        trickle?.offered(this.request, desc.body);
        this.request.setHeader("Content-Type", desc.contentType);
        this.request.body = desc.body;
        this.lastLocalBody = desc.body;
        this.offered = true;
      }
    } catch (e) {
      this.end();
      throw e;
    }
    if ((this.state as SessionState) !== SessionState.Establishing) throw new SessionStateError("the call was cancelled before the INVITE was sent");
    const handlers = new Inviter.Handlers(this, guardRequestDelegate(this.userAgent, options.requestDelegate), sdhOptions, modifiers);
    const outgoing = this.userAgent.userAgentCore.invite(this.request, handlers, {
      autoAck: this.offered,
      // RFC 3262 §5: without our offer, the callee's may come in a reliable provisional; the PRACK carries the answer
      ...(!this.offered && { prackBody: (r: SipResponse) => this.answerInPrack(r, sdhOptions, modifiers) }),
    });
    this.request = outgoing.request;
    // kept for CANCEL unless the final response came already (while it was sent, over a synchronous transport)
    if (!this.final) this.outgoing = outgoing;
    return { message: this.request };
  }

  /**
   * What the INVITE's progress is told to (one object per call, its methods on the
   * prototype, rather than a closure per handler kept as long as the transaction).
   */
  private static readonly Handlers = class implements OutgoingInviteHandlers {
    constructor(
      private readonly inviter: Inviter,
      private readonly d: InviterRequestDelegate | undefined,
      private readonly sdhOptions: SessionDescriptionHandlerOptions,
      private readonly modifiers: SessionDescriptionHandlerModifier[] | undefined,
    ) {}
    onTrying(r: SipResponse): void {
      this.inviter.requestStreams.response(r);
      this.d?.onTrying?.({ message: r });
    }
    onProgress(r: SipResponse, early: InviteSession | undefined): void {
      const inviter = this.inviter;
      inviter.requestStreams.response(r);
      inviter.trickle?.provisional(r, early, inviter.core === undefined);
      inviter.earlyMedia(r, early, this.sdhOptions, this.modifiers);
      this.d?.onProgress?.({ message: r });
    }
    onAccept(r: SipResponse, session: InviteSession): void {
      this.inviter.requestStreams.final("accepted", this.inviter.request, r);
      this.inviter.accepted(r, session, this.sdhOptions, this.modifiers, this.d);
    }
    onRedirect(r: SipResponse): void {
      const d = this.d;
      this.inviter.failed(r, "redirected", () => d?.onRedirect?.({ message: r }));
    }
    onReject(r: SipResponse): void {
      const d = this.d;
      this.inviter.failed(r, "rejected", () => d?.onReject?.({ message: r }));
    }
    onTimeout(): void {
      this.inviter.failed(undefined, "timeout", undefined);
    }
    onTransportError(): void {
      this.inviter.failed(undefined, "transport-error", undefined);
    }
  };

  /** CANCEL (SIP.js): in Initial state ends the Inviter; while establishing sends CANCEL (§9.1). */
  async cancel(options: InviterCancelOptions = {}): Promise<void> {
    const headers = cancelHeaders(options);
    if (this.state === SessionState.Establishing) {
      if (this.outgoing) this.outgoing.cancel(headers);
      // the 2xx came while its answer was applied: too late for CANCEL (§9.1), the callee has a call: ACK, BYE
      else this.core?.refuse(this.unacked2xx);
    } else if (this.state !== SessionState.Initial) throw new SessionStateError(`cancel() in state ${this.state}`);
    this.end();
  }

  dispose(): Promise<void> {
    if (this.isEarly()) return this.cancel();
    return this.disposeEstablished();
  }

  private earlyMedia(response: SipResponse, early: InviteSession | undefined, sdhOptions: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): void {
    if (!this.offered || response.body === "" || early === undefined) return;
    const reliable = response.hasHeader("rseq");
    if (!reliable && !this.options.earlyMedia) return;
    // forking: the first early dialog with an answer owns the media, a later fork's reliable answer is kept
    // for its 2xx; in that dialog the answer was applied already (§13.2.1: later SDP in it is not a new answer)
    const tag = early.dialog.remoteTag;
    if (this.earlyMediaTag !== undefined) {
      if (reliable && !this.forkAnswers?.has(tag)) (this.forkAnswers ??= new Map()).set(tag, response.body);
      return;
    }
    this.earlyMediaTag = tag;
    this.setRemoteDescription(response.body, sdhOptions, modifiers)
      .then(() => this.tellSdh(this.getSdh(), true))
      .catch(() => undefined);
  }

  /**
   * Offerless INVITE: the answer to the offer in the first reliable provisional with one (RFC
   * 3261 §13.2.1), for its PRACK; that dialog's offer/answer is then done. An offer the
   * handler refuses cancels the call.
   */
  private answerInPrack(response: SipResponse, sdhOptions: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]) {
    if (response.body === "" || this.earlyMediaTag !== undefined) return undefined;
    this.earlyMediaTag = response.to.tag;
    return this.describe(response.body, sdhOptions, modifiers).then(
      (answer) => {
        this.lastLocalBody = answer.body;
        this.tellSdh(this.getSdh(), true);
        return answer;
      },
      (e: unknown) => {
        this.cancel().catch(() => undefined);
        throw e;
      },
    );
  }

  private accepted(
    response: SipResponse,
    session: InviteSession,
    sdhOptions: SessionDescriptionHandlerOptions,
    modifiers: SessionDescriptionHandlerModifier[] | undefined,
    d: InviterRequestDelegate | undefined,
  ): void {
    this.final = true;
    this.outgoing = undefined; // a final response: nothing left to CANCEL
    if (this.state === SessionState.Terminated) {
      // cancelled, but the 2xx won the race (§9.1): confirm (ACKed already when it answers our offer) and end it
      session.refuse(response);
      return;
    }
    this.attach(session);
    this.trickle?.accepted(response, session);
    const sdh = this.getSdh();
    const finish = () => {
      if (this.state === SessionState.Terminated) return; // cancelled meanwhile: the BYE went
      this.transition(SessionState.Established);
      d?.onAccept?.({ message: response });
    };
    if (this.offered) {
      // the answer is in the 2xx (or this fork's reliable provisional) unless early media already applied this dialog's answer
      const tag = session.dialog.remoteTag;
      const answer = response.body || this.forkAnswers?.get(tag);
      this.forkAnswers = undefined;
      if (answer && this.earlyMediaTag !== tag) {
        this.setRemoteDescription(answer, sdhOptions, modifiers).then(finish, () => session.refuse(undefined, INCOMPATIBLE_SDP));
      } else finish();
      return;
    }
    // offerless INVITE: the offer of this dialog was answered in a PRACK already (RFC 3262 §5)
    if (this.earlyMediaTag === session.dialog.remoteTag) {
      session.ack(response);
      finish();
      return;
    }
    // the 2xx carries the offer, the ACK our answer
    this.unacked2xx = response;
    this.setRemoteDescription(response.body, sdhOptions, modifiers)
      .then(() => sdh.getDescription(sdhOptions, modifiers))
      .finally(() => (this.unacked2xx = undefined))
      .then(
        (answer) => {
          this.lastLocalBody = answer.body;
          session.ack(response, answer);
          finish();
        },
        () => session.refuse(response, INCOMPATIBLE_SDP),
      );
  }

  private failed(response: SipResponse | undefined, type: RequestOutcome["type"], tell: (() => void) | undefined): void {
    this.final = true;
    this.outgoing = undefined;
    this.requestStreams.final(type, this.request, response);
    tell?.();
    this.end();
    this.requestStreams.complete();
  }

  protected override transition(to: SessionState): void {
    super.transition(to);
    if (to === SessionState.Terminated) this.requestStreams.complete();
  }
}

/** The options of an Inviter made without any (read only; one object for all of them). */
const NO_OPTIONS: InviterOptions = Object.freeze({});

/** The BYE's header when the answer could not be applied (RFC 3261 §13.2.2.4 lets the UAC send BYE). */
const INCOMPATIBLE_SDP: Array<[string, string]> = [["Reason", 'SIP;cause=488;text="Incompatible SDP"']];

function toUri(u: string | Uri | undefined): Uri | undefined {
  if (u === undefined) return undefined;
  if (u instanceof Uri) return u.clone();
  const parsed = makeUri(u);
  if (parsed === undefined) throw new InvalidOptionError(`not a URI: ${JSON.stringify(u.slice(0, 80))}`);
  return parsed;
}

/** The CANCEL's extra headers and Reason (RFC 3326), checked now: a deferred CANCEL is built later. */
function cancelHeaders(options: InviterCancelOptions): Array<[string, string]> {
  const headers = headerPairs(options.extraHeaders);
  const { statusCode, reasonPhrase } = options;
  if (statusCode !== undefined || reasonPhrase !== undefined) {
    const cause = statusCode ?? 487;
    if (!Number.isInteger(cause) || cause < 200 || cause > 699) throw new InvalidOptionError(`cancel(): statusCode ${cause} is not a final status code (200-699)`);
    const text = reasonPhrase === undefined ? "" : `;text="${checkReasonPhrase(reasonPhrase).replace(/["\\]/g, "\\$&")}"`;
    headers.push(["Reason", `SIP;cause=${cause}${text}`]);
  }
  return checkHeaderPairs(headers);
}
