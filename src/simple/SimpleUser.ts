import { BehaviorSubject, Subscription, type Observable } from "rxjs";
import type { Invitation, InvitationAcceptOptions } from "../api/Invitation.js";
import { Inviter, type InviterInviteOptions, type InviterOptions } from "../api/Inviter.js";
import { Messager } from "../api/Messager.js";
import { Registerer, type RegistererRegisterOptions, type RegistererUnregisterOptions } from "../api/Registerer.js";
import { RegistererState } from "../api/RegistererState.js";
import type { Session } from "../api/Session.js";
import type { Uri } from "../core/messages/index.js";
import { UserAgent } from "../api/UserAgent.js";
import { dtmfInfo } from "../api/dtmfInfoSupport.js";
import { InvalidOptionError, SessionStateError } from "../api/errors.js";
import { LazySubjects } from "../api/LazySubjects.js";
import type { TransportStatus } from "../streams/TransportStatus.js";
import { SimpleCall, type SimpleCallHooks } from "./SimpleCall.js";
import type { SimpleUserDelegate } from "./SimpleUserDelegate.js";
import type { SimpleUserOptions } from "./SimpleUserOptions.js";
import { attachStream } from "./callMedia.js";
import { keepRegistered } from "../operators/keepRegistered.js";
import { reconnectWhen } from "../operators/reconnectWhen.js";
import type { RetryWithDelayConfig } from "../operators/retryWithDelay.js";

/** How long `disconnect()` waits for the answer to its un-REGISTER (RFC 3261 Timer F: 64·T1). */
const UNREGISTER_WAIT_MS = 32_000;

/** What `callHold$` emits. */
export interface SimpleCallHold {
  call: SimpleCall;
  held: boolean;
}
/** What `callDTMFReceived$` emits. */
export interface SimpleCallDtmf {
  call: SimpleCall;
  tone: string;
  duration: number;
}
/** What `messageReceived$` emits. */
export interface SimpleMessage {
  /** The sender's URI. */
  from: string;
  /** The message text (the MESSAGE body). */
  message: string;
}

/** What each of SimpleUser's event streams carries, by name; the delegate callback beside it is `on` + the name. */
interface SimpleUserEvents {
  callCreated: SimpleCall;
  callReceived: SimpleCall;
  callAnswered: SimpleCall;
  callHangup: SimpleCall;
  callHold: SimpleCallHold;
  callDTMFReceived: SimpleCallDtmf;
  messageReceived: SimpleMessage;
  registered: void;
  unregistered: void;
  serverConnect: void;
  serverDisconnect: Error | undefined;
}

/**
 * SIP.js's `Web.SimpleUser`: one object that connects, registers, makes and takes calls,
 * holds, mutes, sends DTMF and messages, with SIP.js's method and delegate names. Beside
 * each delegate callback is a stream (`onCallReceived` ↔ `callReceived$` ...), and the
 * state views need are streams too: `connection$`, `registration$`, `calls$`.
 *
 * Unlike SIP.js's, it can hold several calls (`maxSimultaneousCalls`, default 1 as in
 * SIP.js): the SimpleUser methods act on the selected call (`currentCall`, `select()`), and each
 * {@link SimpleCall} has the same methods for itself.
 *
 * @example
 * ```ts
 * import { SimpleUser } from "rxsip";
 * declare const audio: HTMLAudioElement;
 *
 * const user = new SimpleUser("wss://sip.example.com", { aor: "sip:alice@example.com", media: { remote: { audio } } });
 * user.callReceived$.subscribe((call) => call.answer());
 * await user.connect();
 * await user.register();
 * await user.call("sip:bob@example.com");
 * ```
 */
export class SimpleUser {
  readonly userAgent: UserAgent;
  delegate: SimpleUserDelegate | undefined;

  private readonly options: SimpleUserOptions;
  private registerer: Registerer | undefined;
  private registerWanted = false;
  /** The pipeline over `connection$` that keeps us connected (reconnectWhen) and, once asked, registered (keepRegistered). */
  private connectionWork: Subscription | undefined;
  private readonly retry: RetryWithDelayConfig;
  private selected: SimpleCall | undefined;
  private readonly callsSubject = new BehaviorSubject<readonly SimpleCall[]>([]);
  private readonly registrationSubject = new BehaviorSubject<RegistererState>(RegistererState.Initial);
  private readonly selectedSubject = new BehaviorSubject<SimpleCall | undefined>(undefined);
  private readonly wiring = new Subscription();
  private readonly registererWiring = new Subscription();
  private readonly hooks: SimpleCallHooks;

