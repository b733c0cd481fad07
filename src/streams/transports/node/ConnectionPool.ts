import type { Subscription } from "rxjs";
import { TransportError } from "../../TransportError.js";
import { type Flow, type Peer, peerKey } from "../Flow.js";

/**
 * Open connections by remote address, for reuse (RFC 3261 §18.1.1: a request or a
 * response goes on an existing connection to the same address when there is one), and
 * bounded: past `max` connections (open or opening, inbound or outbound) new ones are
 * refused with `TOO_MANY_CONNECTIONS`. A flow leaves the pool when it ends.
 */
export class ConnectionPool {
  private readonly flows = new Map<string, Flow>();
  private readonly watching = new Map<Flow, Subscription>();
  private readonly opening = new Map<string, Promise<Flow>>();

  constructor(readonly max: number) {}

  /** Connections open or being opened. */
  get size(): number {
    return this.watching.size + this.opening.size;
  }

  /** The open connection to `peer`, if any. */
  get(peer: Peer): Flow | undefined {
    const flow = this.flows.get(peerKey(peer));
    return flow?.open ? flow : undefined;
  }

  /** Whether another connection may be added. */
  get full(): boolean {
    return this.size >= this.max;
  }

  /** Adds a connection (inbound, or opened by the caller); throws `TOO_MANY_CONNECTIONS` when full. */
  add(flow: Flow): void {
    if (this.full) throw this.tooMany(flow.remote);
    this.track(flow);
  }

  /**
   * The open connection to `peer`, or the one being opened, or a new one from `open`.
   * `isNew` tells the caller whether it has to start listening to it.
   */
  async getOrOpen(peer: Peer, open: () => Promise<Flow>): Promise<{ flow: Flow; isNew: boolean }> {
    const existing = this.get(peer);
    if (existing) return { flow: existing, isNew: false };
    const key = peerKey(peer);
    const pending = this.opening.get(key);
    if (pending) return { flow: await pending, isNew: false };
    if (this.full) throw this.tooMany(peer);
    const promise = open();
    this.opening.set(key, promise);
    try {
      const flow = await promise;
      this.track(flow);
      return { flow, isNew: true };
    } finally {
      this.opening.delete(key);
    }
  }

  /** Forgets a connection without closing it. */
  remove(flow: Flow): void {
    this.watching.get(flow)?.unsubscribe();
    this.watching.delete(flow);
    const key = peerKey(flow.remote);
    if (this.flows.get(key) === flow) this.flows.delete(key);
  }

  /**
   * Makes room for a new connection by closing the open connection that has been quiet the
   * longest among those `evictable` allows (never one in the middle of a message). Returns
   * it, or undefined when none may go. An attacker's idle connections then cost it its own
   * sockets, not the service: real traffic always finds a place.
   */
  evictIdlest(evictable: (flow: Flow) => boolean): Flow | undefined {
    let idlest: Flow | undefined;
    let since = Infinity;
    for (const flow of this.watching.keys()) {
      if (!flow.open || !evictable(flow)) continue;
      const activity = (flow as { lastActivity?: number; busy?: boolean }).lastActivity;
      if (activity === undefined || (flow as { busy?: boolean }).busy) continue;
      if (activity < since) {
        since = activity;
        idlest = flow;
      }
    }
    if (idlest !== undefined) {
      this.remove(idlest);
      void idlest.close();
    }
    return idlest;
  }

  /** Closes every connection. */
  async closeAll(): Promise<void> {
    const all = [...this.watching.keys()];
    for (const flow of all) this.remove(flow);
    await Promise.all(all.map((f) => f.close()));
  }

  private track(flow: Flow): void {
    this.flows.set(peerKey(flow.remote), flow);
    const gone = () => this.remove(flow);
    const sub = flow.events$.subscribe({ error: gone, complete: gone });
    if (!sub.closed) this.watching.set(flow, sub);
    else this.remove(flow);
  }

  private tooMany(peer: Peer): TransportError {
    return new TransportError("TOO_MANY_CONNECTIONS", `the limit of ${this.max} connections is reached`, {
      server: `${peer.protocol} ${peer.host}:${peer.port}`,
    });
  }
}
