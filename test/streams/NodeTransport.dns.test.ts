/**
 * NodeTransport with a `sip:` / `sips:` server located by RFC 3263 through the test's own DNS
 * server (helpers/dnsServer.ts) and a real node:dns/promises Resolver: where the REGISTER
 * lands, which lookups a connect makes, failover to the SRV backup, typed DNS failures.
 */
import { VirtualTimeScheduler } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { Registerer, UserAgent } from "../../src/index.js";
import { NodeTransport, type NodeTransportOptions } from "../../src/node.js";
import type { TransportError } from "../../src/streams/TransportError.js";
import { fakeSessionDescriptionHandlerFactory } from "../../src/testing/index.js";
import { selfSignedCertificate } from "./helpers/certificate.js";
import { deadPort } from "./helpers/deadPort.js";
import { DnsServer, type DnsRecord } from "./helpers/dnsServer.js";
import { record, sipRequest, sipResponse, statusNames, until, waitFor } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";
import { UdpPeer } from "./helpers/udpPeer.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function dnsServer(table: Record<string, DnsRecord[]>): Promise<DnsServer> {
  const s = await DnsServer.start(table);
  cleanups.push(() => s.stop());
  return s;
}

async function udpPeer(): Promise<UdpPeer> {
  const p = await UdpPeer.start();
  cleanups.push(() => p.stop());
  return p;
}

async function tcpPeer(tls?: { cert: string; key: string }): Promise<TcpPeer> {
  const p = await TcpPeer.start(tls ? { tls } : {});
  cleanups.push(() => p.stop());
  return p;
}

function transport(options: NodeTransportOptions): NodeTransport {
  const t = new NodeTransport(undefined, { localAddress: "127.0.0.1", keepAliveInterval: 0, ...options });
  cleanups.push(() => t.dispose());
  return t;
}

function agent(transportOptions: NodeTransportOptions): UserAgent {
  const ua = new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.test")!,
    transportConstructor: NodeTransport,
    transportOptions: { localAddress: "127.0.0.1", ...transportOptions },
    sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
    logBuiltinEnabled: false,
  });
  cleanups.push(() => ua.stop());
  return ua;
}

/** The provider's zone: NAPTR -> SRV -> A, every SRV target on 127.0.0.1. */
function zone(srv: Record<string, Array<{ priority: number; weight?: number; port: number; target?: string }>>, naptr: DnsRecord[] = []): Record<string, DnsRecord[]> {
  const table: Record<string, DnsRecord[]> = { "example.test": [...naptr], "sip1.example.test": [{ type: "A", address: "127.0.0.1", ttl: 30 }] };
  for (const [name, records] of Object.entries(srv)) {
    table[name] = records.map((r) => ({ type: "SRV", priority: r.priority, weight: r.weight ?? 0, port: r.port, target: r.target ?? "sip1.example.test" }));
  }
  return table;
}

const NAPTR_UDP: DnsRecord = { type: "NAPTR", order: 10, preference: 10, flags: "s", service: "SIP+D2U", replacement: "_sip._udp.example.test" };