  private readonly events: LazySubjects<SimpleUserEvents>;

  /**
   * @param server where the transport connects, e.g. "wss://sip.example.com" (put in
   * `transportOptions.server`; `userAgentOptions.transportOptions` may add to it).
   */
  constructor(server: string, options: SimpleUserOptions = {}) {
    this.options = options;
    this.delegate = options.delegate;
    const uaOptions = options.userAgentOptions ?? {};
    let uri = uaOptions.uri;
    if (uri === undefined && options.aor !== undefined) {
      uri = UserAgent.makeURI(options.aor);
      if (uri === undefined) throw new InvalidOptionError(`invalid aor ${JSON.stringify(options.aor.slice(0, 80))}`);
    }
    this.userAgent = new UserAgent({
      // as SIP.js's SimpleUser, DTMF goes in INFO (sendDTMF) and received INFO DTMF is told
      dtmfInfo: dtmfInfo(),
      ...uaOptions,
      ...(uri !== undefined ? { uri } : {}),
      // SimpleUser reconnects by its own pipeline (reconnectWhen / keepRegistered), never twice
      reconnectionAttempts: 0,
      transportOptions: { server, ...((uaOptions.transportOptions as object | undefined) ?? {}) },
    });
    const ua = this.userAgent;
    this.events = new LazySubjects(ua, "simpleUser");
    // SIP.js SimpleUser: 3 attempts, the first at once, then reconnectionDelay (4) seconds apart
    this.retry = { count: Math.max(1, options.reconnectionAttempts ?? 3), delay: (options.reconnectionDelay ?? 4) * 1000, scheduler: ua.scheduler };
    this.hooks = {
      answered: (call) => {
        if (call === this.selected) this.attachMedia(call);
        this.tell("callAnswered", call);
      },
      held: (call, held) => {
        this.tell("callHold", { call, held }, held, call);
      },
      ended: (call) => this.removeCall(call),
      dtmf: (call, tone, duration) => {
        this.tell("callDTMFReceived", { call, tone, duration }, tone, duration, call);
      },
      now: () => ua.scheduler.now(),
      useMediaDtmf: options.sendDTMFUsingSessionDescriptionHandler === true,
      constraints: options.media?.constraints ?? { audio: true, video: false },
    };

    // connection events; reconnection and re-registration are pipelines over connection$ (runConnection)
    let wasConnected = false;
    this.wiring.add(
      ua.connection$.subscribe((s) => {
        if (s.type === "connected" && !wasConnected) {
          wasConnected = true;
          this.tell("serverConnect", undefined);
        } else if (s.type !== "connected" && s.type !== "connecting" && wasConnected) {
          wasConnected = false;
          const error = s.type === "disconnected" ? s.error : undefined;
          this.tell("serverDisconnect", error, error);
        }
      }),
    );
    // incoming calls and messages
    this.wiring.add(ua.invites$.subscribe((invitation) => this.receiveCall(invitation)));
    this.wiring.add(
      ua.messages$.subscribe((m) => {
        m.accept().catch(() => undefined);
        const from = m.request.from?.uri.toString() ?? "";
        this.tell("messageReceived", { from, message: m.request.body }, m.request.body, from);
      }),
    );
  }

  // ---- streams beside the delegate ------------------------------------------------------------

  /** Beside `onCallCreated`. */
  get callCreated$(): Observable<SimpleCall> {
    return this.on("callCreated");
  }
  /** Beside `onCallReceived`. */
  get callReceived$(): Observable<SimpleCall> {
    return this.on("callReceived");
  }
  /** Beside `onCallAnswered`. */
  get callAnswered$(): Observable<SimpleCall> {
    return this.on("callAnswered");
  }
  /** Beside `onCallHangup`. */
  get callHangup$(): Observable<SimpleCall> {
    return this.on("callHangup");
  }
  /** Beside `onCallHold`. */
  get callHold$(): Observable<SimpleCallHold> {
    return this.on("callHold");
  }
  /** Beside `onCallDTMFReceived`. */
  get callDTMFReceived$(): Observable<SimpleCallDtmf> {
    return this.on("callDTMFReceived");
  }
  /** Beside `onMessageReceived`. */
  get messageReceived$(): Observable<SimpleMessage> {
    return this.on("messageReceived");
  }
  /** Beside `onRegistered`. */
  get registered$(): Observable<void> {
    return this.on("registered");
  }
  /** Beside `onUnregistered`. */
  get unregistered$(): Observable<void> {
    return this.on("unregistered");
  }
  /** Beside `onServerConnect`. */
  get serverConnect$(): Observable<void> {
    return this.on("serverConnect");
  }
  /** Beside `onServerDisconnect`: the error, or undefined after `disconnect()`. */
  get serverDisconnect$(): Observable<Error | undefined> {
    return this.on("serverDisconnect");
  }

