import { asyncScheduler, Subject, type Observable, type SchedulerLike, type Subscription } from "rxjs";
import { ParseError, SipError } from "../../core/messages/errors.js";
import { parseMessage } from "../../core/messages/parseMessage.js";
import type { SipRequest } from "../../core/messages/SipRequest.js";
import type { SipResponse } from "../../core/messages/SipResponse.js";
import type { EmitterImpl } from "../Emitter.js";
import { CRLF_PONG } from "../keepAliveCrlf.js";
import { randomInvalidHost } from "./invalidHost.js";
import type { Transport, TransportLogger, TransportProtocol } from "../Transport.js";
import { TransportError } from "../TransportError.js";
import type { TransportStatus } from "../TransportStatus.js";
import type { Flow, FlowEvent, Peer } from "./Flow.js";
import { flowKeepAlive } from "./flowKeepAlive.js";
import type { OptionsPings } from "./optionsPings.js";
import { openWithTimeout } from "./openWithTimeout.js";
import type { ServerEntry, ServerTarget } from "./parseServer.js";
import type { WireEvent } from "../WireEvent.js";
import { redactCredentials } from "../redactCredentials.js";
import type { BadRequestAnswers } from "./badRequests.js";
import { callGuarded, type ErrorSink } from "../ListenerError.js";
import { StateHolder } from "../StateHolder.js";
import { TransportState as SipState } from "../TransportState.js";

/**
 * Options every rxsip transport understands (SIP.js names where SIP.js has them).
 *
 * @example
 * ```ts
 * import { UserAgent, WebSocketTransport } from "rxsip";
 *
 * new UserAgent({
 *   transportConstructor: WebSocketTransport,
 *   transportOptions: {
 *     servers: [{ server: "wss://sip1.example.com", priority: 1 }, { server: "wss://sip2.example.com", priority: 2 }], // failover
 *     connectionTimeout: 5,
 *     keepAliveInterval: 30,
 *   },
 * });
 * ```
 */
export interface TransportOptions {
  /** The server to connect to (SIP.js `transportOptions.server`). */
  server?: string;
  /** Several servers; on connect they are tried by priority (lower first) until one answers. */
  servers?: ServerEntry[];
  /** Seconds to wait for a connection before trying the next server (SIP.js; default 5). */
  connectionTimeout?: number;
  /**
   * Seconds between keep-alives on the flow to the server; 0 turns them off. Default: 0 on
   * TCP, TLS, WS and WSS (a lost connection is seen by the socket), 30 on UDP, where an
   * unanswered OPTIONS keep-alive is the only way to notice that the server went away
   * (`state$` then says disconnected with KEEPALIVE_TIMEOUT, and a Registerer registers
   * again once the transport is connected again).
   */
  keepAliveInterval?: number;
  /** Seconds to wait for the pong / the OPTIONS response before the flow is dead (default 10, RFC 5626 §4.4.1). */
  keepAliveTimeout?: number;
  /**
   * CRLF ping/pong (default on TCP, TLS, WS, WSS) or OPTIONS requests (default on UDP):
   * `"options"` in `NodeTransport`, which has them built in; elsewhere give
   * {@link optionsPings}`()` (the string there is an `INVALID_OPTION` error naming it).
   */
  keepAliveMethod?: "crlf" | "options" | OptionsPings;
  /**
   * Answer a request that cannot be parsed with 400 (513 when too large) on its flow: give
   * {@link badRequests}`()`. Always on in `NodeTransport`; off by default over WebSocket,
   * where such a request is only reported on `errors$`.
   */
  badRequests?: BadRequestAnswers;
  /** Largest message accepted, in octets (default 65536). */
  maxMessageSize?: number;
  /** Where every timer runs (default `asyncScheduler`). */
  scheduler?: SchedulerLike;
  /** Via sent-by host to advertise (default: the listening address, else a random `.invalid` name). */
  viaHost?: string;
  /** Via sent-by port to advertise. */
  viaPort?: number;
  /**
   * SIP.js option: log every message sent and received, at debug level, through the logger
   * (credentials redacted). Default false, so the hot path builds no trace text; `wire$`
   * carries the same trace as a stream whatever this says.
   */
  traceSip?: boolean;
}

