import { isIP, type Socket } from "node:net";
import type { Subscription } from "rxjs";
import { SipError } from "../../../core/messages/errors.js";
import { parseMessage } from "../../../core/messages/parseMessage.js";
import type { SipRequest } from "../../../core/messages/SipRequest.js";
import type { SipResponse } from "../../../core/messages/SipResponse.js";
import { utf8Length } from "../../../core/messages/charClasses.js";
import type { TransportLogger, TransportProtocol } from "../../Transport.js";
import { TransportError } from "../../TransportError.js";
import { defaultPort, type Flow, normalizeHost, type Peer, peerKey } from "../Flow.js";
import { parseServer, type ServerTarget } from "../parseServer.js";
import { requestDestination, requestTargetUri, responseDestination } from "../destinations.js";
import { openWithTimeout } from "../openWithTimeout.js";
import { reachableAddress } from "./reachableAddress.js";
import { rewriteTopVia, stampVia } from "../stampVia.js";
import { badRequests } from "../badRequests.js";
import { optionsPings, type OptionsPings } from "../optionsPings.js";
import { TransportBase, type TransportOptions } from "../TransportBase.js";
import { openWebSocket, type NodeWebSocketOptions, type WebSocketConstructor } from "../WebSocketFlow.js";
import { ConnectionPool } from "./ConnectionPool.js";
import { openStream, type OpenStreamOptions } from "./openStream.js";
import { type DnsOptions, type LocatedTarget, ServerLocator } from "./ServerLocator.js";
import { StreamFlow, type StreamFlowOptions } from "./StreamFlow.js";
import { StreamListener } from "./StreamListener.js";
import { UdpEndpoint, type Datagram } from "./UdpEndpoint.js";
import { UdpFlow } from "./UdpFlow.js";

/**
 * A socket to listen on.
 *
 * @example
 * ```ts
 * import { NodeTransport, UserAgent } from "rxsip/node";
 *
 * // a user agent that can also be called directly on UDP and TCP port 5060
 * new UserAgent({
 *   transportConstructor: NodeTransport,
 *   transportOptions: { server: "udp://proxy.example.com", listen: [{ protocol: "UDP", port: 5060 }, { protocol: "TCP", port: 5060 }] },
 * });
 * ```
 */
export interface NodeListenOptions {
  /** Default "UDP". */
  protocol?: "UDP" | "TCP" | "TLS";
  /** Local address (default: every address of the family). */
  host?: string;
  /** Local port (default 5060, 5061 for TLS; 0 = any free port). */
  port?: number;
  /** TLS: the server certificate and key (PEM). */
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
}

/**
 * Options of {@link NodeTransport}. TLS fields (`ca`, `cert`, `key`, `rejectUnauthorized`) serve `tls://`, `sips:` and `wss://`.
 *
 * @example
 * ```ts
 * import { NodeTransport, UserAgent } from "rxsip/node";
 *
 * new UserAgent({
 *   transportConstructor: NodeTransport,
 *   transportOptions: { server: "sips:proxy.example.com", servername: "proxy.example.com", maxConnections: 64 },
 * });
 * ```
 */