  // ---- state, replayed ------------------------------------------------------------------------

  /** The transport's status (connecting, connected, disconnected with its error, closed), replayed. */
  get connection$(): Observable<TransportStatus> {
    return this.userAgent.connection$;
  }
  /** The registration state, replayed ("Initial" until `register()`). */
  get registration$(): Observable<RegistererState> {
    return this.registrationSubject.asObservable();
  }
  /** The calls that exist, replayed; a new array each time one is added or ends. */
  get calls$(): Observable<readonly SimpleCall[]> {
    return this.callsSubject.asObservable();
  }
  /** The selected call (the one the SimpleUser methods act on), replayed. */
  get selected$(): Observable<SimpleCall | undefined> {
    return this.selectedSubject.asObservable();
  }

  /** The calls that exist. */
  get calls(): readonly SimpleCall[] {
    return this.callsSubject.value;
  }
  /** The selected call. */
  get currentCall(): SimpleCall | undefined {
    return this.selected;
  }
  /** SIP.js: the session of the selected call. */
  get session(): Session | undefined {
    return this.selected?.session;
  }
  /** SIP.js: the address of record (the user agent's URI). */
  get id(): string {
    return this.userAgent.configuration.uri.toString();
  }
  /** SIP.js: the selected call's local media stream (WebRTC handlers only). */
  get localMediaStream(): unknown {
    return this.selected?.localMediaStream;
  }
  /** SIP.js: the selected call's remote media stream (WebRTC handlers only). */
  get remoteMediaStream(): unknown {
    return this.selected?.remoteMediaStream;
  }

  /** Makes `call` the one the SimpleUser methods act on, and plays its media in the configured elements. */
  select(call: SimpleCall): void {
    if (!this.calls.includes(call)) throw new SessionStateError("select() needs a call of this SimpleUser");
    this.choose(call);
    this.attachMedia(call);
  }

  // ---- connection -----------------------------------------------------------------------------

  /** Connects to the server; resolves once connected, rejects when it cannot connect. */
  async connect(): Promise<void> {
    if (this.connectionWork === undefined || this.connectionWork.closed) this.runConnection();
    if (this.userAgent.state === "Started") {
      if (!this.userAgent.isConnected()) await this.userAgent.reconnect();
      return;
    }
    await this.userAgent.start();
  }

  /** Ends every call, unregisters and disconnects (the user agent may connect again). */
  async disconnect(): Promise<void> {
    this.connectionWork?.unsubscribe();
    this.registerWanted = false;
    // unregister first: the user agent's stop() ends its registerers after it has stopped,
    // when they may no longer send (their REGISTER would need a started user agent)
    const registerer = this.registerer;
    if (registerer !== undefined && registerer.state === RegistererState.Registered && this.isConnected()) {
      const watch = new Subscription();
      const left = new Promise<void>((resolve) => {
        watch.add(registerer.state$.subscribe((s) => s !== RegistererState.Registered && resolve()));
        watch.add(this.userAgent.scheduler.schedule(() => resolve(), UNREGISTER_WAIT_MS));
      });
      await registerer.unregister().catch(() => undefined);
      await left;
      watch.unsubscribe();
    }
    await this.userAgent.stop();
    this.registerer = undefined;
  }

  /** Whether the transport is connected now. */
  isConnected(): boolean {
    return this.userAgent.isConnected();
  }

  // ---- registration ---------------------------------------------------------------------------

  /**
   * Registers (and registers again each time the connection comes back, until `unregister()`).
   * Resolves once the REGISTER is sent; `onRegistered` / `registered$` tell when it took.
   */
  async register(registererRegisterOptions?: RegistererRegisterOptions): Promise<void> {
    const registerer = (this.registerer ??= this.makeRegisterer());
    if (registererRegisterOptions !== undefined || !this.isConnected()) {
      await registerer.register(registererRegisterOptions);
    }
    if (!this.registerWanted) {
      this.registerWanted = true;
      this.runConnection(); // keepRegistered registers now (when connected) and after every reconnect
    }
  }

