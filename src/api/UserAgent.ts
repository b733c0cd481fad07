import { asyncScheduler, BehaviorSubject, EMPTY, Observable, Subscription, type SchedulerLike } from "rxjs";
import { DigestAuthenticator } from "../core/auth/DigestAuthenticator.js";
import type { DigestCredentials } from "../core/auth/DigestCredentials.js";
import { NameAddr, Uri, type SipRequest, type SipResponse } from "../core/messages/index.js";
import { randomHex } from "../core/transactions/index.js";
import { UserAgentCore, type CoreTransport, type IncomingInvite, type IncomingNonInvite } from "../core/user-agent-core/index.js";
import { SipError } from "../core/messages/errors.js";
import { callGuarded, StateHolder, TransportError, WebSocketTransport, type Emitter, type ErrorSink, type TransportConstructor, type Transport, type TransportLogger, type TransportStatus, type WireEvent } from "../streams/index.js";
import { webFactoryWhereSupported } from "../media/web/defaultSessionDescriptionHandlerFactory.js";
import { InvalidOptionError, UserAgentStateError } from "./errors.js";
import { IncomingRequestContext } from "./IncomingRequestContext.js";
import { Invitation } from "./Invitation.js";
import { makeUri } from "./makeUri.js";
import { Message } from "./Message.js";
import { Notification } from "./Notification.js";
import { Referral } from "./Referral.js";
import type { Session } from "./Session.js";
import type { UserAgentDelegate } from "./UserAgentDelegate.js";
import type { SessionRecoveryEvent } from "./SessionRecoveryEvent.js";
import { DEFAULT_USER_AGENT_STRING, type UserAgentOptions } from "./UserAgentOptions.js";
import { makeLogger, type Logger } from "./Logger.js";
import { UserAgentState } from "./UserAgentState.js";
import { allowExcept } from "./allowExcept.js";
import { LazySubjects } from "./LazySubjects.js";

/** Something the user agent must end when it stops (sessions, registerers, subscriptions). */
export interface UserAgentOwned {
  /**
   * Ends the object the way `stop()` needs: a session sends BYE or CANCEL, a registerer unregisters, a
   * subscription unsubscribes.
   */
  dispose(): Promise<void>;
}

/**
 * A SIP user agent (SIP.js's `UserAgent`): owns the transport, the protocol core and every
 * session, registerer and subscription made with it. Beside each delegate callback there is
 * a stream: `invites$`, `messages$`, `notifications$`, `refers$`, `subscriptions$`,
 * `registrations$`; `state$` and `connection$` replay their current value. `stop()` ends
 * every session and registration and tears down every timer and subscription the SDK
 * made; `dispose()` also completes the streams.
 *
 * `C`, the transport class, is inferred from `transportConstructor` and only types
 * `transportOptions`; a `UserAgent` of any transport is a `UserAgent`.
 *
 * @example
 * ```ts
 * import { Registerer, UserAgent, WebSocketTransport } from "rxsip";
 *
 * const userAgent = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   authorizationUsername: "alice",
 *   authorizationPassword: "secret",
 *   transportConstructor: WebSocketTransport,
 *   transportOptions: { server: "wss://sip.example.com" },
 * });
 * userAgent.invites$.subscribe((invitation) => void invitation.accept());
 * await userAgent.start();
 * await new Registerer(userAgent).register();
 * ```
 */
// eslint-disable-next-line @typescript-eslint/no-unused-vars
export class UserAgent<C extends TransportConstructor = TransportConstructor> {
  /** SIP.js: `UserAgent.makeURI("sip:alice@example.com")`; undefined when the text is not a URI. */
  static makeURI(uri: string): Uri | undefined {
    return makeUri(uri);
  }

  /** SIP.js: callbacks of the user agent (always an object, so `userAgent.delegate.onConnect = ...` works). */
  delegate: UserAgentDelegate;
  readonly configuration: Required<Pick<UserAgentOptions, "noAnswerTimeout" | "userAgentString" | "displayName" | "contactName">> & UserAgentOptions<TransportConstructor> & { uri: Uri };
  readonly transport: Transport;
  readonly userAgentCore: UserAgentCore;
  readonly scheduler: SchedulerLike;
  /**
   * Our Contact (RFC 3261 §8.1.1.8): the address the transport listens on, known once it is
   * bound (`viaHost` / `viaPort` when given), so it is made again each time the transport
   * connects; `+sip.instance` is added by the Registerer when registering with outbound.
   * A reconnection that gets a new address gives a new Contact.
   */
  get contact(): NameAddr {
    return this.contactValue;
  }

