import { defaultRandomSource, type RandomSource } from "../transactions/index.js";

let shared: RandomSource | undefined;

/** One pool of `crypto.getRandomValues` bytes for every user agent core made without a random source. */
export function sharedRandomSource(): RandomSource {
  return (shared ??= pooledRandomSource());
}

/**
 * A random source that asks `source` (default `crypto.getRandomValues`) for `size` bytes at a
 * time and hands them out in order. A call takes a dozen tags, branches and Call-ID parts of
 * 4 to 12 bytes each; one `getRandomValues` per identifier costs more than the rest of making
 * it. The bytes are the platform's cryptographic ones either way, each used once.
 */
export function pooledRandomSource(source: RandomSource = defaultRandomSource(), size = 4096): RandomSource {
  const pool = new Uint8Array(size);
  let pos = size;
  return (target) => {
    const n = target.length;
    if (n > size) return source(target);
    if (pos + n > size) {
      source(pool);
      pos = 0;
    }
    target.set(pool.subarray(pos, pos + n));
    pool.fill(0, pos, pos + n); // a byte handed out is not kept
    pos += n;
    return target;
  };
}
