/**
 * RFC 3263 §4 server location against a DNS server of the test's own (helpers/dnsServer.ts),
 * asked through a real node:dns/promises Resolver: which lookups are made, and the ordered
 * addresses that come out.
 */
import type { SrvRecord } from "node:dns";
import { VirtualTimeScheduler } from "rxjs";
import { afterEach, describe, expect, it } from "vitest";
import { ServerLocator, type DnsOptions } from "../../src/streams/transports/node/ServerLocator.js";
import { type DnsResolver, systemResolver } from "../../src/streams/transports/node/DnsResolver.js";
import { srvOrder } from "../../src/streams/transports/node/srvOrder.js";
import { TransportError } from "../../src/streams/TransportError.js";
import { mulberry32 } from "../../src/testing/index.js";
import { DnsServer, type DnsRecord } from "./helpers/dnsServer.js";

const servers: DnsServer[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await s.stop();
});

async function dns(table: Record<string, DnsRecord[]>): Promise<DnsServer> {
  const s = await DnsServer.start(table);
  servers.push(s);
  return s;
}

function locator(server: DnsServer, options: DnsOptions = {}): ServerLocator {
  return new ServerLocator({ resolver: server.resolver(), ...options });
}

/** "UDP 127.0.0.1:5070" per target. */
function addresses(targets: { protocol: string; host: string; port: number }[]): string[] {
  return targets.map((t) => `${t.protocol} ${t.host}:${t.port}`);
}

const PROVIDER: Record<string, DnsRecord[]> = {
  "example.test": [
    { type: "NAPTR", order: 20, preference: 10, flags: "s", service: "SIP+D2U", replacement: "_sip._udp.example.test" },
    { type: "NAPTR", order: 10, preference: 10, flags: "s", service: "SIP+D2T", replacement: "_sip._tcp.example.test" },
    { type: "NAPTR", order: 10, preference: 5, flags: "s", service: "SIPS+D2T", replacement: "_sips._tcp.example.test" },
    { type: "NAPTR", order: 5, preference: 1, flags: "s", service: "SIP+D2S", replacement: "_sip._sctp.example.test" },
    { type: "A", address: "192.0.2.99" },
  ],
  "_sip._udp.example.test": [{ type: "SRV", priority: 10, weight: 1, port: 5070, target: "udp1.example.test" }],
  "_sip._tcp.example.test": [{ type: "SRV", priority: 10, weight: 1, port: 5071, target: "tcp1.example.test" }],
  "_sips._tcp.example.test": [{ type: "SRV", priority: 10, weight: 1, port: 5072, target: "tls1.example.test" }],
  "_sip._sctp.example.test": [{ type: "SRV", priority: 10, weight: 1, port: 5073, target: "sctp1.example.test" }],
  "udp1.example.test": [{ type: "A", address: "192.0.2.1" }],
  "tcp1.example.test": [{ type: "A", address: "192.0.2.2" }, { type: "AAAA", address: "2001:db8::2" }],
  "tls1.example.test": [{ type: "A", address: "192.0.2.3" }],
  "sctp1.example.test": [{ type: "A", address: "192.0.2.4" }],
};

describe("RFC 3263 §4.1: a URI with neither port nor transport", () => {
  it("follows NAPTR records by order then preference to their SRV names, then A/AAAA; skips services it has no transport for (SCTP)", async () => {
    const server = await dns(PROVIDER);
    const found = await locator(server).locate({ scheme: "sip", host: "example.test" });
    expect(addresses(found)).toEqual(["TLS 192.0.2.3:5072", "TCP 192.0.2.2:5071", "TCP 2001:db8::2:5071", "UDP 192.0.2.1:5070"]);
    expect(found.every((t) => t.domain === "example.test")).toBe(true);
    expect(server.count("SRV", "_sip._sctp.example.test")).toBe(0);
    expect(server.count("A", "example.test")).toBe(0); // NAPTR and SRV answered: no A lookup of the domain itself
  });

  it("a sips: URI keeps only SIPS services: TLS", async () => {
    const server = await dns(PROVIDER);
    const found = await locator(server).locate({ scheme: "sips", host: "example.test" });
    expect(addresses(found)).toEqual(["TLS 192.0.2.3:5072"]);
    expect(server.count("SRV", "_sip._udp.example.test")).toBe(0);
  });

  it("without NAPTR records, asks SRV for each transport (_sip._udp, _sip._tcp), UDP first", async () => {
    const server = await dns({
      "example.test": [{ type: "A", address: "192.0.2.99" }],
      "_sip._udp.example.test": PROVIDER["_sip._udp.example.test"]!,
      "_sip._tcp.example.test": PROVIDER["_sip._tcp.example.test"]!,
      "udp1.example.test": PROVIDER["udp1.example.test"]!,
      "tcp1.example.test": [{ type: "A", address: "192.0.2.2" }],
    });
    const found = await locator(server).locate({ scheme: "sip", host: "example.test" });
    expect(addresses(found)).toEqual(["UDP 192.0.2.1:5070", "TCP 192.0.2.2:5071"]);
    expect(server.count("NAPTR", "example.test")).toBe(1);
  });

  it("without NAPTR or SRV records: A and AAAA of the host, port 5060 over UDP (IPv4 first)", async () => {
    const server = await dns({ "example.test": [{ type: "AAAA", address: "2001:db8::7" }, { type: "A", address: "192.0.2.7" }] });
    expect(addresses(await locator(server).locate({ scheme: "sip", host: "example.test" }))).toEqual(["UDP 192.0.2.7:5060", "UDP 2001:db8::7:5060"]);
  });

  it("ipv6First puts a host's IPv6 addresses first", async () => {
    const server = await dns({ "example.test": [{ type: "AAAA", address: "2001:db8::7" }, { type: "A", address: "192.0.2.7" }] });
    const found = await locator(server, { ipv6First: true }).locate({ scheme: "sip", host: "example.test" });
    expect(addresses(found)).toEqual(["UDP 2001:db8::7:5060", "UDP 192.0.2.7:5060"]);
  });

  it("a sips: URI without NAPTR or SRV records: TLS on 5061", async () => {
    const server = await dns({ "example.test": [{ type: "A", address: "192.0.2.7" }] });
    expect(addresses(await locator(server).locate({ scheme: "sips", host: "example.test" }))).toEqual(["TLS 192.0.2.7:5061"]);
    expect(server.count("SRV", "_sips._tcp.example.test")).toBe(1);
    expect(server.count("SRV", "_sip._udp.example.test")).toBe(0);
  });
});

