import { asyncScheduler, BehaviorSubject, defer, Observable, Subject, subscribeOn, Subscription, type SchedulerLike } from "rxjs";
import { DigestAuthenticator } from "../core/auth/index.js";
import { NameAddr, Uri, type SipRequest, type SipResponse } from "../core/messages/index.js";
import { randomHex } from "../core/transactions/index.js";
import { UserAgentCore, type CoreTransport, type IncomingInvite, type IncomingNonInvite } from "../core/user-agent-core/index.js";
import { EmitterImpl, TransportError, WebSocketTransport, type Emitter, type Transport, type TransportLogger, type TransportStatus } from "../streams/index.js";
import { retryWithDelay } from "../operators/retryWithDelay.js";
import { webFactoryWhereSupported } from "../media/web/defaultSessionDescriptionHandlerFactory.js";
import { UserAgentStateError } from "./errors.js";
import { dispatch } from "./dispatch.js";
import { IncomingRequestContext } from "./IncomingRequestContext.js";
import { Invitation } from "./Invitation.js";
import { makeUri } from "./makeUri.js";
import { Message } from "./Message.js";
import { Notification } from "./Notification.js";
import { Referral } from "./Referral.js";
import type { Session } from "./Session.js";
import type { UserAgentDelegate } from "./UserAgentDelegate.js";
import { makeLogger, type Logger } from "./Logger.js";
import { DEFAULT_USER_AGENT_STRING, type UserAgentOptions } from "./UserAgentOptions.js";
import { UserAgentState } from "./UserAgentState.js";

/** Something the user agent must end when it stops (sessions, registerers, subscriptions). */
export interface UserAgentOwned {
  dispose(): Promise<void>;
}

/**
 * A SIP user agent (SIP.js's `UserAgent`): owns the transport, the protocol core and every
 * session, registerer and subscription made with it. Beside each delegate callback there is
 * a stream: `invites$`, `messages$`, `notifications$`, `refers$`, `subscriptions$`,
 * `registrations$`; `state$` and `connection$` replay their current value. `stop()` ends
 * every session and registration and tears down every timer and subscription the SDK
 * made; `dispose()` also completes the streams.
 */
export class UserAgent {
  /** SIP.js: `UserAgent.makeURI("sip:alice@example.com")`; undefined when the text is not a URI. */
  static makeURI(uri: string): Uri | undefined {
    return makeUri(uri);
  }

  /** SIP.js: callbacks of the user agent (always an object, so `userAgent.delegate.onConnect = ...` works). */
  delegate: UserAgentDelegate;
  readonly configuration: Required<Pick<UserAgentOptions, "noAnswerTimeout" | "userAgentString" | "displayName" | "contactName">> & UserAgentOptions & { uri: Uri };
  readonly transport: Transport;
  readonly userAgentCore: UserAgentCore;
  readonly scheduler: SchedulerLike;
  /** Our Contact (RFC 3261 §8.1.1.8); with `+sip.instance` when registered with outbound. */
  readonly contact: NameAddr;
  /** SIP.js `data`: anything the application wants to keep with the user agent. */
  data: unknown = {};

  private readonly stateSubject = new BehaviorSubject<UserAgentState>(UserAgentState.Stopped);
  private readonly connectionSubject: BehaviorSubject<TransportStatus>;
  /** The SIP.js emitter and the streams of what arrives, each made when first asked for (complete at once after dispose). */
  private stateEmitter: EmitterImpl<UserAgentState> | undefined;
  private streams: UserAgentStreams | undefined;
  private disposed = false;
  private readonly wiring = new Subscription();
  /** @internal sessions, registerers and subscriptions alive, ended by stop(). */
  readonly owned = new Set<UserAgentOwned>();
  /**
   * @internal Each incoming request passes these before the core routes it: a Subscriber
   * waiting for its first NOTIFY claims one that outran the 2xx to its SUBSCRIBE by making
   * the dialog first (RFC 6665 §4.1.2.4), so the core does not answer it 481. Hooks never throw.
   */
  readonly requestHooks = new Set<(request: SipRequest) => void>();
  /** @internal sessions by id, for Replaces (RFC 3891). */
  readonly sessions = new Map<string, Session>();
  private wasConnected = false;
  /** The reconnection `reconnectionAttempts` asks for, while it runs. */
  private reconnection: Subscription | undefined;