  /** Removes our binding and stops registering again. */
  async unregister(registererUnregisterOptions?: RegistererUnregisterOptions): Promise<void> {
    if (this.registerWanted) {
      this.registerWanted = false;
      if (this.connectionWork !== undefined && !this.connectionWork.closed) this.runConnection();
    }
    if (this.registerer === undefined) return;
    await this.registerer.unregister(registererUnregisterOptions);
  }

  // ---- calls ----------------------------------------------------------------------------------

  /**
   * Calls `destination` (a SIP URI). Resolves once the INVITE is sent; `onCallAnswered` /
   * `callAnswered$` tell when it is answered, `onCallHangup` / `callHangup$` when it ends.
   */
  async call(destination: string, inviterOptions?: InviterOptions, inviterInviteOptions?: InviterInviteOptions): Promise<SimpleCall> {
    const target = this.target(destination);
    if (this.calls.length >= this.maxCalls()) throw new SessionStateError(`already ${this.calls.length} call(s), the most allowed`);
    const inviter = new Inviter(this.userAgent, target, {
      ...(inviterOptions ?? {}),
      sessionDescriptionHandlerOptions: { constraints: this.hooks.constraints, ...(inviterOptions?.sessionDescriptionHandlerOptions ?? {}) },
    });
    const call = this.addCall(inviter);
    await inviter.invite(inviterInviteOptions);
    return call;
  }

  /** Answers the selected incoming call, or else the latest one still ringing. */
  answer(invitationAcceptOptions?: InvitationAcceptOptions): Promise<void> {
    const call = this.ringing();
    if (call === undefined) return Promise.reject(new SessionStateError("no incoming call to answer"));
    this.select(call);
    return call.answer(invitationAcceptOptions ?? this.options.answerOptions);
  }

  /** Declines the selected incoming call, or else the latest one still ringing. */
  decline(): Promise<void> {
    const call = this.ringing();
    if (call === undefined) return Promise.reject(new SessionStateError("no incoming call to decline"));
    return call.decline();
  }

  /** Ends the selected call (CANCEL, reject or BYE as its state needs). */
  hangup(): Promise<void> {
    return this.withCall((c) => c.hangup());
  }

  /** Puts the selected call on hold (a re-INVITE with a sendonly offer); resolves when it is accepted. */
  hold(): Promise<void> {
    return this.withCall((c) => c.hold());
  }

  /** Takes the selected call off hold; resolves when the re-INVITE is accepted. */
  unhold(): Promise<void> {
    return this.withCall((c) => c.unhold());
  }

  /** Whether the selected call is on hold (false without a call). */
  isHeld(): boolean {
    return this.selected?.isHeld() ?? false;
  }

  /** Mutes our microphone in the selected call (no signalling); does nothing without a call. */
  mute(): void {
    this.selected?.mute();
  }

  /** Unmutes our microphone in the selected call; does nothing without a call. */
  unmute(): void {
    this.selected?.unmute();
  }

  /** Whether our microphone is muted in the selected call (false without a call). */
  isMuted(): boolean {
    return this.selected?.isMuted() ?? false;
  }

  /** Sends one DTMF tone in the selected call (INFO, or RFC 4733 with `sendDTMFUsingSessionDescriptionHandler`). */
  sendDTMF(tone: string): Promise<void> {
    return this.withCall((c) => c.sendDTMF(tone));
  }

  /** Sends a MESSAGE (RFC 3428) with `message` as text/plain to `destination`. */
  async message(destination: string, message: string): Promise<void> {
    await new Messager(this.userAgent, this.target(destination), message).message();
  }

  /** Disconnects and completes every stream. */
  async dispose(): Promise<void> {
    this.registerWanted = false;
    this.connectionWork?.unsubscribe();
    this.wiring.unsubscribe();
    await this.userAgent.dispose();
    this.registerer = undefined;
    this.events.complete();
    this.callsSubject.complete();
    this.selectedSubject.complete();
    this.registrationSubject.complete();
  }

  // ---- inside ---------------------------------------------------------------------------------

  /** The event stream `name` (made when first asked for). */
  private on<K extends keyof SimpleUserEvents>(name: K): Observable<SimpleUserEvents[K]> {
    return this.events.subject(name).asObservable();
  }