describe("RFC 3263 §4.2: a port or a transport in the URI", () => {
  it("an explicit port: A/AAAA of the host with that port, no NAPTR and no SRV lookup", async () => {
    const server = await dns(PROVIDER);
    const found = await locator(server).locate({ scheme: "sip", host: "example.test", port: 5999 });
    expect(addresses(found)).toEqual(["UDP 192.0.2.99:5999"]);
    expect(server.questions.filter((q) => q.startsWith("NAPTR") || q.startsWith("SRV"))).toEqual([]);
  });

  it("an explicit transport: SRV of that transport only (_sip._tcp), no NAPTR", async () => {
    const server = await dns(PROVIDER);
    const found = await locator(server).locate({ scheme: "sip", host: "example.test", protocol: "TCP" });
    expect(addresses(found)).toEqual(["TCP 192.0.2.2:5071", "TCP 2001:db8::2:5071"]);
    expect(server.questions.filter((q) => q.startsWith("NAPTR") || q.startsWith("SRV"))).toEqual(["SRV _sip._tcp.example.test"]);
  });

  it("transport TLS asks _sips._tcp; without SRV records the host on the transport's default port", async () => {
    const server = await dns({ "example.test": [{ type: "A", address: "192.0.2.7" }] });
    const found = await locator(server).locate({ scheme: "sip", host: "example.test", protocol: "TLS" });
    expect(addresses(found)).toEqual(["TLS 192.0.2.7:5061"]);
    expect(server.count("SRV", "_sips._tcp.example.test")).toBe(1);
  });

  it("a numeric address is used as it is, without any lookup", async () => {
    const server = await dns({});
    expect(addresses(await locator(server).locate({ scheme: "sip", host: "[2001:db8::1]" }))).toEqual(["UDP 2001:db8::1:5060"]);
    expect(addresses(await locator(server).locate({ scheme: "sips", host: "192.0.2.1" }))).toEqual(["TLS 192.0.2.1:5061"]);
    expect(server.questions).toEqual([]);
  });
});

describe("SRV order (RFC 2782)", () => {
  const srv = (name: string, priority: number, weight: number): SrvRecord => ({ name, priority, weight, port: 5060 });

  it("lower priority first; within a priority, each draw picks the first record whose running weight sum reaches it", () => {
    const records = [srv("b", 20, 0), srv("x", 10, 10), srv("y", 10, 30), srv("z", 10, 0)];
    // priority 10: list [z(0), x(10), y(30)], sum 40; draw floor(0.5 * 41) = 20 -> y (0+10+30 >= 20)
    // then [z, x], sum 10; draw floor(0.95 * 11) = 10 -> x; then z; then priority 20: b
    const draws = [0.5, 0.95, 0.3, 0.1];
    expect(srvOrder(records, () => draws.shift()!).map((r) => r.name)).toEqual(["y", "x", "z", "b"]);
  });

  it("a draw of 0 picks a weight-0 record; one record whose target is '.' means no service", () => {
    expect(srvOrder([srv("x", 1, 5), srv("z", 1, 0)], () => 0).map((r) => r.name)).toEqual(["z", "x"]);
    expect(srvOrder([srv(".", 0, 0)])).toEqual([]);
  });

  it("targets of one priority come first about as often as their weight says (seeded, 2000 lookups); the backup priority always last", async () => {
    const server = await dns({
      "_sip._udp.example.test": [
        { type: "SRV", priority: 10, weight: 60, port: 5001, target: "a.example.test" },
        { type: "SRV", priority: 10, weight: 30, port: 5002, target: "b.example.test" },
        { type: "SRV", priority: 10, weight: 10, port: 5003, target: "c.example.test" },
        { type: "SRV", priority: 20, weight: 100, port: 5004, target: "backup.example.test" },
      ],
      "a.example.test": [{ type: "A", address: "192.0.2.1" }],
      "b.example.test": [{ type: "A", address: "192.0.2.2" }],
      "c.example.test": [{ type: "A", address: "192.0.2.3" }],
      "backup.example.test": [{ type: "A", address: "192.0.2.4" }],
    });
    const l = locator(server, { random: mulberry32(7) });
    const first = new Map<number, number>();
    for (let i = 0; i < 2000; i++) {
      const found = await l.locate({ scheme: "sip", host: "example.test", protocol: "UDP" });
      first.set(found[0]!.port, (first.get(found[0]!.port) ?? 0) + 1);
      expect(found.at(-1)!.port).toBe(5004);
      expect(found).toHaveLength(4);
    }
    // weights 60 : 30 : 10 (of 100; a weight-w record is drawn with chance w / sum)
    expect(first.get(5001)! / 2000).toBeCloseTo(0.6, 1);
    expect(first.get(5002)! / 2000).toBeCloseTo(0.3, 1);
    expect(first.get(5003)! / 2000).toBeCloseTo(0.1, 1);
    expect(first.get(5004)).toBeUndefined();
    // answers are cached: one SRV question for 2000 lookups
    expect(server.count("SRV", "_sip._udp.example.test")).toBe(1);
  });
});

