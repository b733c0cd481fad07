import type { NaptrRecord, RecordWithTtl, SrvRecord } from "node:dns";
import { lookup, Resolver } from "node:dns/promises";

/**
 * The DNS lookups RFC 3263 server location makes: the methods of node:dns/promises's
 * `Resolver` it uses. Pass a `Resolver` (with its own `setServers`), or any object with
 * these methods (a cache of your own, a test double).
 *
 * @example
 * ```ts
 * import { Resolver } from "node:dns/promises";
 * import { NodeTransport } from "rxsip/node";
 *
 * const resolver = new Resolver({ timeout: 2000, tries: 2 });
 * resolver.setServers(["192.0.2.53"]); // the provider's DNS, not the system's
 * new NodeTransport(undefined, { server: "sip:example.com", dns: { resolver } });
 * ```
 */
export interface DnsResolver {
  /** NAPTR records of a name (RFC 3403); rejects with a Node DNS error (`code` ENOTFOUND, ENODATA ...). */
  resolveNaptr(name: string): Promise<NaptrRecord[]>;
  /** SRV records of a name (RFC 2782). */
  resolveSrv(name: string): Promise<SrvRecord[]>;
  /** IPv4 addresses of a name with their TTL in seconds. */
  resolve4(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
  /** IPv6 addresses of a name with their TTL in seconds. */
  resolve6(name: string, options: { ttl: true }): Promise<RecordWithTtl[]>;
}

/** Answers that mean "no such record", not "DNS failed". */
const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA"]);

/**
 * The default resolver: a `Resolver` of node:dns/promises (by default on the system's DNS
 * servers) for every lookup; an address DNS does not know (`localhost`, a name of
 * /etc/hosts) is then asked of the system (`lookup`, getaddrinfo), which gives no TTL (0:
 * not cached).
 */
export function systemResolver(dns: Resolver = new Resolver()): DnsResolver {
  const viaSystem = async (name: string, family: 4 | 6, error: unknown): Promise<RecordWithTtl[]> => {
    if (!NOT_FOUND.has((error as { code?: string } | undefined)?.code ?? "")) throw error;
    const found = await lookup(name, { family, all: true }).catch(() => {
      throw error;
    });
    return found.map((a) => ({ address: a.address, ttl: 0 }));
  };
  return {
    resolveNaptr: (name) => dns.resolveNaptr(name),
    resolveSrv: (name) => dns.resolveSrv(name),
    resolve4: (name, options) => dns.resolve4(name, options).catch((e: unknown) => viaSystem(name, 4, e)),
    resolve6: (name, options) => dns.resolve6(name, options).catch((e: unknown) => viaSystem(name, 6, e)),
  };
}