  private contactValue: NameAddr;
  /** SIP.js `data`: anything the application wants to keep with the user agent. */
  data: unknown = {};

  private readonly holder = new StateHolder<UserAgentState>(UserAgentState.Stopped, this, "userAgent");
  private readonly connectionSubject: BehaviorSubject<TransportStatus>;
  /** The streams of what arrives, each made when first asked for (complete at once after dispose). */
  private readonly streams = new LazySubjects<UserAgentStreams>(this, "userAgent");
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

  constructor(options: UserAgentOptions<C> = {}) {
    // the old `true` / `{ iceRestart, giveUpAfter }` forms: recovery is now turned on by the factory's value
    const recovery = options.sessionRecovery as unknown;
    if (recovery !== undefined && recovery !== false && typeof (recovery as { lost?: unknown }).lost !== "function") {
      throw new InvalidOptionError('sessionRecovery takes sessionRecovery({ iceRestart, giveUpAfter }) (import { sessionRecovery } from "rxsip"); leave it out for none');
    }
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
    const logger = reportingErrors(options.logger ?? makeLogger(options, "rxsip.transport"), this);
    const Ctor = options.transportConstructor ?? WebSocketTransport;
    this.transport = new Ctor(logger, { scheduler: this.scheduler, ...options.transportOptions });
    this.connectionSubject = new BehaviorSubject<TransportStatus>({ type: "disconnected" });

    const t = this.transport;
    this.contactValue = this.makeContact();

    // (the core adds "timer" when sessionTimers is given, and leaves it out otherwise)
    const supported = ["outbound", "path", "gruu"];
    if (options.sipExtension100rel !== "Unsupported") supported.push("100rel");
    if (options.sipExtensionReplaces !== "Unsupported") supported.push("replaces");
    for (const s of options.sipExtensionExtraSupported ?? []) if (!supported.includes(s)) supported.push(s);

    const authenticator = authenticatorOf(options, uri, (e) => this.reportError(e));
    this.userAgentCore = new UserAgentCore({
      transport: new CoreTransportOf(t, options.viaHost),
      aor: uri,
      displayName: options.displayName || undefined,
      contact: this.contact,
      scheduler: this.scheduler,
      timers: options.timers,
      userAgent: this.configuration.userAgentString,
      supported,
      extraMethods: ["REGISTER", "PUBLISH"],
      authenticator,
      sessionTimers: options.sessionTimers,
      reliableProvisionals: options.sipExtension100rel === "Unsupported" ? "none" : options.sipExtension100rel === "Required" ? "required" : "supported",
      delegate: {
        onInvite: (invite) => this.receiveInvite(invite),
        onRequest: (request) => this.receiveRequest(request),
      },
    });

    this.wiring.add(
      t.messages$.subscribe((m) => {
        // what the core or a handler throws is reported, never left to escape from the transport's stream
        try {
          const filter = options.incomingMessageFilter;
          if (filter !== undefined && !passes(filter, m)) return;
          if (m.isRequest) for (const hook of this.requestHooks) hook(m);
          this.userAgentCore.receive(m);
        } catch (e) {
          this.reportError(e instanceof Error ? e : new Error(String(e)));
        }
      }),
    );
    this.wiring.add(t.errors$.subscribe((e: SipError) => this.reportError(e)));
    this.wiring.add(
      t.state$.subscribe((status) => {
        if (status.type === "connected") this.refreshContact();
        this.connectionSubject.next(status);
        if (status.type === "connected") {
          this.wasConnected = true;
          // (without sessionRecovery() sessions are left as they are, as SIP.js does)
          if (this.configuration.sessionRecovery) this.configuration.sessionRecovery.back(this);
          callGuarded(this, "delegate.onConnect", () => this.delegate.onConnect?.());
        } else if ((status.type === "disconnected" || status.type === "closed") && this.wasConnected) {
          this.wasConnected = false;
          if (this.configuration.sessionRecovery) this.configuration.sessionRecovery.lost(this);
          const error = status.type === "disconnected" ? status.error : undefined;
          callGuarded(this, "delegate.onDisconnect", () => this.delegate.onDisconnect?.(error));
          if (status.type === "disconnected" && status.error !== undefined) this.reconnectByOptions();
        }
      }),
    );
  }

