import { asyncScheduler, type Observable, type SchedulerLike, Subject, Subscription } from "rxjs";
import { ParseError, type SipMessageAny, type SipRequest, type SipResponse } from "../../core/messages/index.js";
import { randomHex, TransactionLayer } from "../../core/transactions/index.js";
import type { Binding } from "./Binding.js";
import { BindingStore } from "./BindingStore.js";
import { DigestVerifier } from "./DigestVerifier.js";
import { LocalResponder } from "./LocalResponder.js";
import { MemoryListener } from "./MemoryListener.js";
import { ProxyCore } from "./ProxyCore.js";
import { RegisterHandler } from "./RegisterHandler.js";
import { RegistrarError } from "./RegistrarError.js";
import { type Arrival, flowInfo, type RegistrarFlow, type RegistrarListener } from "./RegistrarFlow.js";
import type { RegistrarLogEntry } from "./RegistrarLogEntry.js";
import type { RegistrarAddresses, RegistrarOptions, SocketListenOption } from "./RegistrarOptions.js";

const DEFAULT_HOST = "127.0.0.1";
const DEFAULT_EXPIRES = 600;
const MAX_EXPIRES = 3600;
/** What the registrar answers itself, for OPTIONS and 405. */
const ALLOW = "INVITE, ACK, CANCEL, BYE, OPTIONS, REGISTER, MESSAGE, INFO, UPDATE, PRACK, SUBSCRIBE, NOTIFY, REFER";

/**
 * A small registrar and proxy for development and tests (RFC 3261 §10.3, §16): it listens
 * on an in-memory network address, UDP and TCP on 127.0.0.1 (NodeTransport's listening
 * mode), and WebSocket (RFC 7118), in any combination; keeps bindings per user with
 * optional Digest authentication; and forwards requests between the clients registered
 * with it, over the flows their registrations came on (see `ProxyCore`).
 *
 * Every timer (binding expiry, transaction timers) runs on `scheduler`, so with an
 * in-memory network and a TestScheduler whole registrations expire in virtual time. The
 * in-memory listener is attached synchronously by `start()`; sockets are bound before its
 * promise resolves.
 *
 * @example
 * ```ts
 * import { UserAgent, WebSocketTransport } from "rxsip";
 * import { startRegistrar } from "rxsip/testing";
 *
 * const registrar = await startRegistrar({ udp: true, ws: true, auth: { realm: "test", users: { alice: "secret" } } });
 * const ua = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@test"),
 *   authorizationUsername: "alice",
 *   authorizationPassword: "secret",
 *   transportConstructor: WebSocketTransport,
 *   transportOptions: { server: registrar.addresses.urls.ws! },
 * });
 * // ...
 * await registrar.stop();
 * ```
 */
export class Registrar {
  /** Every message received and sent, as it happens (hot; completes on `stop()`). */
  readonly log$: Observable<RegistrarLogEntry>;
  /** What went wrong without stopping the registrar (hot; completes on `stop()`). */
  readonly errors$: Observable<RegistrarError>;
  /** The current bindings, replayed, then every change (completes on `stop()`). */
  readonly bindings$: Observable<readonly Binding[]>;

  private readonly scheduler: SchedulerLike;
  private readonly store: BindingStore;
  private readonly layer: TransactionLayer;
  private readonly responder: LocalResponder;
  private readonly proxy: ProxyCore;
  private readonly register: RegisterHandler;
  private readonly log = new Subject<RegistrarLogEntry>();
  private readonly errors = new Subject<RegistrarError>();
  private readonly wiring = new Subscription();
  private readonly listeners: RegistrarListener[] = [];
  private starting: Promise<RegistrarAddresses> | undefined;
  private stopping: Promise<void> | undefined;

