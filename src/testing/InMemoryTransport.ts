import { BehaviorSubject, Subject, Subscription, type Observable, type SchedulerLike } from "rxjs";
import type { SipError } from "../core/messages/errors.js";
import { parseMessage, SipRequest, type SipResponse } from "../core/messages/index.js";
import { EmitterImpl, type Emitter } from "../streams/Emitter.js";
import type { Transport, TransportLogger, TransportProtocol } from "../streams/Transport.js";
import { TransportError } from "../streams/TransportError.js";
import { TransportState } from "../streams/TransportState.js";
import type { TransportStatus } from "../streams/TransportStatus.js";
import type { InMemoryEndpoint } from "./InMemoryEndpoint.js";
import type { InMemoryNetwork } from "./InMemoryNetwork.js";

/**
 * `transportOptions` of {@link InMemoryTransport}.
 *
 * @example
 * ```ts
 * import { UserAgent } from "rxsip";
 * import { InMemoryNetwork, InMemoryTransport } from "rxsip/testing";
 * declare const network: InMemoryNetwork;
 *
 * new UserAgent({
 *   transportConstructor: InMemoryTransport,
 *   transportOptions: { network, address: "alice.example.test:5060", reconnectAddresses: ["alice.example.test:5062"], reliable: false },
 * });
 * ```
 */
export interface InMemoryTransportOptions {
  network: InMemoryNetwork;
  /** Our address on the network (`host:port`). */
  address: string;
  /**
   * Addresses taken in turn at each `connect()` after the first (as a client gets a new
   * source port, or a new interface, when it reconnects); the last one stays. Default: none
   * (`address` every time).
   */
  reconnectAddresses?: string[];
  /** Where every request goes (an outbound proxy / registrar address); default: routed by Route / Request-URI. */
  server?: string;
  /** TCP-like (default) or UDP-like (retransmissions, impairments apply). */
  reliable?: boolean;
  /** Via transport token (default "TCP" / "UDP"). */
  protocol?: TransportProtocol;
  /** Ignored: the network's scheduler runs delivery; kept so user agents can pass theirs. */
  scheduler?: SchedulerLike;
}

/**
 * A transport over an {@link InMemoryNetwork}, usable as a user agent's
 * `transportConstructor` so whole applications run in one process, in virtual time:
 * `new UserAgent({ transportConstructor: InMemoryTransport, transportOptions: { network, address, server } })`.
 * `connect()` attaches to the network, `disconnect()` detaches (what is sent to us meanwhile
 * is lost, as on a real network).
 *
 * @example
 * ```ts
 * import { UserAgent } from "rxsip";
 * import { InMemoryNetwork, InMemoryTransport, fakeSessionDescriptionHandlerFactory } from "rxsip/testing";
 *
 * const network = new InMemoryNetwork();
 * const alice = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.test"),
 *   transportConstructor: InMemoryTransport,
 *   transportOptions: { network, address: "alice.example.test:5060", reliable: true },
 *   sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
 * });
 * await alice.start();
 * (alice.transport as InMemoryTransport).fail("cable pulled"); // test the reconnection logic
 * ```
 */
export class InMemoryTransport implements Transport {
  readonly protocol: TransportProtocol;
  readonly reliable: boolean;
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
  onMessage: ((message: string) => void) | undefined;

  private readonly status = new BehaviorSubject<TransportStatus>({ type: "disconnected" });
  private readonly incoming = new Subject<SipRequest | SipResponse>();
  private readonly failures = new Subject<SipError>();
  private readonly emitter = new EmitterImpl<TransportState>();
  private endpoint: InMemoryEndpoint | undefined;
  private wiring: Subscription | undefined;
  private sipJsState: TransportState = TransportState.Disconnected;

  constructor(
    _logger: Partial<TransportLogger> | undefined,
    private readonly options: InMemoryTransportOptions,
  ) {
    if (!options?.network || !options.address) throw new TransportError("INVALID_SERVER", "InMemoryTransport needs transportOptions { network, address }");
    this.reliable = options.reliable ?? true;
    this.protocol = options.protocol ?? (this.reliable ? "TCP" : "UDP");
    this.address = options.address;
  }

  /** The address of the current (or last) connection. */
  private address: string;
  private connections = 0;

  /** Via sent-by host: the host of the current address. */
  get viaHost(): string {
    const colon = this.address.lastIndexOf(":");
    return colon > 0 ? this.address.slice(0, colon) : this.address;
  }