export interface NodeTransportOptions extends TransportOptions, NodeWebSocketOptions {
  /**
   * `udp://host:port`, `tcp://`, `tls://`, `ws://`, `wss://` (the host as given), or a SIP URI
   * (`sip:example.com`, `sips:example.com`, `sip:example.com;transport=tcp`), whose host name
   * is located at every connect by RFC 3263 (NAPTR, SRV, A / AAAA; see `dns`), the addresses
   * found tried in order like `servers`.
   */
  server?: string;
  /** Sockets to listen on (requests arrive on them with or without a server). */
  listen?: NodeListenOptions | NodeListenOptions[];
  /** Local address outgoing UDP, TCP and TLS leave from. */
  localAddress?: string;
  /** Most connections open at once, inbound and outbound (default 64). */
  maxConnections?: number;
  /** Seconds a peer has to finish a message it started on TCP/TLS (default 32; 0 = no limit). */
  messageTimeout?: number;
  /**
   * Seconds an inbound TCP/TLS connection, or one opened to send a response or a request
   * other than on the flow to the server, may carry nothing before it is closed (default 120;
   * 0 = never). When `maxConnections` is reached, the inbound connection quiet the longest is
   * closed to make room for a new one rather than refusing it.
   */
  idleTimeout?: number;
  /** Requests larger than this many octets do not go over UDP but TCP (RFC 3261 §18.1.1; default 1300). */
  maxUdpRequestSize?: number;
  /** SNI / certificate name for TLS when it is not the server's host. */
  servername?: string;
  /** WebSocket class for ws:// and wss:// (default: the `ws` package). */
  WebSocket?: WebSocketConstructor;
  /**
   * RFC 3263 server location of `sip:` / `sips:` servers and, listening without a server,
   * of the hosts requests are sent to: the resolver (default: node:dns/promises on the
   * system's servers), the time limit of each lookup, the cache. A lookup that fails is
   * `DNS_FAILED` (the next server of `servers` is then tried).
   *
   * @example
   * ```ts
   * import { Resolver } from "node:dns/promises";
   * import { NodeTransport } from "rxsip/node";
   *
   * const resolver = new Resolver();
   * resolver.setServers(["127.0.0.1:5353"]);
   * // NAPTR / SRV of example.com: a backup of the SRV records is used when the first refuses
   * new NodeTransport(undefined, { server: "sip:example.com;transport=tcp", dns: { resolver, timeout: 2 } });
   * ```
   */
  dns?: DnsOptions;
}

const DEFAULT_MAX_CONNECTIONS = 64;
const DEFAULT_MESSAGE_TIMEOUT = 32;
const DEFAULT_IDLE_TIMEOUT = 120;
const DEFAULT_MAX_UDP_REQUEST = 1300;
const MAX_ORIGINS = 4096;
/** Errors of a flow that died under a connected transport (the server is probably down). */
const LOST = new Set<string>(["KEEPALIVE_TIMEOUT", "CONNECTION_CLOSED", "CONNECTION_ERROR"]);
/** The largest UDP payload over IPv4 (65535 - 8 octets of UDP header - 20 of IP header). */
const MAX_UDP_PAYLOAD = 65507;

/**
 * SIP over UDP, TCP, TLS, WS and WSS in Node, chosen by the server option
 * (`udp://`, `tcp://`, `tls://`, `ws://`, `wss://`, or a SIP URI with `;transport=`;
 * `sips:` is TLS). Usable as a SIP.js `transportConstructor` (see the example).
 *
 * - UDP: one socket sends and receives; a request larger than `maxUdpRequestSize` goes
 *   over TCP to the same address, with the Via transport changed (RFC 3261 §18.1.1).
 *   UDP has no connection: `connect()` only binds the socket, so "connected" means "bound,
 *   and the server answered the last keep-alive", nothing more. A dead server is noticed only
 *   by the OPTIONS keep-alive, on by default over UDP (every 30 s, `keepAliveInterval`);
 *   unanswered, `state$` goes disconnected with KEEPALIVE_TIMEOUT, and that server is tried
 *   last at the next connect (the next of `servers` takes over). A registrar that restarts
 *   faster than one keep-alive timeout is not noticed: its binding comes back at the next
 *   registration refresh.
 * - TCP / TLS: messages framed by Content-Length; one connection per remote address,
 *   reused; at most `maxConnections`; a peer that sends garbage, too much, or too slowly
 *   is dropped with a typed error (on `errors$`, or on `state$` when it is the server).
 * - Listening (`listen`): requests arrive with or without a server; every request's top
 *   Via gets `received` / `rport` (RFC 3261 §18.2.1, RFC 3581), and its response goes back
 *   on the connection it came on, or to the address in its Via (§18.2.2).
 *
 * @example
 * ```ts
 * import { NodeTransport } from "rxsip/node";
 *
 * const transport = new NodeTransport(console, { server: "sip:proxy.example.com;transport=tcp" });
 * await transport.connect();
 * ```
 */
export class NodeTransport extends TransportBase {
  private readonly nodeOptions: NodeTransportOptions;
  private readonly listenConfigs: NodeListenOptions[];
  private readonly pool: ConnectionPool;
  private udp: UdpEndpoint | undefined;
  private udpSubscription: Subscription | undefined;
  private binding: Promise<UdpEndpoint> | undefined;
  private listeners: StreamListener[] = [];
  /** Connections peers opened to our listeners (the ones that idle out and may be evicted). */
  private readonly inbound = new Set<Flow>();
  /** Connection each request came on, by top Via branch and sent-by, for its responses. */
  private readonly origins = new Map<string, Flow>();
  private locator: ServerLocator | undefined;
  /** The located address whose flow died last (a dead server): tried last at the next connect. */
  private lostAddress: string | undefined;