  constructor(options: UserAgentOptions = {}) {
    const uri = options.uri ?? Uri.sip(`anonymous.${randomHex(4)}`, "anonymous.invalid");
    this.configuration = {
      ...options,
      uri,
      noAnswerTimeout: options.noAnswerTimeout ?? 60,
      userAgentString: options.userAgentString ?? DEFAULT_USER_AGENT_STRING,
      displayName: options.displayName ?? "",
      contactName: options.contactName ?? randomHex(4),
    };
    // as SIP.js: WebRTC media by default where the platform has it (a browser)
    this.configuration.sessionDescriptionHandlerFactory ??= webFactoryWhereSupported();
    this.delegate = options.delegate ?? {};
    this.scheduler = options.scheduler ?? asyncScheduler;
    const logger = options.logger ?? transportLogger(options);
    const Ctor = options.transportConstructor ?? WebSocketTransport;
    this.transport = new Ctor(logger, { scheduler: this.scheduler, ...(options.transportOptions ?? {}) });
    this.connectionSubject = new BehaviorSubject<TransportStatus>({ type: "disconnected" });

    const t = this.transport;
    const contactUri = Uri.sip(this.configuration.contactName, options.viaHost ?? t.viaHost, t.viaPort);
    const params = options.contactParams ?? { transport: t.protocol === "WSS" ? "ws" : t.protocol.toLowerCase() };
    for (const k in params) contactUri.params[k] = params[k]!;
    this.contact = new NameAddr({ uri: contactUri });

    const supported = ["outbound", "path", "gruu", "timer"];
    if (options.sipExtension100rel !== "Unsupported") supported.push("100rel");
    if (options.sipExtensionReplaces !== "Unsupported") supported.push("replaces");
    for (const s of options.sipExtensionExtraSupported ?? []) if (!supported.includes(s)) supported.push(s);

    this.userAgentCore = new UserAgentCore({
      transport: new CoreTransportOf(t, options.viaHost),
      aor: uri,
      ...(options.displayName ? { displayName: options.displayName } : {}),
      contact: this.contact,
      scheduler: this.scheduler,
      ...(options.timers ? { timers: options.timers } : {}),
      userAgent: this.configuration.userAgentString,
      supported,
      extraMethods: ["REGISTER", "PUBLISH"],
      ...(authenticatorOf(options, uri) ? { authenticator: authenticatorOf(options, uri)! } : {}),
      ...(options.sessionTimers ? { sessionTimers: options.sessionTimers } : {}),
      reliableProvisionals: options.sipExtension100rel === "Unsupported" ? "none" : options.sipExtension100rel === "Required" ? "required" : "supported",
      delegate: {
        onInvite: (invite) => this.receiveInvite(invite),
        onRequest: (request) => this.receiveRequest(request),
      },
    });

    this.wiring.add(
      t.messages$.subscribe((m) => {
        if (m.isRequest) for (const hook of this.requestHooks) hook(m);
        this.userAgentCore.receive(m);
      }),
    );
    this.wiring.add(
      t.state$.subscribe((status) => {
        this.connectionSubject.next(status);
        if (status.type === "connected") {
          this.wasConnected = true;
          this.delegate.onConnect?.();
        } else if ((status.type === "disconnected" || status.type === "closed") && this.wasConnected) {
          this.wasConnected = false;
          this.delegate.onDisconnect?.(status.type === "disconnected" ? status.error : undefined);
          if (status.type === "disconnected" && status.error !== undefined) this.reconnectByOptions();
        }
      }),
    );
  }

  // ---- state -----------------------------------------------------------------------------------

  get state(): UserAgentState {
    return this.stateSubject.value;
  }

  /** SIP.js: listeners of state changes. */
  get stateChange(): Emitter<UserAgentState> {
    return (this.stateEmitter ??= new EmitterImpl<UserAgentState>());
  }

  /** The user agent's state, replaying the current one. */
  get state$(): Observable<UserAgentState> {
    return this.stateSubject.asObservable();
  }

  /** The transport's status (connecting, connected, disconnected with its error, closed), replaying the current one. */
  get connection$(): Observable<TransportStatus> {
    return this.connectionSubject.asObservable();
  }

  /** Every incoming INVITE, as an Invitation (beside `delegate.onInvite`). */
  get invites$(): Observable<Invitation> {
    return this.stream("invites").asObservable();
  }

  get messages$(): Observable<Message> {
    return this.stream("messages").asObservable();
  }

  get notifications$(): Observable<Notification> {
    return this.stream("notifications").asObservable();
  }

  get refers$(): Observable<Referral> {
    return this.stream("refers").asObservable();
  }

  /** Incoming SUBSCRIBE requests outside a dialog (answer them, or make a Notifier). */
  get subscriptions$(): Observable<IncomingRequestContext> {
    return this.stream("subscriptions").asObservable();
  }

  get registrations$(): Observable<IncomingRequestContext> {
    return this.stream("registrations").asObservable();
  }