  constructor(private readonly options: RegistrarOptions) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.log$ = this.log.asObservable();
    this.errors$ = this.errors.asObservable();
    this.store = new BindingStore(this.scheduler);
    this.bindings$ = this.store.bindings$;
    this.layer = new TransactionLayer({ scheduler: this.scheduler, ...(options.timers !== undefined ? { timers: options.timers } : {}) });
    const report = (error: RegistrarError) => this.report(error);
    const transmit = (flow: RegistrarFlow, message: SipMessageAny) => this.transmit(flow, message);
    this.responder = new LocalResponder(this.layer, transmit, report);
    const answer = this.responder.answer.bind(this.responder);
    const inDomain = (host: string) => this.inDomain(host);
    this.proxy = new ProxyCore({
      scheduler: this.scheduler,
      listeners: this.listeners,
      bindings: this.store,
      salt: randomHex(8),
      inDomain,
      transmit,
      answer,
      report,
    });
    this.register = new RegisterHandler({
      scheduler: this.scheduler,
      bindings: this.store,
      verifier: options.auth === undefined ? undefined : new DigestVerifier(options.auth, this.scheduler),
      defaultExpires: options.defaultExpires ?? DEFAULT_EXPIRES,
      maxExpires: options.maxExpires ?? MAX_EXPIRES,
      minExpires: options.minExpires ?? 0,
      inDomain,
      answer,
    });
  }

  /** The current bindings (RFC 3261 §10.3), by user in order of first registration. */
  get bindings(): readonly Binding[] {
    return this.store.all;
  }

  /** Where the registrar listens (complete once `start()` resolved). */
  get addresses(): RegistrarAddresses {
    const out: { -readonly [K in keyof RegistrarAddresses]: RegistrarAddresses[K] } = { urls: {} };
    for (const l of this.listeners) {
      switch (l.transport) {
        case "memory":
          out.memory = `${l.host}:${l.port}`;
          out.urls.memory = `sip:${l.host}:${l.port}`;
          break;
        case "udp":
          out.udp = l.port;
          out.urls.udp = `sip:${l.host}:${l.port};transport=udp`;
          break;
        case "tcp":
          out.tcp = l.port;
          out.urls.tcp = `sip:${l.host}:${l.port};transport=tcp`;
          break;
        case "ws":
          out.ws = l.port;
          out.urls.ws = `ws://${l.host}:${l.port}`;
          break;
      }
    }
    return out;
  }

  /**
   * Opens every listener of the options: the in-memory one at once (synchronously), the
   * sockets before the promise resolves. Calling it again returns the same promise.
   * @throws RegistrarError LISTEN_FAILED (what was opened is closed again), STOPPED
   */
  start(): Promise<RegistrarAddresses> {
    this.starting ??= this.open();
    return this.starting;
  }

  /** Closes every socket, connection and endpoint, cancels every timer, completes the streams. Idempotent. */
  stop(): Promise<void> {
    this.stopping ??= (async () => {
      this.layer.dispose();
      this.store.dispose();
      this.proxy.clear();
      this.wiring.unsubscribe();
      const listeners = this.listeners.splice(0);
      await Promise.all(listeners.map((l) => l.close()));
      this.log.complete();
      this.errors.complete();
    })();
    return this.stopping;
  }

  // ---- opening -------------------------------------------------------------------------------

  private async open(): Promise<RegistrarAddresses> {
    if (this.stopping) throw new RegistrarError("STOPPED", "the registrar was stopped");
    const o = this.options;
    const host = o.host ?? DEFAULT_HOST;
    if (o.memory === undefined && !o.udp && !o.tcp && !o.ws) throw new RegistrarError("LISTEN_FAILED", "nothing to listen on: give memory, udp, tcp or ws");
    if (o.memory !== undefined) this.attach(new MemoryListener(o.memory.network, o.memory.address, o.memory.reliable ?? true));
    const pending: Array<Promise<RegistrarListener>> = [];
    if (o.udp) pending.push(import("./NodeListener.js").then(({ NodeListener }) => NodeListener.listen("UDP", host, portOf(o.udp))));
    if (o.tcp) pending.push(import("./NodeListener.js").then(({ NodeListener }) => NodeListener.listen("TCP", host, portOf(o.tcp))));
    if (o.ws) pending.push(import("./WebSocketListener.js").then(({ WebSocketListener }) => WebSocketListener.listen(host, portOf(o.ws))));
    if (pending.length === 0) return this.addresses;
    const results = await Promise.allSettled(pending);
    const opened = results.flatMap((r) => (r.status === "fulfilled" ? [r.value] : []));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === "rejected");
    if (failed !== undefined || this.stopping) {
      // a failure closes what did open; a stop() meanwhile closes it too, and start() resolves
      await Promise.all(opened.map((l) => l.close()));
      if (failed === undefined) return this.addresses;
      throw failed.reason instanceof RegistrarError ? failed.reason : new RegistrarError("LISTEN_FAILED", "a listener could not be opened", undefined, { cause: failed.reason });
    }
    for (const l of opened) this.attach(l);
    return this.addresses;
  }

  private attach(listener: RegistrarListener): void {
    this.listeners.push(listener);
    this.wiring.add(listener.arrivals$.subscribe((arrival) => this.receive(arrival)));
    this.wiring.add(listener.errors$.subscribe((error) => this.report(error)));
    this.wiring.add(
      listener.closed$.subscribe((flow) => {
        this.store.removeFlow(flow.id);
        this.proxy.flowClosed(flow.id);
      }),
    );
  }

  // ---- receiving -----------------------------------------------------------------------------

  private receive({ message, flow }: Arrival): void {
    try {
      if (message.isResponse) {
        const source = flow ?? this.proxy.sourceOf(message);
        this.record("in", message, source);
        this.proxy.relay(message, source);
      } else if (flow !== undefined) {
        this.record("in", message, flow);
        this.receiveRequest(message, flow);
      }
    } catch (error) {
      const code = error instanceof ParseError ? "MALFORMED" : "INTERNAL";
      this.report(new RegistrarError(code, `a message could not be handled: ${error instanceof Error ? error.message : String(error)}`, flow?.id, { cause: error }));
    }
  }

  private receiveRequest(request: SipRequest, flow: RegistrarFlow): void {
    if (!hasCoreHeaders(request)) {
      this.report(new RegistrarError("MALFORMED", `a ${request.method} without Via, From, To, Call-ID or CSeq was dropped`, flow.id));
      return;
    }
    if (this.responder.absorbs(request)) return;
    this.proxy.learnContacts(request, flow);
    let routing;
    try {
      routing = this.proxy.preprocess(request);
    } catch (error) {
      if (!(error instanceof ParseError)) throw error;
      if (request.method !== "ACK") this.responder.answer(request, flow, 400, "Bad Request");
      return;
    }
    const forUs = routing.routes.length === 0;
    if (request.method === "ACK") this.proxy.forwardAck(request, flow, routing);
    else if (request.method === "CANCEL") this.proxy.forwardCancel(request, flow);
    else if (forUs && request.method === "REGISTER") this.register.handle(request, flow);
    else if (forUs && routing.ruri.user === undefined) this.answerForItself(request, flow);
    else this.proxy.forward(request, flow, routing);
  }

  /** A request addressed to the registrar itself: OPTIONS is answered 200 (RFC 3261 §11.2), the rest 405. */
  private answerForItself(request: SipRequest, flow: RegistrarFlow): void {
    if (request.method === "OPTIONS") this.responder.answer(request, flow, 200, "OK", [["Allow", ALLOW], ["Accept", "application/sdp"]]);
    else this.responder.answer(request, flow, 405, "Method Not Allowed", [["Allow", ALLOW]]);
  }

  private inDomain(host: string): boolean {
    const h = host.toLowerCase();
    const domain = this.options.domain;
    return domain === undefined || domain.toLowerCase() === h || this.listeners.some((l) => l.host.toLowerCase() === h);
  }

  // ---- sending -------------------------------------------------------------------------------

  private transmit(flow: RegistrarFlow, message: SipRequest | SipResponse): void {
    if (this.stopping) return;
    this.record("out", message, flow);
    flow.send(message.toString()).catch((cause: unknown) => {
      this.report(new RegistrarError("SEND_FAILED", `a ${describe(message)} could not be sent`, flow.id, { cause }));
    });
  }

  private record(direction: "in" | "out", message: SipMessageAny, flow: RegistrarFlow | undefined): void {
    this.log.next({
      direction,
      ...(flow !== undefined ? { flow: flowInfo(flow) } : {}),
      message,
      text: message.toString(),
      at: this.scheduler.now(),
    });
  }

  private report(error: RegistrarError): void {
    if (!this.errors.closed) this.errors.next(error);
  }
}

/** Via, From, To, Call-ID and CSeq present and readable: what answering and forwarding need. */
function hasCoreHeaders(request: SipRequest): boolean {
  try {
    return request.vias.length > 0 && request.from !== undefined && request.to !== undefined && request.callId !== "" && request.cseq !== undefined;
  } catch (error) {
    if (error instanceof ParseError) return false;
    throw error;
  }
}

function portOf(option: SocketListenOption | undefined): number {
  return typeof option === "object" ? (option.port ?? 0) : 0;
}

function describe(message: SipMessageAny): string {
  return message.isRequest ? `${message.method} request` : `${message.statusCode} response`;
}
