import { asyncScheduler, Subject, type Observable, type SchedulerLike, type Subscription } from "rxjs";
import { normalizeImpairments, planDelivery, type Impairments, type NormalizedImpairments } from "./Impairments.js";
import { InMemoryEndpoint, type EndpointLink, type InMemoryEndpointOptions } from "./InMemoryEndpoint.js";
import { mulberry32 } from "./mulberry32.js";
import { NetworkError } from "./NetworkError.js";
import { addressKey, parseAddress, SIP_PORT, SIPS_PORT } from "./networkAddress.js";
import type { WireRecord } from "./WireRecord.js";

/**
 * How an {@link InMemoryNetwork} behaves; the impairments apply to every unreliable endpoint without its own.
 *
 * @example
 * ```ts
 * import { InMemoryNetwork, VirtualClock } from "rxsip/testing";
 *
 * const clock = new VirtualClock();
 * // a lossy network, the same losses on every run
 * const network = new InMemoryNetwork({ scheduler: clock.scheduler, seed: 7, loss: 0.1, duplication: 0.05, delay: [10, 80] });
 * ```
 */
export interface InMemoryNetworkOptions extends Impairments {
  /** Where deliveries and delays are scheduled; default `asyncScheduler`. Pass the TestScheduler for virtual time. */
  scheduler?: SchedulerLike;
  /** Seed of the generator that decides the impairments; default 1. */
  seed?: number;
}

/**
 * A network in memory that joins endpoints by address ("alice.example.test:5060"), so that
 * user agents, proxies and registrars under test exchange real SIP text without sockets.
 *
 * - Routing is a transport's: a request goes to its first Route, else its Request-URI; a
 *   response to its top Via's `received` / `rport`, else its sent-by (see `routeMessage`).
 * - Messages travel as text: `toString()` on the way out, `parseMessage` on the way in.
 * - Delivery is always scheduled on `scheduler` (0 ms by default), never made from inside
 *   `send`, so a receiver that answers at once never re-enters its sender.
 * - Unreliable (UDP-like) endpoints suffer the impairments (loss, duplication, reordering,
 *   delay), decided by a generator seeded with `seed`: the same seed, the same fate for
 *   the n-th message. Reliable (TCP-like) endpoints get delay only, and keep order.
 * - `log` / `log$` record every message put on the wire ({@link WireRecord}).
 *
 * @example
 * ```ts
 * import { parseMessage } from "rxsip/core";
 * import { InMemoryNetwork } from "rxsip/testing";
 * import { TestScheduler } from "rxjs/testing";
 * declare const optionsText: string; // "OPTIONS sip:bob@bob.example.test SIP/2.0\r\n..."
 *
 * const testScheduler = new TestScheduler((actual, expected) => console.assert(actual === expected));
 * testScheduler.run(() => {
 *   const network = new InMemoryNetwork({ scheduler: testScheduler, loss: 0.2, delay: [5, 40], seed: 7 });
 *   const alice = network.endpoint("alice.example.test:5060");
 *   const bob = network.endpoint("bob.example.test:5060");
 *   bob.onMessage((request) => console.log("bob got", request.toString()));
 *   alice.send(parseMessage(optionsText));
 * });
 * ```
 */
export class InMemoryNetwork {
  readonly scheduler: SchedulerLike;
  /** Every message put on the wire, in the order sent (duplicates right after their original). */
  readonly log: readonly WireRecord[];
  /** Each {@link WireRecord} as it is made (hot; completes on `close()`). */
  readonly log$: Observable<WireRecord>;

  private readonly records: WireRecord[] = [];
  private readonly recorded = new Subject<WireRecord>();
  private readonly endpoints = new Map<string, InMemoryEndpoint>();
  /** Via sent-by of reliable endpoints whose Via names another host (`host:port` → endpoint address). */
  private readonly connections = new Map<string, string>();
  private readonly pending = new Set<Subscription>();
  /** Latest delivery time per reliable link ("from>to"), which keeps such links in order. */
  private readonly lastArrival = new Map<string, number>();
  private readonly random: () => number;
  private impairments: NormalizedImpairments;
  private open = true;
  private readonly link: EndpointLink = {
    transmit: (from, to, text, mustArrive) => this.transmit(from, to, text, mustArrive),
    detach: (endpoint) => {
      if (this.endpoints.get(endpoint.address) !== endpoint) return;
      this.endpoints.delete(endpoint.address);
      for (const [sentBy, address] of this.connections) if (address === endpoint.address) this.connections.delete(sentBy);
    },
  };

  constructor(options: InMemoryNetworkOptions = {}) {
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.random = mulberry32(options.seed ?? 1);
    this.impairments = normalizeImpairments(options);
    this.log = this.records;
    this.log$ = this.recorded.asObservable();
  }