describe("NodeTransport: a sip: server located by RFC 3263", () => {
  it("sip:example.test: NAPTR -> SRV -> A; the REGISTER goes to the SRV record's address and port over UDP", async () => {
    const registrar = await udpPeer();
    const dns = await dnsServer(zone({ "_sip._udp.example.test": [{ priority: 10, port: registrar.port }] }, [NAPTR_UDP]));
    const ua = agent({ server: "sip:example.test", dns: { resolver: dns.resolver() } });
    await ua.start();
    void new Registerer(ua).register().catch(() => undefined);
    await until(() => registrar.received.length > 0, 5000, "a REGISTER at the SRV target");
    expect(registrar.received[0]!.text).toMatch(/^REGISTER sip:example\.test SIP\/2\.0\r\n/);
    expect(registrar.received[0]!.text).toMatch(/\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:\d+;/);
    expect(dns.questions).toEqual(["NAPTR example.test", "SRV _sip._udp.example.test", "A sip1.example.test", "AAAA sip1.example.test"]);
    expect(ua.transport.state).toBe("Connected");
  });

  it("an SRV primary that refuses: the backup (next priority) gets the REGISTER, over TCP", async () => {
    const backup = await tcpPeer();
    const primary = await deadPort();
    const dns = await dnsServer(
      zone({
        "_sip._tcp.example.test": [
          { priority: 20, port: backup.port },
          { priority: 10, port: primary },
        ],
      }),
    );
    const ua = agent({ server: "sip:example.test;transport=tcp", dns: { resolver: dns.resolver() } });
    const states = record((ua.transport as NodeTransport).state$);
    await ua.start();
    void new Registerer(ua).register().catch(() => undefined);
    await until(() => backup.text.includes("REGISTER sip:example.test"), 5000, "a REGISTER at the backup");
    expect(backup.text).toMatch(/\r\nVia: SIP\/2\.0\/TCP /);
    const tried = states.values.filter((s) => s.type === "connecting").map((s) => (s as { server?: string }).server);
    expect(tried).toEqual([
      "sip:example.test;transport=tcp",
      `sip:example.test;transport=tcp (TCP 127.0.0.1:${primary})`,
      `sip:example.test;transport=tcp (TCP 127.0.0.1:${backup.port})`,
    ]);
    expect(dns.questions.filter((q) => q.startsWith("NAPTR"))).toEqual([]); // a transport parameter: straight to SRV
  });

  it("over UDP, an SRV primary that stops answering keep-alives is tried last at the next connect: the backup takes over", async () => {
    const primary = await udpPeer(); // never answers
    const backup = await udpPeer();
    backup.onMessage = (text, from) => {
      if (text.startsWith("OPTIONS ")) void backup.send(sipResponse(text), from.port);
    };
    const dns = await dnsServer(
      zone({
        "_sip._udp.example.test": [
          { priority: 10, port: primary.port },
          { priority: 20, port: backup.port },
        ],
      }),
    );
    const t = transport({ server: "sip:example.test;transport=udp", dns: { resolver: dns.resolver() }, keepAliveInterval: 0.1, keepAliveTimeout: 0.2 });
    const states = record(t.state$);
    await t.connect();
    expect(states.values.at(-1)).toEqual({ type: "connected", server: `sip:example.test;transport=udp (UDP 127.0.0.1:${primary.port})` });
    await waitFor(t.state$, (s) => s.type === "disconnected" && s.error?.code === "KEEPALIVE_TIMEOUT", 3000);
    expect(primary.received.some((r) => r.text.startsWith("OPTIONS "))).toBe(true);
    await t.connect();
    expect(states.values.at(-1)).toEqual({ type: "connected", server: `sip:example.test;transport=udp (UDP 127.0.0.1:${backup.port})` });
    // the backup answers its keep-alives: the transport stays connected through several of them
    await until(() => backup.received.filter((r) => r.text.startsWith("OPTIONS ")).length >= 3, 3000, "three answered keep-alives");
    expect(t.isConnected()).toBe(true);
  });

  it("an explicit port skips NAPTR and SRV: A/AAAA of the host, that port", async () => {
    const peer = await udpPeer();
    const dns = await dnsServer({ "example.test": [{ type: "A", address: "127.0.0.1" }] });
    const t = transport({ server: `sip:example.test:${peer.port}`, dns: { resolver: dns.resolver() } });
    await t.connect();
    await t.send(sipRequest({ method: "OPTIONS" }));
    await until(() => peer.received.length === 1);
    expect(dns.questions.sort()).toEqual(["A example.test", "AAAA example.test"]);
  });

  it("sips:example.test: only the SIPS NAPTR service is followed, a TLS connection whose certificate is checked against the domain (RFC 5922)", async () => {
    const cert = selfSignedCertificate(); // names 127.0.0.1 and localhost, not example.test
    const tlsPeer = await tcpPeer(cert);
    const udp = await udpPeer();
    const dns = await dnsServer(
      zone({ "_sips._tcp.example.test": [{ priority: 10, port: tlsPeer.port }], "_sip._udp.example.test": [{ priority: 10, port: udp.port }] }, [
        NAPTR_UDP,
        { type: "NAPTR", order: 20, preference: 10, flags: "s", service: "SIPS+D2T", replacement: "_sips._tcp.example.test" },
      ]),
    );
    // the address 127.0.0.1 is in the certificate, but the name to check is the URI's domain
    const strict = transport({ server: "sips:example.test", dns: { resolver: dns.resolver() }, ca: cert.cert });
    const refused = (await strict.connect().catch((e: unknown) => e)) as TransportError;
    expect(refused.code).toBe("TLS_CERTIFICATE");
    // with the certificate's name given, the same targets connect: TLS to the _sips._tcp record
    const t = transport({ server: "sips:example.test", dns: { resolver: dns.resolver() }, ca: cert.cert, servername: "localhost" });
    await t.connect();
    expect(t.protocol).toBe("TLS");
    await t.send(sipRequest({ method: "OPTIONS" }));
    await until(() => tlsPeer.text.includes("OPTIONS sip:bob@127.0.0.1"));
    expect(udp.received).toEqual([]);
    expect(dns.count("SRV", "_sip._udp.example.test")).toBe(0);
  });

  it("NXDOMAIN: connect rejects with DNS_FAILED naming the host, state$ says so, nothing unhandled", async () => {
    const dns = await dnsServer({});
    const t = transport({ server: "sip:nowhere.test", dns: { resolver: dns.resolver() } });
    const states = record(t.state$);
    const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("DNS_FAILED");
    expect(error.server).toBe("nowhere.test");
    expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected:DNS_FAILED"]);
  });

  it("a server that cannot be located is an attempt like any other: the next of `servers` is used", async () => {
    const peer = await udpPeer();
    const dns = await dnsServer({});
    const t = transport({
      servers: [{ server: "sip:nowhere.test" }, { server: `udp://127.0.0.1:${peer.port}` }],
      dns: { resolver: dns.resolver() },
    });
    await t.connect();
    await t.send(sipRequest({ method: "OPTIONS" }));
    await until(() => peer.received.length === 1);
  });

  it("answers are kept for their TTL on the scheduler's clock: a second connect within it asks nothing; after the A record's TTL only A again, after cacheSeconds the rest (virtual time)", async () => {
    const peer = await udpPeer();
    const dns = await dnsServer(zone({ "_sip._udp.example.test": [{ priority: 10, port: peer.port }] }, [NAPTR_UDP]));
    const scheduler = new VirtualTimeScheduler();
    // A has TTL 30 s; NAPTR and SRV (no TTL from Node) are kept cacheSeconds = 120
    const t = transport({ server: "sip:example.test", dns: { resolver: dns.resolver(), cacheSeconds: 120 }, scheduler, connectionTimeout: 0 });
    const advance = (ms: number) => {
      scheduler.maxFrames = scheduler.frame + ms;
      scheduler.schedule(() => undefined, ms);
      scheduler.flush();
    };
    await t.connect();
    expect(dns.questions).toHaveLength(4);
    await t.disconnect();
    advance(29_000);
    await t.connect();
    expect(dns.questions).toHaveLength(4); // all from the cache
    await t.disconnect();
    advance(2_000); // 31 s: past the A record's TTL
    await t.connect();
    // the A answer expired; NAPTR, SRV and the empty AAAA answer are kept 120 s
    expect(dns.questions.slice(4)).toEqual(["A sip1.example.test"]);
    await t.send(sipRequest({ method: "OPTIONS" }));
    await until(() => peer.received.length === 1);
    await t.disconnect();
    advance(90_000); // 121 s
    await t.connect();
    expect(dns.questions.slice(5).sort()).toEqual(["A sip1.example.test", "AAAA sip1.example.test", "NAPTR example.test", "SRV _sip._udp.example.test"]);
  });
});