  /** The Contact for where the transport is now: its sent-by host and port, the transport parameter. */
  private makeContact(): NameAddr {
    const t = this.transport;
    const options = this.configuration;
    const contactUri = Uri.sip(this.configuration.contactName, options.viaHost ?? t.viaHost, t.viaPort);
    const params = options.contactParams ?? { transport: t.protocol === "WSS" ? "ws" : t.protocol.toLowerCase() };
    for (const k in params) contactUri.params[k] = params[k]!;
    return new NameAddr({ uri: contactUri });
  }

  /**
   * The transport connected (a socket is bound, a listener open): the Contact now says that
   * address (§8.1.1.8: "the URI ... at which the UA would like to be contacted"). A GRUU the
   * registrar gave (RFC 5627) stays the core's Contact.
   */
  private refreshContact(): void {
    const next = this.makeContact();
    if (next.toString() === this.contactValue.toString()) return;
    const previous = this.contactValue;
    this.contactValue = next;
    if (this.userAgentCore.contact === previous) this.userAgentCore.contact = next;
  }

  /**
   * The SIP trace: every message the transport sends and receives, with its direction, flow,
   * scheduler time and text (credentials redacted); empty for a transport without one.
   * Messages are traced only while this is subscribed (or `traceSip` is set).
   */
  get wire$(): Observable<WireEvent> {
    return (this.transport as Transport & { wire$?: Observable<WireEvent> }).wire$ ?? EMPTY;
  }

  // ---- state -----------------------------------------------------------------------------------

  get state(): UserAgentState {
    return this.holder.value;
  }

  /** SIP.js: listeners of state changes. */
  get stateChange(): Emitter<UserAgentState> {
    return this.holder.stateChange;
  }

  /** The user agent's state, replaying the current one; completes on dispose. */
  get state$(): Observable<UserAgentState> {
    return this.holder.state$;
  }

  /**
   * rxsip: everything that went wrong without a caller to tell: what a transport reported
   * (a malformed message, a failed secondary flow: `SipError`s, `TransportError`s), what
   * the transport logged as an error, what the protocol core threw while handling a
   * message, a session that could not be recovered after a reconnection, and application
   * code that threw or rejected — a `stateChange` listener, a `state$` subscriber, a
   * delegate callback (a `ListenerError` naming it). The SDK finishes its own work first
   * (a session ending still ends). Hot, no replay; completes on dispose.
   */
  get errors$(): Observable<Error> {
    return this.streams.subject("errors").asObservable();
  }

  /**
   * rxsip: every session's recovery after a transport drop (see `session.recovery$` and
   * {@link SessionRecoveryEvent}): `pending` when the transport dropped under an Established
   * session, `reinviting`, then `recovered` or `failed`. Only with the `sessionRecovery:
   * sessionRecovery()` option; silent without it. Hot; completes on dispose.
   */
  get recoveries$(): Observable<SessionRecoveryEvent> {
    return this.streams.stream("recoveries");
  }

  /** @internal A session tells how its recovery goes. */
  tellRecovery(event: SessionRecoveryEvent): void {
    this.streams.next("recoveries", event);
  }

  /** @internal Ends the sessions still waiting for the transport (`sessionRecovery()`'s `giveUpAfter`). */
  recoveryDeadline: Subscription | undefined;

  /** @internal Reports an error on `errors$` (never throws: the reporter's work goes on). */
  reportError(error: Error): void {
    const errors = this.streams.peek("errors");
    if (errors === undefined || this.disposed) return;
    try {
      errors.next(error);
    } catch {
      // a subscriber of errors$ that throws is RxJS's to report; nothing more to tell
    }
  }

  /** @internal Calls application code, reporting what it throws on `errors$`. */
  guard(source: string, fn: () => unknown): void {
    callGuarded(this, source, fn);
  }

  /** The transport's status (connecting, connected, disconnected with its error, closed), replaying the current one. */
  get connection$(): Observable<TransportStatus> {
    return this.connectionSubject.asObservable();
  }