  /** The Subject behind one of the streams, made now if it was never asked for. */
  private stream<K extends keyof UserAgentStreams>(name: K): NonNullable<UserAgentStreams[K]> {
    const streams = (this.streams ??= {});
    const known = streams[name];
    if (known !== undefined) return known as NonNullable<UserAgentStreams[K]>;
    const s = new Subject() as NonNullable<UserAgentStreams[K]>;
    if (this.disposed) s.complete();
    streams[name] = s;
    return s;
  }

  isConnected(): boolean {
    return this.transport.isConnected();
  }

  /**
   * SIP.js: a logger of one category (and optional label) that writes where the user
   * agent's options say (`logLevel`, `logBuiltinEnabled`, `logConnector`). Handlers written
   * for SIP.js, such as `Web.defaultSessionDescriptionHandlerFactory()`, log through it.
   */
  getLogger(category: string, label?: string): Logger {
    return makeLogger(this.configuration, category, label);
  }

  /** SIP.js: the factory of loggers, i.e. something with `getLogger(category, label)`. */
  getLoggerFactory(): { getLogger(category: string, label?: string): Logger } {
    return { getLogger: (category, label) => this.getLogger(category, label) };
  }

  private setState(state: UserAgentState): void {
    if (this.stateSubject.value === state) return;
    this.stateSubject.next(state);
    this.stateEmitter?.emit(state);
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Connects the transport (SIP.js: resolves once connected, rejects if the connection fails). */
  async start(): Promise<void> {
    if (this.stateSubject.closed) throw new UserAgentStateError("the user agent was disposed");
    if (this.state === UserAgentState.Started) return;
    this.setState(UserAgentState.Started);
    await this.transport.connect();
  }

  /**
   * Ends every session (BYE / CANCEL / reject), unregisters every registerer, ends the
   * protocol core's transactions and timers and disconnects. The user agent may be
   * started again.
   */
  async stop(): Promise<void> {
    if (this.state === UserAgentState.Stopped) return;
    this.setState(UserAgentState.Stopped);
    this.reconnection?.unsubscribe();
    const owned = [...this.owned];
    this.owned.clear();
    await Promise.allSettled(owned.map((o) => o.dispose()));
    this.userAgentCore.dispose();
    await this.transport.disconnect().catch(() => undefined);
  }

  /**
   * SIP.js's `reconnectionAttempts` / `reconnectionDelay`: after the connection was lost
   * with an error, connect again up to that many times, the first at once, then
   * `reconnectionDelay` seconds apart (`retryWithDelay` on the user agent's scheduler).
   * Off with the SIP.js default of 0 attempts; `stop()` cancels it. When every attempt
   * failed, `connection$` stays disconnected with the last error.
   */
  private reconnectByOptions(): void {
    const attempts = this.configuration.reconnectionAttempts ?? 0;
    if (!(attempts > 0) || this.state !== UserAgentState.Started || (this.reconnection !== undefined && !this.reconnection.closed)) return;
    const delay = (this.configuration.reconnectionDelay ?? 4) * 1000;
    // the first attempt "at once" runs as a scheduler action, not inside the transport's own status emission
    this.reconnection = defer(() => this.transport.connect())
      .pipe(retryWithDelay({ count: attempts, delay, scheduler: this.scheduler }), subscribeOn(this.scheduler))
      .subscribe({ error: () => undefined });
  }

  /** SIP.js: reconnect the transport (after a disconnect with an error). */
  async reconnect(): Promise<void> {
    if (this.state === UserAgentState.Stopped) throw new UserAgentStateError("reconnect() needs a started user agent");
    await this.transport.disconnect().catch(() => undefined);
    await this.transport.connect();
  }

  /** `stop()`, then completes every stream and releases the transport. */
  async dispose(): Promise<void> {
    await this.stop();
    this.wiring.unsubscribe();
    await this.transport.dispose().catch(() => undefined);
    this.disposed = true;
    const streams = this.streams;
    if (streams !== undefined) for (const k in streams) (streams[k as keyof UserAgentStreams] as Subject<unknown>).complete();
    this.connectionSubject.complete();
    this.stateSubject.complete();
    this.stateEmitter?.removeAllListeners();
  }

  // ---- incoming --------------------------------------------------------------------------------

  private receiveInvite(invite: IncomingInvite): void {
    if (this.state !== UserAgentState.Started) {
      invite.reject({ statusCode: 480 });
      return;
    }
    // RFC 3891 §3: an INVITE with Replaces names a dialog of ours; none (or an ended one) → 481
    let replacee: Session | undefined;
    if (invite.request.hasHeader("replaces")) {
      let target;
      try {
        target = invite.request.parseHeader("replaces", "Replaces");
      } catch {
        invite.reject({ statusCode: 400 });
        return;
      }
      replacee = target && this.findDialogSession(target.callId, target.params["to-tag"] ?? "", target.params["from-tag"] ?? "");
      if (replacee === undefined || replacee.state === "Terminated") {
        invite.reject({ statusCode: 481 });
        return;
      }
    }
    const invitation = new Invitation(this, invite, replacee);
    const invites = this.streams?.invites;
    const listeners = invites?.observed ?? false;
    invites?.next(invitation);
    if (this.delegate.onInvite) this.delegate.onInvite(invitation);
    else if (!listeners) invitation.reject({ statusCode: 486 }).catch(() => undefined);
  }

  /** @internal A Referral for a REFER (sessions make theirs here, which keeps the modules acyclic). */
  makeReferral(incoming: IncomingNonInvite, session: Session | undefined): Referral {
    return new Referral(incoming, session);
  }

  /** The session whose dialog has this Call-ID, local tag and remote tag. */
  private findDialogSession(callId: string, localTag: string, remoteTag: string): Session | undefined {
    for (const s of this.sessions.values()) {
      const d = s.dialog?.dialog;
      if (d && d.callId === callId && d.localTag === localTag && d.remoteTag === remoteTag) return s;
    }
    return undefined;
  }

  private receiveRequest(incoming: IncomingNonInvite): void {
    const method = incoming.request.method;
    switch (method) {
      case "MESSAGE":
        dispatch(this.streams?.messages, new Message(incoming), this.delegate, this.delegate.onMessage, () => incoming.accept());
        return;
      case "NOTIFY":
        dispatch(this.streams?.notifications, new Notification(incoming), this.delegate, this.delegate.onNotify, () => incoming.accept());
        return;
      case "REFER":
        dispatch(this.streams?.refers, new Referral(incoming, undefined), this.delegate, this.delegate.onRefer, () => incoming.reject({ statusCode: 405 }));
        return;
      case "REGISTER":
        dispatch(this.streams?.registrations, new IncomingRequestContext(incoming), this.delegate, this.delegate.onRegister, () => incoming.reject({ statusCode: 405 }));
        return;
      case "SUBSCRIBE":
        dispatch(this.streams?.subscriptions, new IncomingRequestContext(incoming), this.delegate, this.delegate.onSubscribe, () => incoming.reject({ statusCode: 489 }));
        return;
      case "OPTIONS":
        incoming.accept();
        return;
      default:
        incoming.reject({ statusCode: 405, extraHeaders: [["Allow", this.userAgentCore.allow.join(", ")]] });
    }
  }
}

/**
 * The core's view of a transport: synchronous send that throws when not connected. A class,
 * so that every user agent's shares one shape (an object literal with getters is a shape of
 * its own each time).
 */
class CoreTransportOf implements CoreTransport {
  constructor(
    private readonly t: Transport,
    private readonly viaHostOverride: string | undefined,
  ) {}