const DEFAULT_CONNECTION_TIMEOUT = 5;
const DEFAULT_KEEPALIVE_TIMEOUT = 10;
/** Seconds between OPTIONS keep-alives over UDP when `keepAliveInterval` is not given. */
const DEFAULT_UDP_KEEPALIVE_INTERVAL = 30;
const DEFAULT_MAX_MESSAGE_SIZE = 65536;
const utf8 = new TextDecoder();

/**
 * What the transports share: the `state$` machine (see `TransportStatus`) and the SIP.js
 * face derived from it, failover over several servers, parsing what flows deliver into
 * `messages$` / `errors$`, answering CRLF pings, and the keep-alive of the flow to the
 * server. A subclass says how to read a server and how to open a flow to it.
 *
 * @example
 * ```ts
 * import { TransportBase, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * if (userAgent.transport instanceof TransportBase) {
 *   userAgent.transport.wire$.subscribe((e) => console.log(e.direction, e.flow, e.text)); // every message, credentials redacted
 * }
 * ```
 */
export abstract class TransportBase implements Transport {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  readonly state$: Observable<TransportStatus>;
  readonly messages$: Observable<SipRequest | SipResponse>;
  readonly errors$: Observable<SipError>;

  protected readonly scheduler: SchedulerLike;
  private readonly wire = new Subject<WireEvent>();
  /** Every message sent and received (see {@link WireEvent}); the text is built only while someone listens. */
  readonly wire$: Observable<WireEvent> = this.wire.asObservable();
  protected readonly maxMessageSize: number;
  protected readonly targets: readonly ServerTarget[];
  /** The flow to the server, while connected. */
  protected flow: Flow | undefined;
  /** The server of `flow`, or the server being tried. */
  protected target: ServerTarget | undefined;

  /** Where what a listener or callback threw is logged. */
  private readonly sink: ErrorSink = { reportError: (e) => this.log("error", e.message) };
  /** The SIP.js state, derived from `state$` (plus Disconnecting while `disconnect()` runs). */
  private readonly sip = new StateHolder<SipState>(SipState.Disconnected, this.sink, "transport");
  readonly stateChange: EmitterImpl<SipState> = this.sip.stateChange;
  /** `state$`: statuses set while one is being delivered are delivered after it, in order. */
  private readonly status = new StateHolder<TransportStatus>({ type: "disconnected" }, this.sink, "transport");
  private readonly incoming = new Subject<SipRequest | SipResponse>();
  private readonly faults = new Subject<SipError>();
  private readonly pongs = new Subject<Flow>();
  private readonly flowSubscriptions = new Map<Flow, Subscription>();
  private connecting: Promise<void> | undefined;
  private abort: AbortController | undefined;
  private keepAlive: Subscription | undefined;
  /** Takes the responses to OPTIONS pings, while they run. */
  private keepAliveTake: ((response: SipResponse) => boolean) | undefined;
  private disposing: Promise<void> | undefined;
  private readonly invalidHost = randomInvalidHost();

  protected constructor(
    protected readonly logger: Partial<TransportLogger> | undefined,
    protected readonly options: TransportOptions,
  ) {
    if (options.keepAliveMethod === "options" && !this.builtInOptionsPings()) {
      throw new TransportError("INVALID_OPTION", 'keepAliveMethod "options" is opt-in on this transport: pass keepAliveMethod: optionsPings()');
    }
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.maxMessageSize = options.maxMessageSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    const entries: ServerEntry[] = options.servers ?? (options.server !== undefined ? [{ server: options.server }] : []);
    // by priority; Array.prototype.sort is stable, so equal priorities keep their order
    this.targets = entries.map((e) => this.readServer(e.server, e.priority ?? 0)).sort((a, b) => a.priority - b.priority);
    this.state$ = this.status.state$;
    this.status.stateChange.on((s) =>
      this.setSip(
        s.type === "connecting" ? SipState.Connecting : s.type === "connected" ? SipState.Connected : SipState.Disconnected,
        s.type === "disconnected" ? s.error : undefined,
      ),
    );
    this.messages$ = this.incoming.asObservable();
    this.errors$ = this.faults.asObservable();
  }

  // ---- what subclasses provide ----------------------------------------------------------------

  abstract get protocol(): TransportProtocol;

  /**
   * Reads one server option; throws `INVALID_SERVER` (naming the server without its user
   * info) for what this transport cannot reach. `parseServer` reads every form rxsip knows.
   */
  protected abstract readServer(server: string, priority: number): ServerTarget;

