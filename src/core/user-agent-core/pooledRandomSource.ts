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
 *
 * @example
 * ```ts
 * import { NameAddr, pooledRandomSource, Uri, UserAgentCore, type CoreTransport } from "rxsip/core";
 * declare const transport: CoreTransport;
 *
 * // one pool of 16 KiB for a core that makes many calls
 * const core = new UserAgentCore({
 *   transport,
 *   aor: Uri.sip("alice", "example.com"),
 *   contact: new NameAddr({ uri: Uri.sip("alice", "192.0.2.4") }),
 *   random: pooledRandomSource(undefined, 16384),
 * });
 * ```
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
