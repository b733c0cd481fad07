import { isIP } from "node:net";
import { Subject, type Subscription } from "rxjs";
import { ParseError } from "../../core/messages/errors.js";
import { SipRequest } from "../../core/messages/SipRequest.js";
import { Uri } from "../../core/messages/Uri.js";
import type { SipMessageAny } from "../../core/messages/index.js";
import type { Flow, Peer } from "../../streams/transports/Flow.js";
import { NodeTransport } from "../../streams/transports/node/NodeTransport.js";
import { TransportError } from "../../streams/TransportError.js";
import { RegistrarError } from "./RegistrarError.js";
import type { Arrival, FlowInfo, RegistrarFlow, RegistrarListener } from "./RegistrarFlow.js";

/**
 * A {@link NodeTransport} in listening mode that also says which flow each message came
 * on (the base class only hands out the parsed message), and sends raw text to an address.
 */
class FlowAwareTransport extends NodeTransport {
  /** Set while a received message is being emitted on `messages$` (synchronously). */
  arrivingOn: { flow: Flow; source: Peer } | undefined;

  protected override receiveMessage(data: string | Uint8Array, source: Peer, flow: Flow): void {
    this.arrivingOn = { flow, source };
    try {
      super.receiveMessage(data, source, flow);
    } finally {
      this.arrivingOn = undefined;
    }
  }

  /**
   * Sends `text` to `peer` over the listening UDP socket, or over the TCP connection to it
   * (reused when one is open, e.g. the one the peer opened, else opened).
   */
  sendTo(peer: Peer, text: string): Promise<void> {
    const uri = Uri.sip(undefined, peer.host, peer.port);
    uri.params["transport"] = peer.protocol.toLowerCase();
    // listening mode without a server sends a request to its Request-URI; only the text goes out
    return this.deliver(new SipRequest("OPTIONS", uri), text);
  }
}

const LARGEST_DATAGRAM = 65507;

/**
 * The registrar's UDP or TCP socket on one address, through {@link NodeTransport}'s
 * listening mode: every request's top Via gets `received` / `rport` (RFC 3261 §18.2.1,
 * RFC 3581), and what goes back to a peer goes over the flow it came on.
 */
export class NodeListener implements RegistrarListener {
  readonly transport: "udp" | "tcp";
  readonly viaTransport: "UDP" | "TCP";
  readonly routeUri: string;
  private readonly arrivals = new Subject<Arrival>();
  private readonly failures = new Subject<RegistrarError>();
  private readonly closings = new Subject<FlowInfo>();
  readonly arrivals$ = this.arrivals.asObservable();
  readonly errors$ = this.failures.asObservable();
  readonly closed$ = this.closings.asObservable();
  /** Open TCP connections, by flow id, each watched until it ends. */
  private readonly connections = new Map<string, { flow: RegistrarFlow; watch: Subscription }>();
  private readonly wiring: Subscription;

  private constructor(
    private readonly node: FlowAwareTransport,
    readonly host: string,
    readonly port: number,
  ) {
    this.viaTransport = node.protocol === "TCP" ? "TCP" : "UDP";
    this.transport = this.viaTransport === "TCP" ? "tcp" : "udp";
    this.routeUri = `sip:${host}:${port}${this.transport === "tcp" ? ";transport=tcp" : ""};lr`;
    this.wiring = node.messages$.subscribe((message) => this.arrived(message));
    this.wiring.add(node.errors$.subscribe((error) => this.failures.next(toRegistrarError(error))));
  }

  /**
   * Binds a socket on `host:port` (0: an ephemeral port, reported as `port`).
   * @throws RegistrarError LISTEN_FAILED
   */
  static async listen(protocol: "UDP" | "TCP", host: string, port: number): Promise<NodeListener> {
    const node = new FlowAwareTransport(undefined, {
      listen: { protocol, host, port },
      maxUdpRequestSize: LARGEST_DATAGRAM,
      viaHost: host,
    });
    try {
      await node.connect();
    } catch (cause) {
      await node.dispose();
      throw new RegistrarError("LISTEN_FAILED", `cannot listen on ${protocol} ${host}:${port}`, undefined, { cause });
    }
    const local = node.localAddresses.find((a) => a.protocol === protocol);
    if (local === undefined) {
      await node.dispose();
      throw new RegistrarError("LISTEN_FAILED", `no ${protocol} socket was bound on ${host}:${port}`);
    }
    return new NodeListener(node, host, local.port);
  }

  flowTo(host: string, port: number | undefined): RegistrarFlow | undefined {
    if (isIP(host) === 0) return undefined; // no DNS: a development registrar talks to addresses only
    const peer: Peer = { protocol: this.viaTransport, host, port: port ?? 5060 };
    return this.wrap(peer, undefined);
  }

  findFlow(host: string, port: number | undefined): RegistrarFlow | undefined {
    if (this.transport === "tcp") return this.connections.get(`tcp:${host}:${port ?? 5060}`)?.flow;
    return this.flowTo(host, port);
  }

  async close(): Promise<void> {
    for (const { watch } of this.connections.values()) watch.unsubscribe();
    this.connections.clear();
    this.wiring.unsubscribe();
    await this.node.dispose();
    this.arrivals.complete();
    this.failures.complete();
    this.closings.complete();
  }

  private arrived(message: SipMessageAny): void {
    const on = this.node.arrivingOn;
    if (on === undefined) return;
    const id = `${this.transport}:${on.source.host}:${on.source.port}`;
    let flow = this.connections.get(id)?.flow;
    if (flow === undefined) {
      flow = this.wrap(on.source, on.flow);
      if (on.flow.reliable) this.watch(flow, on.flow);
    }
    this.arrivals.next({ message, flow });
  }

  /** Remembers a TCP connection until it ends, then says so on `closed$`. */
  private watch(flow: RegistrarFlow, underlying: Flow): void {
    const end = () => {
      const entry = this.connections.get(flow.id);
      if (entry?.flow !== flow) return;
      this.connections.delete(flow.id);
      this.closings.next({ id: flow.id, transport: flow.transport, remote: flow.remote });
    };
    const watch = underlying.events$.subscribe({ error: end, complete: end });
    if (!watch.closed) this.connections.set(flow.id, { flow, watch });
  }

  /** A flow over `underlying` (a connection, or the UDP socket and a source), or to `peer` through `sendTo`. */
  private wrap(peer: Peer, underlying: Flow | undefined): RegistrarFlow {
    const node = this.node;
    const target: Peer = { protocol: this.viaTransport, host: peer.host, port: peer.port };
    return {
      id: `${this.transport}:${peer.host}:${peer.port}`,
      transport: this.transport,
      remote: `${peer.host}:${peer.port}`,
      reliable: this.transport === "tcp",
      listener: this,
      get open() {
        return underlying === undefined ? node.isConnected() : underlying.open;
      },
      send(text: string): Promise<void> {
        return underlying !== undefined && underlying.open ? underlying.send(text) : node.sendTo(target, text);
      },
    };
  }
}

function toRegistrarError(error: Error): RegistrarError {
  const server = error instanceof TransportError ? error.server : undefined;
  const malformed =
    error instanceof ParseError ||
    (error instanceof TransportError && (error.code === "FRAMING" || error.code === "MESSAGE_TOO_LARGE" || error.code === "SLOW_PEER"));
  return new RegistrarError(malformed ? "MALFORMED" : "FLOW_FAILED", error.message, server, { cause: error });
}