  /**
   * The addresses to try for one configured server, in order, looked up at every connect
   * (NodeTransport: RFC 3263 for a `sip:` / `sips:` host name). Default: the server itself.
   */
  protected locate(target: ServerTarget, _signal: AbortSignal): Promise<readonly ServerTarget[]> {
    return Promise.resolve([target]);
  }

  /**
   * The configured servers in the order to try them at this connect (default: by priority,
   * as configured). `NodeTransport` puts last a UDP server whose flow died.
   */
  protected connectOrder(targets: readonly ServerTarget[]): readonly ServerTarget[] {
    return targets;
  }

  /** Opens a flow to `target`; must give up (and reject) when `signal` aborts. */
  protected abstract openFlow(target: ServerTarget, signal: AbortSignal): Promise<Flow>;

  /** Runs before the servers are tried (binds listening sockets). */
  protected async prepare(_signal: AbortSignal): Promise<void> {}

  /** Closes everything but the flow to the server (listeners, other connections). */
  protected async shutdown(): Promise<void> {}

  /** Whether the transport listens, so that it is of use without a server. */
  protected get listens(): boolean {
    return false;
  }

  /** Whether anything besides the flow to the server is open (see `shutdown`). */
  protected hasResources(): boolean {
    return false;
  }

  /** Sends on the flow to the server; subclasses route responses and listening-mode requests. */
  protected async deliver(_message: SipRequest | SipResponse | string, text: string): Promise<void> {
    const flow = this.flow;
    if (!flow || !flow.open) throw new TransportError("NOT_CONNECTED", "the transport is not connected");
    await flow.send(text);
  }

  /**
   * What a server transport does to the top Via of each request received (RFC 3261 §18.2.1,
   * RFC 3581); returns whether it changed the request. `NodeTransport` adds `received` and
   * fills `rport` (`stampVia`). By default nothing: a WebSocket flow knows the server by its
   * URL's host name, not by the address `received` must carry, and answers go back on the
   * connection the request came on anyway (RFC 7118 §5).
   */
  protected stampVia(_request: SipRequest, _source: Peer): boolean {
    return false;
  }

  /**
   * The OPTIONS keep-alive this transport has built in, for `keepAliveMethod: "options"` and
   * unreliable flows; none by default (`NodeTransport`: `optionsPings()`). Called by the constructor.
   */
  protected builtInOptionsPings(): OptionsPings | undefined {
    return undefined;
  }

  /** Called with every request received, after its Via was stamped (to remember its flow). */
  protected noteRequest(_request: SipRequest, _flow: Flow, _source: Peer): void {}

  // ---- SIP.js face -----------------------------------------------------------------------------

  get state(): SipState {
    return this.sip.value;
  }

  get reliable(): boolean {
    return this.protocol !== "UDP";
  }

  /** Whether the transport is connected to a server (or, listening, ready) now. */
  isConnected(): boolean {
    return this.current.type === "connected";
  }

  /**
   * Connects to the first server that answers, in priority order, each within
   * `connectionTimeout`. Resolves once connected (at once if already connected; the same
   * promise while connecting). Rejects with the `TransportError` of the server tried, or
   * `ALL_SERVERS_FAILED` with every attempt, and `state$` goes to `disconnected` with it.
   */
  connect(): Promise<void> {
    if (this.disposing) return Promise.reject(new TransportError("DISPOSED", "the transport was disposed"));
    if (this.current.type === "connected") return Promise.resolve();
    this.connecting ??= this.runConnect().finally(() => {
      this.connecting = undefined;
    });
    return this.connecting;
  }

  /** Closes every flow and listener; `state$` goes to `disconnected` without error. */
  async disconnect(): Promise<void> {
    this.abort?.abort();
    this.abort = undefined;
    const flow = this.flow;
    if (this.current.type === "disconnected" && !flow && !this.hasResources()) return;
    // SIP.js's Disconnecting, while what is open is closed
    if (this.current.type === "connecting" || this.current.type === "connected") this.setSip(SipState.Disconnecting);
    this.stopKeepAlive();
    this.flow = undefined;
    for (const sub of this.flowSubscriptions.values()) sub.unsubscribe();
    this.flowSubscriptions.clear();
    await Promise.all([flow?.close(), this.shutdown()]);
    if (this.current.type !== "disconnected" && this.current.type !== "closed") this.setStatus({ type: "disconnected" });
  }