  get viaPort(): number | undefined {
    const colon = this.address.lastIndexOf(":");
    return colon > 0 ? Number(this.address.slice(colon + 1)) : undefined;
  }

  get state(): TransportState {
    return this.sipJsState;
  }

  get stateChange(): Emitter<TransportState> {
    return this.emitter;
  }

  get state$(): Observable<TransportStatus> {
    return this.status.asObservable();
  }

  get messages$(): Observable<SipRequest | SipResponse> {
    return this.incoming.asObservable();
  }

  get errors$(): Observable<SipError> {
    return this.failures.asObservable();
  }

  /** Whether it is attached to the network. */
  isConnected(): boolean {
    return this.endpoint !== undefined;
  }

  /**
   * Attaches an endpoint to the in-memory network at its address (or the next `reconnectAddresses` entry
   * after a reconnect); rejects with `CONNECT_FAILED` when the address is taken.
   */
  connect(): Promise<void> {
    if (this.status.closed) return Promise.reject(new TransportError("DISPOSED", "the transport was disposed"));
    if (this.endpoint !== undefined) return Promise.resolve();
    this.setStatus({ type: "connecting" }, TransportState.Connecting);
    const network = this.options.network;
    const later = this.options.reconnectAddresses ?? [];
    if (this.connections > 0 && later.length > 0) this.address = later[Math.min(this.connections - 1, later.length - 1)]!;
    this.connections++;
    try {
      this.endpoint = network.endpoint(this.address, { reliable: this.reliable, protocol: this.protocol });
    } catch (e) {
      const error = new TransportError("CONNECT_FAILED", `cannot attach ${this.options.address}`, { cause: e });
      this.setStatus({ type: "disconnected", error }, TransportState.Disconnected);
      return Promise.reject(error);
    }
    const endpoint = this.endpoint;
    this.wiring = new Subscription();
    this.wiring.add(
      endpoint.messages$.subscribe((m) => {
        this.onMessage?.(m.toString());
        this.incoming.next(m);
      }),
    );
    this.wiring.add(endpoint.errors$.subscribe((e) => this.failures.next(e)));
    this.setStatus({ type: "connected", ...(this.options.server ? { server: this.options.server } : {}) }, TransportState.Connected);
    this.onConnect?.();
    return Promise.resolve();
  }

  /** Detaches from the network; it may connect again. */
  disconnect(): Promise<void> {
    this.detach(undefined);
    return Promise.resolve();
  }

  /** Test hook: the network drops us (as a lost connection would); `state$` says disconnected with an error. */
  fail(reason = "connection lost"): void {
    this.detach(new TransportError("CONNECTION_CLOSED", reason));
  }

  /** Sends a message over the network to its destination; rejects with `NOT_CONNECTED` when detached. */
  send(message: SipRequest | SipResponse | string): Promise<void> {
    const endpoint = this.endpoint;
    if (endpoint === undefined) return Promise.reject(new TransportError("NOT_CONNECTED", "the transport is not connected"));
    try {
      const m = typeof message === "string" ? parseMessage(message) : message;
      if (m instanceof SipRequest && this.options.server !== undefined) endpoint.sendRaw(this.options.server, m.toString());
      else endpoint.send(m);
      return Promise.resolve();
    } catch (e) {
      return Promise.reject(new TransportError("SEND_FAILED", "the network refused the message", { cause: e }));
    }
  }

  /** Detaches for good and completes its streams. */
  dispose(): Promise<void> {
    this.detach(undefined);
    if (!this.status.closed) {
      this.status.next({ type: "closed" });
      this.status.complete();
      this.incoming.complete();
      this.failures.complete();
      this.emitter.removeAllListeners();
    }
    return Promise.resolve();
  }

  private detach(error: TransportError | undefined): void {
    if (this.endpoint === undefined) return;
    this.wiring?.unsubscribe();
    this.endpoint.close();
    this.endpoint = undefined;
    this.setStatus(error ? { type: "disconnected", error } : { type: "disconnected" }, TransportState.Disconnected);
    this.onDisconnect?.(error);
  }

  private setStatus(status: TransportStatus, state: TransportState): void {
    if (this.status.closed) return;
    this.status.next(status);
    if (this.sipJsState !== state) {
      this.sipJsState = state;
      this.emitter.emit(state);
    }
  }
}