  /**
   * Opens an endpoint at `address` (`host`, `host:port`, `[v6]:port`; without a port it is
   * reached at 5060, or 5061 for TLS / WSS, and writes no port in its Via).
   *
   * A reliable endpoint whose `viaHost` is not its host (a WebSocket client's `.invalid`
   * name, RFC 7118 §5.2) still gets the responses sent to that Via, as a real one gets
   * them over the connection its request went out on (RFC 3261 §18.2.2).
   *
   * @throws NetworkError INVALID_ADDRESS, ADDRESS_IN_USE, NETWORK_CLOSED, INVALID_IMPAIRMENT
   */
  endpoint(address: string, options: InMemoryEndpointOptions = {}): InMemoryEndpoint {
    if (!this.open) throw new NetworkError("NETWORK_CLOSED", "the network is closed");
    const { host, port } = parseAddress(address);
    const reliable = options.reliable ?? false;
    const protocol = options.protocol ?? (reliable ? "TCP" : "UDP");
    const key = addressKey(host, port ?? (/^(tls|wss)$/i.test(protocol) ? SIPS_PORT : SIP_PORT));
    if (this.endpoints.has(key)) throw new NetworkError("ADDRESS_IN_USE", `an endpoint is already open at ${key}`, { to: key });
    const setup = {
      address: key,
      reliable,
      protocol,
      viaHost: options.viaHost ?? host,
      viaPort: port,
      impairments: options.impairments === undefined ? undefined : normalizeImpairments(options.impairments),
    };
    const endpoint = new InMemoryEndpoint(setup, this.link);
    this.endpoints.set(key, endpoint);
    const sentBy = addressKey(setup.viaHost, port ?? (/^(tls|wss)$/i.test(protocol) ? SIPS_PORT : SIP_PORT));
    if (reliable && sentBy !== key) this.connections.set(sentBy, key);
    return endpoint;
  }

  /** The open endpoint at `address`, if any. */
  get(address: string): InMemoryEndpoint | undefined {
    const { host, port } = parseAddress(address);
    return this.endpoints.get(addressKey(host, port ?? SIP_PORT));
  }

  /** Replaces the network-wide impairments from now on (messages in flight keep their fate). */
  impair(impairments: Impairments): void {
    this.impairments = normalizeImpairments(impairments);
  }

  /** Cancels every delivery in flight, closes every endpoint and completes `log$`. Idempotent. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    for (const subscription of this.pending) subscription.unsubscribe();
    this.pending.clear();
    for (const endpoint of [...this.endpoints.values()]) endpoint.close();
    this.recorded.complete();
  }

  private transmit(from: InMemoryEndpoint, to: string, text: string, mustArrive: boolean): void {
    const at = this.scheduler.now();
    const destination = this.normalizeDestination(to);
    if (!this.open || !this.endpoints.has(destination)) {
      this.record({ at, from: from.address, to: destination, text, dropped: true, reason: "unreachable" });
      if (mustArrive) throw new NetworkError("UNREACHABLE", `no endpoint is open at ${destination}`, { from: from.address, to: destination });
      return;
    }
    const plan = planDelivery(this.random, from.impairments ?? this.impairments, !from.reliable);
    if (plan.dropped) {
      this.record({ at, from: from.address, to: destination, text, dropped: true, reason: "loss" });
      return;
    }
    let deliverAt = at + plan.delay;
    if (from.reliable) {
      const link = `${from.address}>${destination}`;
      deliverAt = Math.max(deliverAt, this.lastArrival.get(link) ?? deliverAt);
      this.lastArrival.set(link, deliverAt);
    }
    this.record({ at, from: from.address, to: destination, text, deliverAt, ...(plan.reordered ? { reordered: true } : {}) });
    this.schedule(from.address, destination, text, deliverAt - at);
    if (plan.duplicateDelay !== undefined) {
      this.record({ at, from: from.address, to: destination, text, deliverAt: at + plan.duplicateDelay, duplicate: true });
      this.schedule(from.address, destination, text, plan.duplicateDelay);
    }
  }

  /** `to` normalized, or the reliable endpoint that a Via sent-by stands for (see `endpoint`). */
  private normalizeDestination(to: string): string {
    let key = to;
    try {
      const { host, port } = parseAddress(to);
      key = addressKey(host, port ?? SIP_PORT);
    } catch {
      return to;
    }
    return this.endpoints.has(key) ? key : (this.connections.get(key) ?? key);
  }

  private schedule(from: string, to: string, text: string, delay: number): void {
    let ran = false;
    let subscription: Subscription | undefined;
    subscription = this.scheduler.schedule(() => {
      ran = true;
      if (subscription !== undefined) this.pending.delete(subscription);
      this.endpoints.get(to)?.deliver(text, from);
    }, delay);
    if (!ran) this.pending.add(subscription);
  }

  private record(record: WireRecord): void {
    this.records.push(record);
    this.recorded.next(record);
  }
}