  /** Disconnects, emits `closed`, completes every stream and drops every listener. */
  dispose(): Promise<void> {
    this.disposing ??= (async () => {
      await this.disconnect();
      this.setStatus({ type: "closed" });
      for (const s of [this.status, this.sip, this.incoming, this.faults, this.pongs, this.wire]) s.complete();
      this.onConnect = undefined;
      this.onDisconnect = undefined;
      this.onMessage = undefined;
    })();
    return this.disposing;
  }

  /**
   * Sends a message (serialized with `toString()` when not a string). The returned promise
   * is marked handled: ignoring it never causes an unhandled rejection.
   */
  send(message: SipRequest | SipResponse | string): Promise<void> {
    const text = typeof message === "string" ? message : message.toString();
    this.trace("out", text, this.flow);
    const sent = this.disposing ? Promise.reject(new TransportError("DISPOSED", "the transport was disposed")) : this.deliver(message, text);
    sent.catch(() => undefined);
    return sent;
  }

  /** Via sent-by host: the `viaHost` option, else a random `.invalid` name made once (RFC 7118 §5.2). */
  get viaHost(): string {
    return this.options.viaHost ?? this.invalidHost;
  }

  /** Via sent-by port: the `viaPort` option, else none. */
  get viaPort(): number | undefined {
    return this.options.viaPort;
  }

  // ---- connecting ------------------------------------------------------------------------------

  private async runConnect(): Promise<void> {
    const abort = (this.abort = new AbortController());
    const signal = abort.signal;
    /** Goes disconnected with `error` and rejects with it. */
    const fail = (error: TransportError): never => {
      this.abort = undefined;
      this.setStatus({ type: "disconnected", error });
      throw error;
    };
    /** Rejects with ABORTED when disconnect() or dispose() cut the connect short. */
    const stop = (): void => {
      if (signal.aborted) throw new TransportError("ABORTED", "connect was cancelled by disconnect or dispose");
    };
    const order = this.connectOrder(this.targets);
    const first = order[0];
    if (!first && !this.listens) fail(new TransportError("INVALID_SERVER", "no server to connect to (set `server` or `servers`)"));
    this.setStatus(first ? { type: "connecting", server: first.label } : { type: "connecting" });
    try {
      await this.prepare(signal);
    } catch (e) {
      stop();
      fail(asTransportError(e, "CONNECT_FAILED", "could not start listening"));
    }
    stop();
    if (!first) return this.setStatus({ type: "connected" });
    const attempts: TransportError[] = [];
    /** One server that could not be located or opened: its error, logged and kept. */
    const failed = (e: unknown, code: TransportError["code"], message: string, label: string): void => {
      stop();
      const error = asTransportError(e, code, message, label);
      this.log("warn", `${label}: ${error.code} ${error.message}`);
      attempts.push(error);
    };
    for (const configured of order) {
      this.target = configured;
      let label = configured.label;
      this.setStatus({ type: "connecting", server: label });
      let located: readonly ServerTarget[] = [];
      try {
        located = await this.locate(configured, signal);
      } catch (e) {
        failed(e, "DNS_FAILED", "could not locate the server", label);
      }
      stop();
      for (const target of located) {
        this.target = target;
        if (target.label !== label) this.setStatus({ type: "connecting", server: (label = target.label) });
        let flow: Flow;
        try {
          flow = await openWithTimeout((inner) => this.openFlow(target, inner), {
            seconds: this.options.connectionTimeout ?? DEFAULT_CONNECTION_TIMEOUT,
            scheduler: this.scheduler,
            server: label,
            signal,
          });
        } catch (e) {
          failed(e, "CONNECT_FAILED", "could not connect", label);
          continue;
        }
        if (signal.aborted) void flow.close();
        stop();
        this.log("debug", `connected to ${label}`);
        this.abort = undefined;
        this.adopt(flow, target);
        return;
      }
    }
    fail(
      attempts.length === 1
        ? attempts[0]!
        : new TransportError("ALL_SERVERS_FAILED", `none of the ${attempts.length} servers could be reached`, { attempts }),
    );
  }

  private adopt(flow: Flow, target: ServerTarget): void {
    this.flow = flow;
    this.setStatus({ type: "connected", server: target.label });
    this.attach(flow, (error) => this.flowLost(flow, error));
    if (this.flow === flow) this.startKeepAlive(flow, target);
  }