describe("the default resolver (systemResolver)", () => {
  it("asks DNS first, and the system (getaddrinfo: /etc/hosts) for an address DNS does not know: localhost", async () => {
    const server = await dns({ "example.test": [{ type: "A", address: "192.0.2.7", ttl: 30 }] });
    const resolver = systemResolver(server.resolver());
    expect(await resolver.resolve4("example.test", { ttl: true })).toEqual([{ address: "192.0.2.7", ttl: 30 }]);
    expect(await resolver.resolve4("localhost", { ttl: true })).toEqual([{ address: "127.0.0.1", ttl: 0 }]);
    expect(server.count("A", "localhost")).toBe(1); // DNS said NXDOMAIN first
    const found = await new ServerLocator({ resolver }).locate({ scheme: "sip", host: "localhost", port: 5070, protocol: "TCP" });
    expect(addresses(found)[0]).toBe("TCP 127.0.0.1:5070");
  });
});

describe("failures are typed", () => {
  it("NXDOMAIN: DNS_FAILED naming the host", async () => {
    const server = await dns({});
    const error = await locator(server).locate({ scheme: "sip", host: "nowhere.test" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe("DNS_FAILED");
    expect((error as TransportError).server).toBe("nowhere.test");
  });

  it("a server failure (SERVFAIL) is DNS_FAILED with the name looked up and the resolver's error as cause", async () => {
    const failing: DnsResolver = {
      resolveNaptr: () => Promise.reject(Object.assign(new Error("queryNaptr ESERVFAIL example.test"), { code: "ESERVFAIL" })),
      resolveSrv: () => Promise.resolve([]),
      resolve4: () => Promise.resolve([]),
      resolve6: () => Promise.resolve([]),
    };
    const error = (await new ServerLocator({ resolver: failing }).locate({ scheme: "sip", host: "example.test" }).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("DNS_FAILED");
    expect(error.server).toBe("example.test");
    expect(error.message).toContain("ESERVFAIL");
    expect((error.cause as { code: string }).code).toBe("ESERVFAIL");
  });

  it("a lookup that is not answered within `timeout` seconds is DNS_FAILED, timed on the scheduler (virtual time)", async () => {
    const scheduler = new VirtualTimeScheduler();
    const never: DnsResolver = {
      resolveNaptr: () => new Promise(() => undefined),
      resolveSrv: () => new Promise(() => undefined),
      resolve4: () => new Promise(() => undefined),
      resolve6: () => new Promise(() => undefined),
    };
    let settled: unknown;
    const located = new ServerLocator({ resolver: never, timeout: 3 }, scheduler).locate({ scheme: "sip", host: "example.test", port: 5060 });
    located.catch((e: unknown) => (settled = e));
    scheduler.maxFrames = 2999; // flush() runs what is due up to 2999 ms, no further
    scheduler.flush();
    await new Promise((r) => setImmediate(r));
    expect(settled).toBeUndefined();
    scheduler.maxFrames = 3000;
    scheduler.flush();
    await new Promise((r) => setImmediate(r));
    expect((settled as TransportError).code).toBe("DNS_FAILED");
    expect((settled as TransportError).message).toContain("within 3 s");
  });

  it("a resolver that throws instead of rejecting is DNS_FAILED too", async () => {
    const throwing = {
      resolveNaptr: () => {
        throw new Error("boom");
      },
    } as unknown as DnsResolver;
    const error = (await new ServerLocator({ resolver: throwing }).locate({ scheme: "sip", host: "example.test" }).catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("DNS_FAILED");
  });
});
