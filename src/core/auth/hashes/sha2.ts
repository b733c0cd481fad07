/**
 * The SHA-2 compression shared by SHA-256 and SHA-512 (FIPS 180-4 §6.2, §6.4): one loop over
 * BigInt words of 32 or 64 bits, so the 64-bit arithmetic needs no hand-made carries. The round
 * constants and initial values are the fractional parts of square and cube roots of the first
 * primes (FIPS 180-4 §4.2.2-§4.2.3, §5.3.3, §5.3.5), computed once instead of stored: the
 * 32-bit ones of SHA-256 are the upper halves of SHA-512's.
 */
import { type HashInput, padMessage } from "./bytes.js";

/** SHA-512's 80 round constants K (cube roots) followed by its initial hash value H(0) (square roots). */
let roots: bigint[] | undefined;

/** The first 64 bits of the fractional part of `p`^(1/k): floor of the k-th root of p * 2^(64k), by Newton's method from above. */
function fractionalRoot(p: number, k: bigint): bigint {
  const n = BigInt(p) << (64n * k);
  let x = 1n << BigInt(Math.ceil(n.toString(2).length / Number(k)));
  for (let y; (y = ((k - 1n) * x + n / x ** (k - 1n)) / k) < x; ) x = y;
  return x & ((1n << 64n) - 1n);
}

/** SHA-512's constants, or SHA-256's (`long` false: their upper 32 bits): K, or H(0) with `iv`. */
function constants(long: boolean, iv?: boolean): bigint[] {
  if (!roots) {
    const primes: number[] = [];
    for (let n = 2; primes.length < 80; n++) if (primes.every((p) => n % p)) primes.push(n);
    roots = [...primes.map((p) => fractionalRoot(p, 3n)), ...primes.slice(0, 8).map((p) => fractionalRoot(p, 2n))];
  }
  return roots.slice(iv ? 80 : 0, iv ? 88 : long ? 80 : 64).map((word) => (long ? word : word >> 32n));
}

/** The initial hash value of SHA-256 (`long` false) or SHA-512. */
export function sha2Iv(long: boolean): bigint[] {
  return constants(long, true);
}

/** Rotation and shift amounts of Σ0, Σ1, σ0, σ1 (FIPS 180-4 §4.1.2, §4.1.3); σ's third one is a shift. */
const SHIFTS_256 = /*#__PURE__*/ [2, 13, 22, 6, 11, 25, 7, 18, 3, 17, 19, 10].map(BigInt);
const SHIFTS_512 = /*#__PURE__*/ [28, 34, 39, 14, 18, 41, 1, 8, 7, 19, 61, 6].map(BigInt);

/**
 * The final hash value of SHA-256 (`long` false: 32-bit words, 64 rounds) or SHA-512 (64-bit
 * words, 80 rounds) of `input` from the initial hash value `iv`.
 */
export function sha2(input: HashInput, long: boolean, iv: readonly bigint[]): bigint[] {
  const bits = long ? 64n : 32n;
  const mask = (1n << bits) - 1n;
  const k = constants(long);
  const rounds = k.length;
  const r = long ? SHIFTS_512 : SHIFTS_256;
  const rotate = (x: bigint, n: bigint) => ((x >> n) | (x << (bits - n))) & mask;
  // Σ (i = 0, 3) rotates three times; σ (i = 6, 9) rotates twice and shifts.
  const mix = (x: bigint, i: number) => rotate(x, r[i]) ^ rotate(x, r[i + 1]) ^ (i > 5 ? x >> r[i + 2] : rotate(x, r[i + 2]));

  const view = new DataView(padMessage(input, long ? 128 : 64, long ? 16 : 8).buffer);
  const h = [...iv];
  const w: bigint[] = [];
  for (let offset = 0; offset < view.byteLength; offset += long ? 128 : 64) {
    for (let t = 0; t < rounds; t++) {
      w[t] =
        t < 16
          ? long
            ? view.getBigUint64(offset + t * 8)
            : BigInt(view.getUint32(offset + t * 4))
          : (mix(w[t - 2], 9) + w[t - 7] + mix(w[t - 15], 6) + w[t - 16]) & mask;
    }
    let [a, b, c, d, e, f, g, hh] = h;
    for (let t = 0; t < rounds; t++) {
      const t1 = hh + mix(e, 3) + ((e & f) ^ (~e & g)) + k[t] + w[t];
      const t2 = mix(a, 0) + ((a & b) ^ (a & c) ^ (b & c));
      hh = g;
      g = f;
      f = e;
      e = (d + t1) & mask;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) & mask;
    }
    [a, b, c, d, e, f, g, hh].forEach((word, i) => (h[i] = (h[i] + word) & mask));
  }
  return h;
}

/** Lowercase hex of the first `count` words of a SHA-2 hash value. */
export function sha2Hex(h: readonly bigint[], long: boolean, count = 8): string {
  return h
    .slice(0, count)
    .map((word) => word.toString(16).padStart(long ? 16 : 8, "0"))
    .join("");
}