  private flowLost(flow: Flow, error: TransportError | undefined): void {
    if (this.flow !== flow) return;
    this.flow = undefined;
    this.stopKeepAlive();
    const why = error ?? new TransportError("CONNECTION_CLOSED", "the connection was closed", { server: this.target?.label });
    this.log("warn", `flow to ${this.target?.label ?? "server"} lost: ${why.code}`);
    this.setStatus({ type: "disconnected", error: why });
  }

  // ---- receiving -------------------------------------------------------------------------------

  /**
   * Subscribes to a flow's events. `onEnd` is called once when the flow ends by itself
   * (with its error, or without when it completed); not when the transport unsubscribes.
   */
  protected attach(flow: Flow, onEnd?: (error: TransportError | undefined) => void): void {
    const end = (error: TransportError | undefined) => {
      this.flowSubscriptions.delete(flow);
      if (onEnd) onEnd(error);
      else if (error) this.faults.next(error);
    };
    const sub = flow.events$.subscribe({
      next: (event) => this.receive(event, flow),
      error: (e: unknown) => end(asTransportError(e, "CONNECTION_ERROR", "the connection failed")),
      complete: () => end(undefined),
    });
    if (!sub.closed) this.flowSubscriptions.set(flow, sub);
  }

  /** Stops listening to a flow (without calling its `onEnd`). */
  protected detach(flow: Flow): void {
    this.flowSubscriptions.get(flow)?.unsubscribe();
    this.flowSubscriptions.delete(flow);
  }

  /** Reports a failure that does not end the flow to the server. */
  protected report(error: SipError): void {
    this.log("warn", `${error.code}: ${error.message}`);
    this.faults.next(error);
  }

  /** Handles what a flow delivers: answers CRLF pings, notes pongs, passes messages to `receiveMessage`, reports what it dropped. */
  protected receive(event: FlowEvent, flow: Flow): void {
    switch (event.type) {
      case "ping":
        // RFC 5626 §4.4.1: answer a double CRLF with a single CRLF. Two pongs in a row
        // read exactly like a ping, so a ping also proves the flow alive; answering a
        // phantom ping only sends a CRLF the peer ignores (RFC 3261 §7.5).
        flow.send(CRLF_PONG).catch(() => undefined);
        this.pongs.next(flow);
        return;
      case "pong":
        this.pongs.next(flow);
        return;
      case "message":
        this.receiveMessage(event.data, event.source, flow);
        return;
      case "dropped":
        this.report(event.error);
        return;
    }
  }

  /** One trace entry: on `wire$` and, with `traceSip`, in the log at debug level. */
  private trace(direction: "in" | "out", data: string | Uint8Array, flow: Flow | undefined, source?: Peer): void {
    // nothing is built unless someone listens or traceSip asks for it
    if (!this.wire.observed && this.options.traceSip !== true) return;
    const text = redactCredentials(typeof data === "string" ? data : utf8.decode(data));
    const peer = source ?? flow?.remote;
    const label = peer !== undefined ? `${flow?.protocol ?? peer.protocol} ${peer.host}:${peer.port}` : undefined;
    if (this.options.traceSip === true) this.log("debug", `${direction === "in" ? "received from" : "sending to"} ${label ?? "(no flow)"}:\n${text}`);
    if (this.wire.observed) this.wire.next({ direction, flow: label, at: this.scheduler.now(), text });
  }

  /**
   * Parses one received message and hands it on (`messages$`, `onMessage`); an unreadable request is reported on
   * `errors$` and, with `badRequests`, answered 400 (or 513 when too large).
   */
  protected receiveMessage(data: string | Uint8Array, source: Peer, flow: Flow): void {
    this.trace("in", data, flow, source);
    let message: SipRequest | SipResponse;
    let stamped = false;
    try {
      message = parseMessage(data, { maxSize: this.maxMessageSize });
      if (message.isRequest) {
        stamped = this.stampVia(message, source);
      }
    } catch (e) {
      this.report(e instanceof SipError ? e : new TransportError("FRAMING", "unreadable message", { cause: e }));
      if (e instanceof ParseError) this.answerUnreadable(data, e, flow);
      return;
    }
    if (message.isRequest) this.noteRequest(message, flow, source);
    else if (this.keepAliveTake?.(message)) return;
    const onMessage = this.onMessage;
    if (onMessage) {
      const text = stamped ? message.toString() : typeof data === "string" ? data : utf8.decode(data);
      callGuarded(this.sink, "transport.onMessage", () => onMessage(text));
    }
    this.incoming.next(message);
  }