  constructor(logger?: Partial<TransportLogger>, options: NodeTransportOptions = {}) {
    // unreadable requests are answered 400 / 513 here always (opt-in over WebSocket only)
    super(logger, { ...options, badRequests: options.badRequests ?? badRequests() });
    this.nodeOptions = options;
    const listen = options.listen;
    this.listenConfigs = listen === undefined ? [] : Array.isArray(listen) ? listen : [listen];
    this.pool = new ConnectionPool(options.maxConnections ?? DEFAULT_MAX_CONNECTIONS);
    this.state$.subscribe((status) => {
      const target = this.target;
      // a located address, or a UDP server (connecting to one cannot fail: only its keep-alive tells it is gone)
      if (status.type === "disconnected" && status.error !== undefined && LOST.has(status.error.code) && (target?.servername !== undefined || target?.protocol === "UDP")) {
        this.lostAddress = peerKey(target);
      }
    });
  }

  /** The protocol of the server connected to (or to be tried first), else of the first listener. */
  get protocol(): TransportProtocol {
    return (this.target ?? this.targets[0])?.protocol ?? this.listenConfigs[0]?.protocol ?? "UDP";
  }

  /** Addresses the transport listens on (the UDP socket included), with their actual ports. */
  get localAddresses(): Peer[] {
    const out: Peer[] = [];
    if (this.udp?.open) out.push({ protocol: "UDP", ...this.udp.local });
    for (const l of this.listeners) out.push({ protocol: l.protocol, ...l.local });
    return out;
  }

  /**
   * Via sent-by host (and the Contact's host): the `viaHost` option, else the address of the
   * UDP socket or of the first listener when bound to one address; when bound to every
   * address, an address of this machine the server can reach (`reachableAddress`); else a
   * random `.invalid` name (nothing is bound yet).
   */
  override get viaHost(): string {
    if (this.nodeOptions.viaHost !== undefined) return this.nodeOptions.viaHost;
    const local = this.localFor(this.protocol);
    if (local) {
      const host = isWildcard(local.host) ? reachableAddress((this.target ?? this.targets[0])?.host, local.host) : local.host;
      if (host !== undefined) return host.indexOf(":") === -1 ? host : `[${host}]`;
    }
    return super.viaHost;
  }

  /** Via sent-by port: the `viaPort` option, else the port of the UDP socket / listener of the protocol in use. */
  override get viaPort(): number | undefined {
    return this.nodeOptions.viaPort ?? this.localFor(this.protocol)?.port;
  }

  private localFor(protocol: TransportProtocol): Peer | undefined {
    const all = this.localAddresses;
    return all.find((a) => a.protocol === protocol) ?? (protocol === "UDP" ? undefined : all.find((a) => a.protocol !== "UDP"));
  }

  /** Connections open or opening (inbound and outbound). */
  get connectionCount(): number {
    return this.pool.size;
  }

  // ---- opening -------------------------------------------------------------------------------

  /** Reads `udp://`, `tcp://`, `tls://`, `ws://`, `wss://` URLs and `sip:` / `sips:` URIs (`parseServer`). */
  protected override readServer(server: string, priority: number): ServerTarget {
    return parseServer(server, priority);
  }

  protected override async prepare(signal: AbortSignal): Promise<void> {
    for (const config of this.listenConfigs) {
      const protocol = config.protocol ?? "UDP";
      const port = config.port ?? defaultPort(protocol);
      if (protocol === "UDP") {
        if (!this.udp) await this.bindUdp({ host: config.host, port }, signal);
      } else if (!this.listeners.some((l) => l.protocol === protocol)) {
        const listener = await StreamListener.listen(
          { protocol, port, ...(config.host !== undefined ? { host: config.host } : {}), cert: config.cert, key: config.key },
          (socket) => this.accept(socket, protocol),
          (error) => this.report(error),
          signal,
        );
        this.listeners.push(listener);
      }
    }
  }

