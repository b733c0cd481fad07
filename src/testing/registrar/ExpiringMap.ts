import type { SchedulerLike } from "rxjs";

/**
 * A map whose entries live `ttl` milliseconds of `scheduler` time after they were last set,
 * and of which at most `maxSize` are kept (the oldest is dropped first). Expiry is lazy: no
 * timer runs; expired entries are dropped when read and, from the oldest end, whenever an
 * entry is set. That keeps the registrar's transaction-like state (forwarded branches,
 * INVITEs that may be cancelled, contacts seen) bounded in time and size without a timer
 * that `stop()` would have to cancel.
 */
export class ExpiringMap<K, V> {
  private readonly entries = new Map<K, { value: V; expiresAt: number }>();

  constructor(
    private readonly scheduler: SchedulerLike,
    /** Lifetime of an entry, in milliseconds after it was last set. */
    private readonly ttl: number,
    /** Most entries kept. */
    private readonly maxSize = 4096,
  ) {}

  get size(): number {
    return this.entries.size;
  }

  /** The value under `key`, unless it expired. */
  get(key: K): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    if (entry.expiresAt <= this.scheduler.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** Sets (or refreshes) an entry; it becomes the newest. */
  set(key: K, value: V): this {
    const now = this.scheduler.now();
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: now + this.ttl });
    // entries are in order of last set, and share one ttl: the expired ones are at the front
    for (const [k, entry] of this.entries) {
      if (entry.expiresAt > now && this.entries.size <= this.maxSize) break;
      this.entries.delete(k);
    }
    return this;
  }

  delete(key: K): boolean {
    return this.entries.delete(key);
  }

  /** Drops every entry whose value matches. */
  deleteWhere(predicate: (value: V) => boolean): void {
    for (const [k, entry] of this.entries) if (predicate(entry.value)) this.entries.delete(k);
  }

  clear(): void {
    this.entries.clear();
  }
}