  /** Every incoming INVITE, as an Invitation (beside `delegate.onInvite`). */
  get invites$(): Observable<Invitation> {
    return this.streams.stream("invites");
  }

  get messages$(): Observable<Message> {
    return this.streams.stream("messages");
  }

  get notifications$(): Observable<Notification> {
    return this.streams.stream("notifications");
  }

  get refers$(): Observable<Referral> {
    return this.streams.stream("refers");
  }

  /** Incoming SUBSCRIBE requests outside a dialog (answer them, or make a Notifier). */
  get subscriptions$(): Observable<IncomingRequestContext> {
    return this.streams.stream("subscriptions");
  }

  get registrations$(): Observable<IncomingRequestContext> {
    return this.streams.stream("registrations");
  }

  /** Whether the transport is connected now (SIP.js's `isConnected()`); `connection$` streams the changes. */
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
    return this;
  }

  // ---- lifecycle -------------------------------------------------------------------------------

  /** Connects the transport (SIP.js: resolves once connected, rejects if the connection fails). */
  async start(): Promise<void> {
    if (this.holder.completed) throw new UserAgentStateError("the user agent was disposed");
    if (this.stopping !== undefined) await this.stopping;
    if (this.state === UserAgentState.Started) return;
    this.holder.set(UserAgentState.Started);
    await this.transport.connect();
  }

  /**
   * Ends every session (BYE / CANCEL / reject), unregisters every registerer, ends the
   * protocol core's transactions and timers and disconnects. The user agent may be
   * started again.
   */
  async stop(): Promise<void> {
    if (this.state === UserAgentState.Stopped) return;
    this.stopping ??= this.runStop().finally(() => (this.stopping = undefined));
    return this.stopping;
  }

  /** @internal set while stop() ends what the user agent owns; new calls are refused meanwhile. */
  stopping: Promise<void> | undefined;

  /**
   * The user agent stays Started while its sessions end and its registerers unregister (they
   * send requests, which a stopped user agent refuses), then becomes Stopped.
   */
  private async runStop(): Promise<void> {
    this.recoveryDeadline?.unsubscribe();
    this.recoveryDeadline = undefined;
    this.reconnection?.unsubscribe();
    // what the application made while the first ones were ending is ended too (a few rounds at most)
    for (let round = 0; round < 3 && this.owned.size > 0; round++) {
      const owned = [...this.owned];
      this.owned.clear();
      await Promise.allSettled(owned.map((o) => o.dispose()));
    }
    this.holder.set(UserAgentState.Stopped);
    this.userAgentCore.dispose();
    await this.transport.disconnect().catch(() => undefined);
  }

  /**
   * SIP.js's `reconnectionAttempts` / `reconnectionDelay`: after the connection was lost
   * with an error, connect again up to that many times, the first at once (as an action of
   * the user agent's scheduler, not inside the transport's own status emission), then
   * `reconnectionDelay` seconds after each failure. Off with the SIP.js default of 0
   * attempts; `stop()` cancels it. When every attempt failed, `connection$` stays
   * disconnected with the last error.
   */
  private reconnectByOptions(): void {
    let left = this.configuration.reconnectionAttempts ?? 0;
    if (!(left > 0) || this.state !== UserAgentState.Started || this.stopping !== undefined || (this.reconnection !== undefined && !this.reconnection.closed)) return;
    const delay = (this.configuration.reconnectionDelay ?? 4) * 1000;
    const job = (this.reconnection = new Subscription());
    const attempt = (wait: number): void => {
      job.add(
        this.scheduler.schedule(() => {
          let connecting: Promise<void>;
          try {
            connecting = this.transport.connect();
          } catch (e) {
            connecting = Promise.reject(e);
          }
          connecting.then(
            () => job.unsubscribe(),
            () => {
              if (!job.closed && --left > 0) attempt(delay);
              else job.unsubscribe();
            },
          );
        }, wait),
      );
    };
    attempt(0);
  }

  /** SIP.js: reconnect the transport (after a disconnect with an error). */
  async reconnect(): Promise<void> {
    if (this.state === UserAgentState.Stopped || this.stopping !== undefined) throw new UserAgentStateError("reconnect() needs a started user agent");
    await this.transport.disconnect().catch(() => undefined);
    await this.transport.connect();
  }

  /** `stop()`, then completes every stream and releases the transport. */
  async dispose(): Promise<void> {
    await this.stop();
    this.wiring.unsubscribe();
    await this.transport.dispose().catch(() => undefined);
    this.disposed = true;
    this.streams.complete();
    this.connectionSubject.complete();
    this.holder.complete();
  }

  // ---- incoming --------------------------------------------------------------------------------

  private receiveInvite(invite: IncomingInvite): void {
    if (this.state !== UserAgentState.Started || this.stopping !== undefined) {
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
    const told = this.streams.tell("invites", invitation, this.delegate, "onInvite");
    // nobody to take the call: 486; an onInvite that threw before answering: 500 (RFC 3261 §21.5.1), not a call ringing to no one
    if (told === "threw" ? invitation.state === "Initial" : !told) invitation.reject({ statusCode: told ? 500 : 486 }).catch(() => undefined);
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
        this.streams.dispatch("messages", new Message(incoming), this.delegate, "onMessage", 200, incoming);
        return;
      case "NOTIFY":
        this.streams.dispatch("notifications", new Notification(incoming), this.delegate, "onNotify", 200, incoming);
        return;
      case "REFER":
        this.streams.dispatch("refers", new Referral(incoming, undefined, this), this.delegate, "onRefer", 405, incoming);
        return;
      case "REGISTER":
        this.streams.dispatch("registrations", new IncomingRequestContext(incoming), this.delegate, "onRegister", 405, incoming);
        return;
      case "SUBSCRIBE":
        this.streams.dispatch("subscriptions", new IncomingRequestContext(incoming), this.delegate, "onSubscribe", 489, incoming);
        return;
      case "OPTIONS":
        incoming.accept();
        return;
      case "BYE":
      case "PRACK":
      case "UPDATE":
      case "INFO":
        // requests of a dialog, with no To tag: no dialog of ours (§15.1.2, §12.2.2)
        incoming.reject({ statusCode: 481 });
        return;
      default:
        incoming.reject({ statusCode: 405, extraHeaders: [allowExcept(this.userAgentCore.allowHeader, method)] });
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

  send(message: SipRequest | SipResponse): Promise<void> {
    if (!this.t.isConnected()) throw new TransportError("NOT_CONNECTED", "the transport is not connected");
    const sent = this.t.send(message);
    // a lost response is recovered by the peer's retransmission; a request that fails later ends its transaction (Transaction.send)
    sent.catch(() => undefined);
    return sent;
  }
}

/** What each of a user agent's streams carries. */
interface UserAgentStreams {
  invites: Invitation;
  messages: Message;
  notifications: Notification;
  refers: Referral;
  subscriptions: IncomingRequestContext;
  registrations: IncomingRequestContext;
  errors: Error;
  recoveries: SessionRecoveryEvent;
}

/** The user agent's Digest credentials, answering the algorithms `digestAlgorithms` enables besides MD5. */
function authenticatorOf(options: UserAgentOptions<TransportConstructor>, uri: Uri, onError: (error: Error) => void): DigestAuthenticator | undefined {
  const username = options.authorizationUsername ?? uri.user ?? "";
  const { authorizationHa1: ha1, authorizationPassword: password } = options;
  const credentials: DigestCredentials | undefined =
    ha1 !== undefined ? { username, ha1, algorithm: options.authorizationHa1Algorithm } : password !== undefined ? { username, password } : undefined;
  return credentials && new DigestAuthenticator(credentials, { algorithms: options.digestAlgorithms, onError });
}

/** The application's incoming-message filter; one that throws lets the message through. */
function passes(filter: (m: SipRequest | SipResponse) => boolean | void, m: SipRequest | SipResponse): boolean {
  try {
    return filter(m) !== false;
  } catch {
    return true;
  }
}

/** The transport's logger, with what it logs as an error also reported on the user agent's `errors$`. */
function reportingErrors(logger: TransportLogger, sink: ErrorSink): TransportLogger {
  return {
    debug: (m) => logger.debug?.(m),
    log: (m) => logger.log?.(m),
    warn: (m) => logger.warn?.(m),
    error: (m) => {
      logger.error?.(m);
      sink.reportError(new SipError("TRANSPORT_LOGGED_ERROR", m));
    },
  };
}