  /**
   * With the `badRequests` option, a request that could not be parsed gets a 400 on the flow
   * it came on (RFC 3261 §21.4.1, §18.3), 513 when it was too large, instead of silence; a
   * response or an ACK gets nothing (see `badRequestFor`).
   */
  private answerUnreadable(data: string | Uint8Array, error: ParseError, flow: Flow): void {
    const answer = this.options.badRequests?.answer(data, error);
    if (answer === undefined || !flow.open) return;
    this.log("debug", `answered an unreadable request: ${answer.slice(0, answer.indexOf("\r\n"))}`);
    flow.send(answer).catch(() => undefined);
  }

  // ---- keep-alive ------------------------------------------------------------------------------

  private startKeepAlive(flow: Flow, target: ServerTarget): void {
    const interval = (this.options.keepAliveInterval ?? (flow.protocol === "UDP" ? DEFAULT_UDP_KEEPALIVE_INTERVAL : 0)) * 1000;
    if (!(interval > 0)) return;
    const method = this.options.keepAliveMethod;
    const pings =
      typeof method === "object" ? method : method === "options" || (method === undefined && !flow.reliable) ? this.builtInOptionsPings() : undefined;
    const options = {
      interval,
      timeout: (this.options.keepAliveTimeout ?? DEFAULT_KEEPALIVE_TIMEOUT) * 1000,
      scheduler: this.scheduler,
      pongs$: this.pongs,
      viaHost: this.viaHost,
      viaPort: this.viaPort,
    };
    const started = pings?.start(flow, target, options);
    this.keepAliveTake = started?.take;
    const keepAlive$ = started ? started.alive$ : flowKeepAlive(flow, options);
    this.keepAlive = keepAlive$.subscribe({
      error: (e: unknown) => {
        const error = asTransportError(e, "KEEPALIVE_TIMEOUT", "keep-alive failed");
        this.detach(flow);
        this.flowLost(flow, error);
        void flow.close();
      },
    });
  }

  private stopKeepAlive(): void {
    this.keepAlive?.unsubscribe();
    this.keepAlive = undefined;
    this.keepAliveTake = undefined;
  }

  // ---- state -----------------------------------------------------------------------------------

  /**
   * Moves `state$` and the SIP.js face derived from it (`state`, `stateChange`, `onConnect`,
   * `onDisconnect`). A status set while another is being delivered (a listener that calls
   * `disconnect()` on `connected`) is queued, so every subscriber sees the statuses in order;
   * a listener or callback that throws is logged and does not stop the others.
   */
  protected setStatus(next: TransportStatus): void {
    if (!sameStatus(this.current, next)) this.status.set(next);
  }

  /** The latest status set (possibly not yet delivered to every subscriber). */
  private get current(): TransportStatus {
    return this.status.value;
  }

  private setSip(next: SipState, error?: Error): void {
    const previous = this.sip.value;
    if (next === previous) return;
    this.sip.set(next);
    if (next === SipState.Connected) callGuarded(this.sink, "transport.onConnect", () => this.onConnect?.());
    if (previous === SipState.Connected) callGuarded(this.sink, "transport.onDisconnect", () => this.onDisconnect?.(error));
  }

  /** Logs through the logger the transport was given; a logger that throws is ignored. */
  protected log(level: keyof TransportLogger, message: string): void {
    try {
      this.logger?.[level]?.(message);
    } catch {
      // a logger that throws must not break the transport
    }
  }
}

/** Keeps a TransportError as it is; wraps anything else with `code`. */
export function asTransportError(
  e: unknown,
  code: TransportError["code"],
  message: string,
  server?: string,
): TransportError {
  if (e instanceof TransportError) return e;
  return new TransportError(code, message, { cause: e, ...(server !== undefined ? { server } : {}) });
}

/** Same type, server and error (a status has at most one of the two). */
function sameStatus(a: TransportStatus, b: TransportStatus): boolean {
  const x = a as { type: string; server?: string; error?: TransportError };
  const y = b as typeof x;
  return x.type === y.type && x.server === y.server && x.error === y.error;
}
