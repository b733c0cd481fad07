import { isIP } from "node:net";
import { asyncScheduler, type SchedulerLike } from "rxjs";
import { TransportError } from "../../TransportError.js";
import { defaultPort, normalizeHost, type Peer } from "../Flow.js";
import { CachedDns } from "./CachedDns.js";
import { type DnsResolver, systemResolver } from "./DnsResolver.js";
import { naptrServices } from "./naptrServices.js";
import { srvOrder } from "./srvOrder.js";

/** A transport RFC 3263 can pick for a Node transport. */
export type LocatedProtocol = "UDP" | "TCP" | "TLS";

/**
 * How {@link ServerLocator} (and a NodeTransport's `dns` option) looks servers up.
 *
 * @example
 * ```ts
 * import { Resolver } from "node:dns/promises";
 * import { NodeTransport } from "rxsip/node";
 *
 * const resolver = new Resolver();
 * resolver.setServers(["127.0.0.1:5353"]);
 * new NodeTransport(undefined, { server: "sip:example.com", dns: { resolver, timeout: 2, ipv6First: true } });
 * ```
 */
export interface DnsOptions {
  /** Where lookups go (default: a `Resolver` of node:dns/promises on the system's servers, see `systemResolver`). */
  resolver?: DnsResolver;
  /** Seconds one lookup may take before it fails with `DNS_FAILED` (default 5), on the scheduler. */
  timeout?: number;
  /** Seconds NAPTR and SRV answers and "no such record" answers are kept (Node gives no TTL for them; default 60). A and AAAA answers are kept for their TTL. */
  cacheSeconds?: number;
  /** Try IPv6 addresses of a host before its IPv4 ones (default false: IPv4 first). */
  ipv6First?: boolean;
  /** The draw of RFC 2782's weighted SRV selection: a number in [0, 1) (default `Math.random`). */
  random?: () => number;
}

/** Where a SIP or SIPS URI is to be reached (RFC 3263 §4). */
export interface SipLocation {
  readonly scheme: "sip" | "sips";
  /** Host name or IP address (IPv6 with or without brackets). */
  readonly host: string;
  /** The URI's port, when it has one. */
  readonly port?: number | undefined;
  /** The URI's transport (its `transport` parameter; TLS for TCP of a `sips:` URI), when it has one. */
  readonly protocol?: LocatedProtocol | undefined;
}

/** One address to try: protocol, IP address, port, and the name it was found for (for TLS certificates). */
export interface LocatedTarget extends Peer {
  readonly protocol: LocatedProtocol;
  /** The URI's host: the name a TLS certificate is checked against (RFC 5922 §4). */
  readonly domain: string;
}

const ALL: readonly LocatedProtocol[] = ["UDP", "TCP", "TLS"];
const DEFAULT_TIMEOUT = 5;
const DEFAULT_CACHE_SECONDS = 60;

/**
 * RFC 3263 §4 server location: the ordered addresses to try for a SIP or SIPS URI.
 *
 * - an IP address: as it is (the URI's port, else 5060 / 5061);
 * - a port: the A / AAAA addresses of the host, that port, no SRV;
 * - a transport: the SRV records of `_sip._udp` / `_sip._tcp` / `_sips._tcp`, else A / AAAA
 *   with the default port;
 * - neither: NAPTR (services SIP+D2U, SIP+D2T, SIPS+D2T, of `protocols` only; a `sips:` URI
 *   only SIPS+D2T) by order and preference, each to its SRV name; without usable NAPTR
 *   records, the SRV records of every protocol (UDP before TCP; `_sips._tcp` for `sips:`);
 *   without those, A / AAAA, port 5060 over UDP (5061 over TLS for `sips:`).
 *
 * SRV targets follow RFC 2782 (priority, then a weighted draw); each target's IPv4
 * addresses come before its IPv6 ones unless `ipv6First`. Answers are cached (see
 * `CachedDns`); a lookup that fails or times out, or a host without an address, rejects
 * with a `TransportError` `DNS_FAILED` whose `server` is the name looked up.
 *
 * @example
 * ```ts
 * import { ServerLocator } from "rxsip/node";
 *
 * const locator = new ServerLocator();
 * const targets = await locator.locate({ scheme: "sip", host: "example.com" });
 * // e.g. [{ protocol: "UDP", host: "192.0.2.10", port: 5060, domain: "example.com" }, { protocol: "TCP", ... }]
 * ```
 */
export class ServerLocator {
  private readonly dns: CachedDns;
  private readonly protocols: ReadonlySet<string>;
  private readonly random: () => number;
  private readonly ipv6First: boolean;

  /**
   * @param options lookups, time limit, cache and order (see {@link DnsOptions})
   * @param scheduler where the time limit and the cache's clock run (default `asyncScheduler`)
   * @param protocols the transports the caller can use (default UDP, TCP and TLS)
   */
  constructor(options: DnsOptions = {}, scheduler: SchedulerLike = asyncScheduler, protocols: readonly LocatedProtocol[] = ALL) {
    let resolver = options.resolver;
    this.dns = new CachedDns({
      resolver: () => (resolver ??= systemResolver()),
      timeout: options.timeout ?? DEFAULT_TIMEOUT,
      ttl: options.cacheSeconds ?? DEFAULT_CACHE_SECONDS,
      scheduler,
    });
    this.protocols = new Set(protocols);
    this.random = options.random ?? Math.random;
    this.ipv6First = options.ipv6First ?? false;
  }