  /**
   * RFC 3263: a `sip:` / `sips:` server with a host name becomes the addresses its DNS records
   * give, in their order, except that an address whose flow died (keep-alive unanswered,
   * connection lost) comes last: over UDP that is how a dead SRV primary gives way to the
   * backup when the transport connects again.
   */
  protected override async locate(target: ServerTarget, signal: AbortSignal): Promise<readonly ServerTarget[]> {
    if (target.sip === undefined || isIP(target.host) !== 0) return [target];
    const found = await untilAborted(this.serverLocator().locate({ ...target.sip, host: target.host }), signal);
    const lost = found.filter((t) => peerKey(t) === this.lostAddress);
    const located = lost.length === 0 ? found : [...found.filter((t) => !lost.includes(t)), ...lost];
    return located.map((t) => ({
      server: target.server,
      label: `${target.label} (${t.protocol} ${t.host.indexOf(":") === -1 ? t.host : `[${t.host}]`}:${t.port})`,
      protocol: t.protocol,
      host: t.host,
      port: t.port,
      priority: target.priority,
      servername: t.domain,
    }));
  }

  /** A configured UDP server whose keep-alive went unanswered is tried last: connecting to it would "succeed" again. */
  protected override connectOrder(targets: readonly ServerTarget[]): readonly ServerTarget[] {
    const lost = targets.filter((t) => t.protocol === "UDP" && peerKey(t) === this.lostAddress);
    return lost.length === 0 ? targets : [...targets.filter((t) => !lost.includes(t)), ...lost];
  }

  private serverLocator(): ServerLocator {
    return (this.locator ??= new ServerLocator(this.nodeOptions.dns, this.scheduler));
  }

  protected async openFlow(target: ServerTarget, signal: AbortSignal): Promise<Flow> {
    const peer: Peer = { protocol: target.protocol, host: target.host, port: target.port };
    switch (target.protocol) {
      case "UDP": {
        const endpoint = await this.bindUdp({ port: 0, family: target.host }, signal);
        return new UdpFlow(endpoint, peer);
      }
      case "TCP":
      case "TLS": {
        const existing = this.pool.get(peer);
        if (existing) {
          // already open (it carried a request earlier): it becomes the flow to the server, which does not idle out
          this.detach(existing);
          (existing as StreamFlow).keepOpen();
          return existing;
        }
        const { flow } = await this.pool.getOrOpen(peer, () => openStream(peer, this.streamOptions(target.servername), signal));
        return flow;
      }
      default: {
        const o = this.nodeOptions;
        return openWebSocket(
          target.url!,
          target.protocol,
          peer,
          {
            ...(o.WebSocket !== undefined ? { WebSocket: o.WebSocket } : {}),
            headers: o.headers,
            ca: o.ca,
            cert: o.cert,
            key: o.key,
            rejectUnauthorized: o.rejectUnauthorized ?? true,
            maxMessageSize: this.maxMessageSize,
            scheduler: this.scheduler,
          },
          signal,
        );
      }
    }
  }

  protected override get listens(): boolean {
    return this.listenConfigs.length > 0;
  }

  protected override hasResources(): boolean {
    return this.udp !== undefined || this.listeners.length > 0 || this.pool.size > 0;
  }

  protected override async shutdown(): Promise<void> {
    const listeners = this.listeners;
    this.listeners = [];
    const udp = this.udp;
    this.udp = undefined;
    this.binding = undefined;
    this.udpSubscription?.unsubscribe();
    this.udpSubscription = undefined;
    this.origins.clear();
    await this.pool.closeAll();
    await Promise.all([...listeners.map((l) => l.close()), udp?.close()]);
  }

  private streamFlowOptions(): StreamFlowOptions {
    return {
      maxMessageSize: this.maxMessageSize,
      messageTimeout: (this.nodeOptions.messageTimeout ?? DEFAULT_MESSAGE_TIMEOUT) * 1000,
      scheduler: this.scheduler,
    };
  }

  private idleMs(): number {
    return (this.nodeOptions.idleTimeout ?? DEFAULT_IDLE_TIMEOUT) * 1000;
  }

  /** Options of an outgoing TCP / TLS connection; `servername`: the TLS name when the host is an address DNS gave. */
  private streamOptions(servername?: string): OpenStreamOptions {
    const o = this.nodeOptions;
    const name = o.servername ?? servername;
    return {
      ...this.streamFlowOptions(),
      ...(o.localAddress !== undefined ? { localAddress: o.localAddress } : {}),
      tls: {
        ...(o.ca !== undefined ? { ca: o.ca } : {}),
        ...(o.cert !== undefined ? { cert: o.cert } : {}),
        ...(o.key !== undefined ? { key: o.key } : {}),
        ...(name !== undefined ? { servername: name } : {}),
        rejectUnauthorized: o.rejectUnauthorized ?? true,
      },
    };
  }