  /**
   * Tells `value` to the stream `name`, then the delegate's `on<Name>` callback, called with
   * `args` (SIP.js's arguments) or, without them, with `value`.
   */
  private tell<K extends keyof SimpleUserEvents>(name: K, value: SimpleUserEvents[K], ...args: unknown[]): void {
    this.events.next(name, value);
    const delegate = this.delegate as Record<string, ((...args: unknown[]) => void) | undefined> | undefined;
    delegate?.[`on${name[0]!.toUpperCase()}${name.slice(1)}`]?.apply(delegate, args.length > 0 || value === undefined ? args : [value]);
  }

  /**
   * (Re)starts the pipeline over `connection$`: `keepRegistered` while a registration is
   * wanted (register on every connect, reconnect after a loss), else `reconnectWhen` alone.
   * When it gives up (every attempt failed, or the registrar refused for good) it ends;
   * the next `connect()` / `register()` starts it again.
   */
  private runConnection(): void {
    this.connectionWork?.unsubscribe();
    const ua = this.userAgent;
    const registerer = this.registerWanted ? this.registerer : undefined;
    const pipeline: Observable<unknown> =
      registerer !== undefined
        ? ua.connection$.pipe(keepRegistered(registerer, { reconnect: this.retry }))
        : ua.connection$.pipe(reconnectWhen(ua, { retry: this.retry }));
    this.connectionWork = pipeline.subscribe({ error: () => undefined });
  }

  private maxCalls(): number {
    return Math.max(1, this.options.maxSimultaneousCalls ?? 1);
  }

  private receiveCall(invitation: Invitation): void {
    if (this.calls.length >= this.maxCalls()) {
      invitation.reject({ statusCode: 486 }).catch(() => undefined);
      return;
    }
    const call = this.addCall(invitation);
    this.tell("callReceived", call);
  }

  private addCall(session: Session): SimpleCall {
    const call = new SimpleCall(session, this.hooks);
    if (call.endedAt !== undefined) return call;
    this.callsSubject.next([...this.calls, call]);
    if (this.selected === undefined || !this.selected.live) {
      this.choose(call);
    }
    this.tell("callCreated", call);
    return call;
  }

  private removeCall(call: SimpleCall): void {
    if (this.calls.includes(call)) this.callsSubject.next(this.calls.filter((c) => c !== call));
    if (this.selected === call) {
      const next = this.calls[this.calls.length - 1];
      this.choose(next);
      if (next !== undefined) this.attachMedia(next);
      else this.detachMedia();
    }
    this.tell("callHangup", call);
  }

  private ringing(): SimpleCall | undefined {
    const waiting = (c: SimpleCall | undefined) => c !== undefined && c.direction === "incoming" && c.answeredAt === undefined && c.live;
    if (waiting(this.selected)) return this.selected;
    return [...this.calls].reverse().find(waiting);
  }

  private withCall(f: (call: SimpleCall) => Promise<void>): Promise<void> {
    const call = this.selected;
    if (call === undefined) return Promise.reject(new SessionStateError("no call"));
    return f(call);
  }

  private makeRegisterer(): Registerer {
    const registerer = new Registerer(this.userAgent, this.options.registererOptions);
    this.registererWiring.add(
      registerer.state$.subscribe((state) => {
        const before = this.registrationSubject.value;
        this.registrationSubject.next(state);
        if (state === before) return;
        if (state === RegistererState.Registered) {
          this.tell("registered", undefined);
        } else if (before === RegistererState.Registered) {
          this.tell("unregistered", undefined);
        }
      }),
    );
    return registerer;
  }

  /** Selects `call` (or none), telling `selected$`. */
  private choose(call: SimpleCall | undefined): void {
    this.selected = call;
    this.selectedSubject.next(call);
  }

  /** `destination` as a SIP URI; InvalidOptionError when it is not one. */
  private target(destination: string): Uri {
    const uri = UserAgent.makeURI(destination);
    if (uri === undefined) throw new InvalidOptionError(`invalid destination ${JSON.stringify(destination.slice(0, 80))}`);
    return uri;
  }

  private attachMedia(call: SimpleCall): void {
    const media = this.options.media;
    if (media === undefined) return;
    attachStream(media.remote?.audio, call.remoteMediaStream);
    attachStream(media.remote?.video, call.remoteMediaStream);
    attachStream(media.local?.video, call.localMediaStream);
  }

  private detachMedia(): void {
    const media = this.options.media;
    if (media === undefined) return;
    for (const el of [media.remote?.audio, media.remote?.video, media.local?.video]) if (el) el.srcObject = null;
  }
}
