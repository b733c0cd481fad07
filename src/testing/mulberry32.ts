/**
 * A small seeded pseudo-random generator (Tommy Ettinger's mulberry32): the same seed
 * gives the same sequence on every run and every platform, which is what makes the
 * network's impairments reproducible. Not for cryptography.
 *
 * @example
 * ```ts
 * import { mulberry32 } from "rxsip/testing";
 *
 * const random = mulberry32(42);
 * random(); // 0.6011037519201636, and the same on every run
 * ```
 *
 * @returns a function giving numbers in [0, 1).
 */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