  /** The one UDP socket: bound on first use, then shared by sending and receiving. */
  private bindUdp(where: { host?: string | undefined; port: number; family?: string }, signal?: AbortSignal): Promise<UdpEndpoint> {
    if (this.udp?.open) return Promise.resolve(this.udp);
    const host = where.host ?? this.nodeOptions.localAddress;
    const type = isIP(host ?? where.family ?? "") === 6 ? "udp6" : "udp4";
    this.binding ??= UdpEndpoint.bind({ type, port: where.port, ...(host !== undefined ? { host } : {}) }, signal).then(
      (endpoint) => {
        this.udp = endpoint;
        this.udpSubscription = endpoint.datagrams$.subscribe({
          next: (d) => this.receiveDatagram(endpoint, d),
          error: (e: unknown) => {
            this.udp = undefined;
            this.binding = undefined;
            if (!this.flow || this.flow.protocol !== "UDP") this.report(e as TransportError);
          },
        });
        return endpoint;
      },
      (error: unknown) => {
        this.binding = undefined;
        throw error;
      },
    );
    return this.binding;
  }

  private receiveDatagram(endpoint: UdpEndpoint, d: Datagram): void {
    const first = d.data[0];
    // keep-alive noise: CRLFs (some UAs send them over UDP) and STUN (RFC 5626 §4.4.2)
    if (first === undefined || first === 0 || first === 1 || d.data.every((c) => c === 13 || c === 10)) return;
    const flow = this.flow?.protocol === "UDP" && samePeer(this.flow.remote, d.source) ? this.flow : new UdpFlow(endpoint, d.source);
    this.receiveMessage(d.data, d.source, flow);
  }

  /** An inbound TCP / TLS connection. */
  private accept(socket: Socket, protocol: "TCP" | "TLS"): void {
    const remote: Peer = { protocol, host: normalizeHost(socket.remoteAddress ?? ""), port: socket.remotePort ?? 0 };
    // room for real traffic: the inbound connection quiet the longest goes, not the newcomer
    if (this.pool.full) {
      const evicted = this.pool.evictIdlest((f) => f !== this.flow && this.inbound.has(f));
      if (evicted !== undefined) {
        this.log("debug", `closed the idlest connection (${evicted.remote.host}:${evicted.remote.port}) to make room`);
      }
    }
    if (this.pool.full) {
      socket.destroy();
      this.report(
        new TransportError("TOO_MANY_CONNECTIONS", `refused a connection: the limit of ${this.pool.max} is reached`, {
          server: `${protocol} ${remote.host}:${remote.port}`,
        }),
      );
      return;
    }
    const flow = new StreamFlow(socket, protocol, remote, {
      ...this.streamFlowOptions(),
      idleTimeout: this.idleMs(),
    });
    this.inbound.add(flow);
    flow.events$.subscribe({ error: () => this.inbound.delete(flow), complete: () => this.inbound.delete(flow) });
    this.pool.add(flow);
    this.attach(flow);
  }

  // ---- receiving -----------------------------------------------------------------------------

  /** OPTIONS keep-alives are built in here: the default over UDP, and `keepAliveMethod: "options"`. */
  protected override builtInOptionsPings(): OptionsPings {
    return optionsPings();
  }

  /** Adds `received` / fills `rport` in the top Via of each request (RFC 3261 §18.2.1, RFC 3581 §4). */
  protected override stampVia(request: SipRequest, source: Peer): boolean {
    return stampVia(request, source);
  }

  protected override noteRequest(request: SipRequest, flow: Flow): void {
    if (!flow.reliable) return;
    const key = originKey(request);
    if (key === undefined) return;
    this.origins.delete(key);
    this.origins.set(key, flow);
    if (this.origins.size > MAX_ORIGINS) this.origins.delete(this.origins.keys().next().value!);
  }

  // ---- sending -------------------------------------------------------------------------------