  /** The addresses to try for `uri`, in order (never empty: no address is `DNS_FAILED`). */
  async locate(uri: SipLocation): Promise<LocatedTarget[]> {
    const host = normalizeHost(uri.host);
    const fallback: LocatedProtocol = uri.scheme === "sips" ? "TLS" : "UDP";
    const at = (protocol: LocatedProtocol, port: number) => ({ protocol, port, domain: host });
    // RFC 3263 §4.1 / §4.2: a numeric address needs no DNS
    if (isIP(host) !== 0) return [{ ...at(uri.protocol ?? fallback, uri.port ?? defaultPort(uri.protocol ?? fallback)), host }];
    let found: LocatedTarget[];
    if (uri.port !== undefined) {
      // §4.2: "If the TARGET was not a numeric IP address, but a port is present in the URI,
      // the client performs an A or AAAA record lookup of the domain name"
      found = await this.addresses(host, at(uri.protocol ?? fallback, uri.port));
    } else if (uri.protocol !== undefined) {
      // §4.2: a transport but no port: SRV of that transport, else A / AAAA
      found = await this.viaSrv(srvName(uri.scheme, uri.protocol, host), at(uri.protocol, 0));
      if (found.length === 0) found = await this.addresses(host, at(uri.protocol, defaultPort(uri.protocol)));
    } else {
      found = await this.viaNaptr(uri.scheme, host);
      if (found.length === 0) found = await this.viaAllSrv(uri.scheme, host);
      if (found.length === 0) found = await this.addresses(host, at(fallback, defaultPort(fallback)));
    }
    if (found.length === 0) throw new TransportError("DNS_FAILED", "no address found", { server: host });
    return found;
  }

  /** §4.1: NAPTR records of the host, each followed to its SRV name. */
  private async viaNaptr(scheme: "sip" | "sips", host: string): Promise<LocatedTarget[]> {
    const choices = naptrServices(await this.dns.naptr(host), scheme, this.protocols);
    const found = await Promise.all(choices.map((c) => this.viaSrv(c.srvName, { protocol: c.protocol, port: 0, domain: host })));
    return found.flat();
  }

  /** §4.1: "If no NAPTR records are found, the client constructs SRV queries for those transport protocols it supports". */
  private async viaAllSrv(scheme: "sip" | "sips", host: string): Promise<LocatedTarget[]> {
    const protocols = (scheme === "sips" ? (["TLS"] as const) : (["UDP", "TCP"] as const)).filter((p) => this.protocols.has(p));
    const found = await Promise.all(protocols.map((p) => this.viaSrv(srvName(scheme, p, host), { protocol: p, port: 0, domain: host })));
    return found.flat();
  }

  /**
   * The SRV records of `name` in RFC 2782 order, each target's addresses in turn. A target
   * whose addresses cannot be found is skipped; when none has any, the first failure is thrown.
   */
  private async viaSrv(name: string, base: Omit<LocatedTarget, "host">): Promise<LocatedTarget[]> {
    const records = srvOrder(await this.dns.srv(name), this.random);
    let failure: unknown;
    const found = await Promise.all(
      records.map((r) =>
        this.addresses(r.name, { ...base, port: r.port }).catch((e: unknown) => {
          failure ??= e;
          return [];
        }),
      ),
    );
    const out = found.flat();
    if (out.length === 0 && failure !== undefined) throw failure;
    return out;
  }

  /** The A and AAAA addresses of `name` (IPv4 first unless `ipv6First`); one family failing is forgiven when the other answers. */
  private async addresses(name: string, base: Omit<LocatedTarget, "host">): Promise<LocatedTarget[]> {
    const [v4, v6] = await Promise.allSettled([this.dns.addresses(name, 4), this.dns.addresses(name, 6)]);
    const list = (r: PromiseSettledResult<readonly string[]>) => (r.status === "fulfilled" ? r.value : []);
    const ordered = this.ipv6First ? [...list(v6), ...list(v4)] : [...list(v4), ...list(v6)];
    if (ordered.length === 0) {
      const failed = [v4, v6].find((r): r is PromiseRejectedResult => r.status === "rejected");
      if (failed !== undefined) throw failed.reason;
    }
    return ordered.map((host) => ({ ...base, host }));
  }
}

/** `_sip._udp.example.com`, `_sip._tcp.…`, `_sips._tcp.…` (RFC 3263 §4.2; TLS is `_sips._tcp`). */
function srvName(scheme: "sip" | "sips", protocol: LocatedProtocol, host: string): string {
  const service = scheme === "sips" || protocol === "TLS" ? "_sips" : "_sip";
  return `${service}._${protocol === "UDP" ? "udp" : "tcp"}.${host}`;
}