describe("NodeTransport listening without a server: a request to a domain", () => {
  it("goes to the first address RFC 3263 gives for its Request-URI, and the second such request is sent without a lookup", async () => {
    const peer = await udpPeer();
    const dns = await dnsServer(zone({ "_sip._udp.example.test": [{ priority: 10, port: peer.port }] }, [NAPTR_UDP]));
    const t = transport({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 }, dns: { resolver: dns.resolver() } });
    await t.connect();
    const toDomain = (branch: string) => sipRequest({ method: "MESSAGE", branch }).replace("MESSAGE sip:bob@127.0.0.1", "MESSAGE sip:bob@example.test");
    await t.send(toDomain("z9hG4bK1"));
    await until(() => peer.received.length === 1);
    expect(peer.received[0]!.text).toMatch(/^MESSAGE sip:bob@example\.test SIP\/2\.0/);
    const asked = dns.questions.length;
    await t.send(toDomain("z9hG4bK2"));
    await until(() => peer.received.length === 2);
    expect(dns.questions).toHaveLength(asked);
  });

  it("a sips: Request-URI goes over TLS to the _sips._tcp target, its certificate checked against the domain, not the address", async () => {
    const cert = selfSignedCertificate(); // names 127.0.0.1 and localhost, not example.test
    const tlsPeer = await tcpPeer(cert);
    const dns = await dnsServer(zone({ "_sips._tcp.example.test": [{ priority: 10, port: tlsPeer.port }] }));
    const request = sipRequest({ method: "MESSAGE" }).replace("MESSAGE sip:bob@127.0.0.1", "MESSAGE sips:bob@example.test");
    const strict = transport({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 }, dns: { resolver: dns.resolver() }, ca: cert.cert });
    await strict.connect();
    expect(((await strict.send(request).catch((e: unknown) => e)) as TransportError).code).toBe("TLS_CERTIFICATE");
    const t = transport({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 }, dns: { resolver: dns.resolver() }, ca: cert.cert, servername: "localhost" });
    await t.connect();
    await t.send(request);
    await until(() => tlsPeer.text.includes("MESSAGE sips:bob@example.test"));
  });

  it("a domain that does not exist: send rejects with DNS_FAILED", async () => {
    const dns = await dnsServer({});
    const t = transport({ listen: { protocol: "UDP", host: "127.0.0.1", port: 0 }, dns: { resolver: dns.resolver() } });
    await t.connect();
    const request = sipRequest({ method: "MESSAGE" }).replace("MESSAGE sip:bob@127.0.0.1", "MESSAGE sip:bob@nowhere.test");
    const error = (await t.send(request).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("DNS_FAILED");
    expect(error.server).toBe("nowhere.test");
  });
});