  protected override async deliver(message: SipRequest | SipResponse | string, text: string): Promise<void> {
    const isResponse = typeof message === "string" ? text.startsWith("SIP/") : message.isResponse;
    const flow = this.flow;
    if (isResponse) return this.sendResponse(this.parse(message, text) as SipResponse, text);
    if (flow?.open) {
      if (flow.protocol === "UDP" && utf8Length(text) > (this.nodeOptions.maxUdpRequestSize ?? DEFAULT_MAX_UDP_REQUEST)) {
        return this.sendOverTcp(text, flow.remote, () => flow.send(text));
      }
      return flow.send(text);
    }
    if (this.targets.length === 0 && this.hasResources()) return this.sendDirect(this.parse(message, text) as SipRequest, text);
    throw new TransportError("NOT_CONNECTED", "the transport is not connected");
  }

  private parse(message: SipRequest | SipResponse | string, text: string): SipRequest | SipResponse {
    if (typeof message !== "string") return message;
    try {
      return parseMessage(text, { maxSize: Math.max(this.maxMessageSize, text.length * 4) });
    } catch (cause) {
      throw new TransportError("NO_ROUTE", "the message to send cannot be read", { cause });
    }
  }

  /**
   * RFC 3261 §18.2.2: on the connection the request came on if it is still open; else
   * to `received` (or the sent-by host), at `rport` / the sent-by port: over UDP
   * directly, over TCP / TLS on a connection to that address, reused or opened.
   */
  private async sendResponse(response: SipResponse, text: string): Promise<void> {
    const key = originKey(response);
    const origin = key === undefined ? undefined : this.origins.get(key);
    if (origin?.open) return origin.send(text);
    const to = responseDestination(response);
    if (to.protocol === "UDP") {
      // RFC 3261 §18.2.2 sends a response the way its request came (UDP here, to `received`
      // / `rport`); one that cannot fit a datagram is an error the application sees, not a loss
      const size = utf8Length(text);
      if (size > MAX_UDP_PAYLOAD) {
        const error = new TransportError("MESSAGE_TOO_LARGE", `a ${size}-octet response does not fit in a UDP datagram (at most ${MAX_UDP_PAYLOAD})`, {
          server: `UDP ${to.host}:${to.port}`,
        });
        this.report(error);
        throw error;
      }
      return (await this.bindUdp({ port: 0, family: to.host })).send(text, to.host, to.port);
    }
    if (to.protocol === "TCP" || to.protocol === "TLS") {
      const reuse = to.sourcePort !== undefined ? this.pool.get({ ...to, port: to.sourcePort }) : undefined;
      if (reuse) return reuse.send(text);
      return this.sendOnConnection({ protocol: to.protocol, host: to.host, port: to.port }, text);
    }
    throw new TransportError("NO_ROUTE", `the ${to.protocol} connection the request came on is closed`, {
      server: `${to.protocol} ${to.host}`,
    });
  }

  /**
   * RFC 3261 §18.1.1: a large request goes over TCP, with its top Via saying so; when the
   * peer refuses the connection (it listens on UDP only) the request "SHOULD" go over UDP
   * after all (`overUdp`), as it was.
   */
  private async sendOverTcp(text: string, remote: Peer, overUdp: () => Promise<void>): Promise<void> {
    try {
      return await this.sendOnConnection({ protocol: "TCP", host: remote.host, port: remote.port }, this.viaSaying(text, "TCP"));
    } catch (error) {
      if (!refused(error)) throw error;
      this.log("debug", `${remote.host}:${remote.port} refused TCP for a ${utf8Length(text)}-octet request: sent over UDP`);
      return overUdp();
    }
  }

  /**
   * `text` with its top Via naming `protocol`, the transport it is about to go over (§18.1.1:
   * the Via names the transport the request is sent on, and the answer follows it, §18.2.2).
   * The message given is not changed: a copy is.
   */
  private viaSaying(text: string, protocol: TransportProtocol): string {
    const copy = this.parse(text, text);
    return rewriteTopVia(copy, (top) => top.transport !== protocol && ((top.transport = protocol), true)) ? copy.toString() : text;
  }