  get reliable(): boolean {
    return this.t.reliable;
  }

  get protocol(): string {
    return this.t.protocol;
  }

  get viaHost(): string {
    return this.viaHostOverride ?? this.t.viaHost;
  }

  get viaPort(): number | undefined {
    return this.t.viaPort;
  }

  send(message: SipRequest | SipResponse): void {
    if (!this.t.isConnected()) throw new TransportError("NOT_CONNECTED", "the transport is not connected");
    this.t.send(message).catch(() => undefined); // a lost message is the transaction layer's business
  }
}

/** The Subjects behind a user agent's streams, each made when first asked for. */
interface UserAgentStreams {
  invites?: Subject<Invitation>;
  messages?: Subject<Message>;
  notifications?: Subject<Notification>;
  refers?: Subject<Referral>;
  subscriptions?: Subject<IncomingRequestContext>;
  registrations?: Subject<IncomingRequestContext>;
}

function authenticatorOf(options: UserAgentOptions, uri: Uri): DigestAuthenticator | undefined {
  const username = options.authorizationUsername ?? uri.user ?? "";
  if (options.authorizationHa1 !== undefined) {
    return new DigestAuthenticator({ username, ha1: options.authorizationHa1, algorithm: options.authorizationHa1Algorithm ?? "MD5" });
  }
  if (options.authorizationPassword !== undefined) return new DigestAuthenticator({ username, password: options.authorizationPassword });
  return undefined;
}

/** The transport's logger (category "rxsip.transport"), unless the options give one. */
function transportLogger(options: UserAgentOptions): TransportLogger {
  const l = makeLogger(options, "rxsip.transport");
  return { debug: l.debug, log: l.log, warn: l.warn, error: l.error };
}
