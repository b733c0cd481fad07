import type { NaptrRecord, SrvRecord } from "node:dns";
import { firstValueFrom, from, type SchedulerLike, throwError, timeout } from "rxjs";
import { TransportError } from "../../TransportError.js";
import type { DnsResolver } from "./DnsResolver.js";

/** What {@link CachedDns} needs: where lookups go, how long each may take, how long TTL-less answers are kept. */
export interface CachedDnsOptions {
  resolver: () => DnsResolver;
  /** Seconds one lookup may take before it is `DNS_FAILED`. */
  timeout: number;
  /** Seconds NAPTR and SRV answers (Node gives no TTL for them) and empty answers are kept. */
  ttl: number;
  scheduler: SchedulerLike;
  /** Most answers kept (the oldest goes first). */
  maxEntries?: number;
}

interface Entry {
  readonly records: readonly unknown[];
  readonly expires: number;
}

/** Error codes of node:dns that mean "no such record": an empty answer, not a failure. */
const NOT_FOUND = new Set(["ENOTFOUND", "ENODATA"]);
const DEFAULT_MAX_ENTRIES = 1024;

/**
 * DNS lookups with a time limit and a cache, both on the scheduler's clock. Answers are
 * kept for their TTL (A / AAAA: the smallest TTL of the records) or, where Node gives none
 * (NAPTR, SRV, no records), for `ttl` seconds. Concurrent lookups of one name share one
 * query. A name with no records is an empty list; a lookup that fails or takes too long
 * rejects with `DNS_FAILED` naming it, and is not kept.
 */
export class CachedDns {
  private readonly answers = new Map<string, Entry>();
  private readonly pending = new Map<string, Promise<readonly unknown[]>>();

  constructor(private readonly options: CachedDnsOptions) {}

  naptr(name: string): Promise<readonly NaptrRecord[]> {
    return this.lookup("NAPTR", name, (r) => r.resolveNaptr(name), () => undefined);
  }

  srv(name: string): Promise<readonly SrvRecord[]> {
    return this.lookup("SRV", name, (r) => r.resolveSrv(name), () => undefined);
  }

  /** The addresses of `name` of one family. */
  async addresses(name: string, family: 4 | 6): Promise<readonly string[]> {
    const records = await this.lookup(
      family === 4 ? "A" : "AAAA",
      name,
      (r) => (family === 4 ? r.resolve4(name, { ttl: true }) : r.resolve6(name, { ttl: true })),
      (found) => Math.min(...found.map((f) => f.ttl)),
    );
    return records.map((r) => r.address);
  }

  private lookup<T>(type: string, name: string, query: (r: DnsResolver) => Promise<T[]>, ttlOf: (records: T[]) => number | undefined): Promise<readonly T[]> {
    const key = `${type} ${name.toLowerCase()}`;
    const now = this.options.scheduler.now();
    const kept = this.answers.get(key);
    if (kept !== undefined && kept.expires > now) return Promise.resolve(kept.records as T[]);
    this.answers.delete(key);
    const running = this.pending.get(key);
    if (running !== undefined) return running as Promise<readonly T[]>;
    const seconds = this.options.timeout;
    let answer: Promise<T[]>;
    try {
      answer = query(this.options.resolver());
    } catch (error) {
      answer = Promise.reject(error);
    }
    const asked = firstValueFrom(
      from(answer).pipe(
        timeout({
          first: seconds * 1000,
          scheduler: this.options.scheduler,
          with: () => throwError(() => new TransportError("DNS_FAILED", `no answer to the ${type} lookup within ${seconds} s`, { server: name })),
        }),
      ),
    ).then(
      (records) => {
        this.keep(key, records, records.length > 0 ? (ttlOf(records) ?? this.options.ttl) : this.options.ttl);
        return records;
      },
      (error: unknown) => {
        const code = (error as { code?: string } | undefined)?.code ?? "";
        if (NOT_FOUND.has(code)) {
          this.keep(key, [], this.options.ttl);
          return [];
        }
        if (error instanceof TransportError) throw error;
        throw new TransportError("DNS_FAILED", `the ${type} lookup failed (${code || String(error)})`, { server: name, cause: error });
      },
    );
    const shared = asked.finally(() => this.pending.delete(key));
    this.pending.set(key, shared);
    return shared;
  }

  private keep(key: string, records: readonly unknown[], ttl: number): void {
    if (!(ttl > 0)) return;
    this.answers.set(key, { records, expires: this.options.scheduler.now() + ttl * 1000 });
    if (this.answers.size > (this.options.maxEntries ?? DEFAULT_MAX_ENTRIES)) this.answers.delete(this.answers.keys().next().value!);
  }
}