  /**
   * Listening without a server: a request goes to its first Route, else its Request-URI;
   * a host name there is located by RFC 3263 (the first address found).
   */
  private async sendDirect(request: SipRequest, text: string): Promise<void> {
    let to: Peer & { servername?: string } = requestDestination(request, this.protocol);
    if (isIP(to.host) === 0 && (to.protocol === "UDP" || to.protocol === "TCP" || to.protocol === "TLS")) to = await this.locateDirect(request, to);
    // the Via names the protocol chosen here, which may not be the listener's (a ;transport=tcp URI, DNS)
    if ((to.protocol === "UDP" || to.protocol === "TCP" || to.protocol === "TLS") && request.vias[0]?.transport !== to.protocol) text = this.viaSaying(text, to.protocol);
    if (to.protocol === "UDP") {
      const overUdp = async () => (await this.bindUdp({ port: 0, family: to.host })).send(text, to.host, to.port);
      if (utf8Length(text) > (this.nodeOptions.maxUdpRequestSize ?? DEFAULT_MAX_UDP_REQUEST)) return this.sendOverTcp(text, to, overUdp);
      return overUdp();
    }
    if (to.protocol === "TCP" || to.protocol === "TLS") return this.sendOnConnection({ protocol: to.protocol, host: to.host, port: to.port }, text, to.servername);
    throw new TransportError("NO_ROUTE", `cannot open a ${to.protocol} connection to a client`, { server: `${to.host}:${to.port}` });
  }

  /**
   * RFC 3263 for a request sent without a server: the URI's transport, or with a port the
   * protocol `requestDestination` chose, else NAPTR / SRV decide; the first address found.
   */
  private async locateDirect(request: SipRequest, to: Peer): Promise<Peer & { servername: string }> {
    const uri = requestTargetUri(request);
    const explicit = uri.params["transport"] !== undefined || uri.port !== undefined;
    const located = await this.serverLocator().locate({
      scheme: uri.scheme === "sips" ? "sips" : "sip",
      host: to.host,
      port: uri.port,
      protocol: explicit ? (to.protocol as LocatedTarget["protocol"]) : undefined,
    });
    const first = located[0]!;
    return { protocol: first.protocol, host: first.host, port: first.port, servername: first.domain };
  }

  /** Sends on the connection to `peer`, reusing an open one or opening it (bounded by `maxConnections`). */
  private async sendOnConnection(peer: Peer, text: string, servername?: string): Promise<void> {
    const { flow, isNew } = await this.pool.getOrOpen(peer, () => this.openWithDeadline(peer, servername));
    if (isNew) this.attach(flow);
    return flow.send(text);
  }

  /**
   * Opens a connection (for a response, a large request or a request without a server) that
   * is given up after `connectionTimeout` (`CONNECT_TIMEOUT`) and, like an inbound one, closed
   * once quiet for `idleTimeout`: a user agent that talks to many peers does not fill the pool.
   */
  private openWithDeadline(peer: Peer, servername?: string): Promise<Flow> {
    const options = { ...this.streamOptions(servername), idleTimeout: this.idleMs() };
    return openWithTimeout((signal) => openStream(peer, options, signal), {
      seconds: this.nodeOptions.connectionTimeout ?? 5,
      scheduler: this.scheduler,
      server: `${peer.protocol} ${peer.host}:${peer.port}`,
    });
  }
}

/** `promise`, or `ABORTED` as soon as `signal` fires (a DNS lookup cannot be cancelled, only left). */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(new TransportError("ABORTED", "connect was cancelled"));
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new TransportError("ABORTED", "connect was cancelled"));
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener("abort", onAbort));
  });
}

/** A connection attempt the peer refused or reset (§18.1.1: then UDP after all), anywhere in the cause chain. */
function refused(error: unknown): boolean {
  for (let e = error as { code?: unknown; cause?: unknown } | undefined, depth = 0; e !== undefined && e !== null && depth < 5; e = e.cause as typeof e, depth++) {
    if (e.code === "ECONNREFUSED" || e.code === "ECONNRESET" || e.code === "EPROTONOSUPPORT") return true;
  }
  return false;
}

/** Branch and sent-by of the top Via: what ties a response to the request it answers. */
function originKey(message: SipRequest | SipResponse): string | undefined {
  try {
    const via = message.via;
    const branch = via.branch;
    return branch ? `${branch}|${via.sentBy.toLowerCase()}` : undefined;
  } catch (e) {
    if (e instanceof SipError) return undefined;
    throw e;
  }
}

function isWildcard(host: string): boolean {
  return host === "0.0.0.0" || host === "::" || host === "";
}

function samePeer(a: Peer, b: Peer): boolean {
  return a.port === b.port && normalizeHost(a.host) === normalizeHost(b.host);
}
