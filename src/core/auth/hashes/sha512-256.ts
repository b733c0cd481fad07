/**
 * SHA-512/256 (FIPS 180-4 §6.7): SHA-512 with its own initial hash value (§5.3.6.2), the
 * output truncated to the leftmost 256 bits. Used by Digest authentication with
 * algorithm=SHA-512-256 (RFC 7616 §3.2, RFC 8760 for SIP).
 *
 * JavaScript numbers cannot hold 64-bit words, and BigInt is slow, so every 64-bit word is a
 * pair of 32-bit ints (high, low) and the additions carry by hand.
 */
import { type HashInput, padMessage, toBytes, wordHexBE } from "./bytes.js";

/**
 * SHA-512 round constants (FIPS 180-4 §4.2.3): first 64 bits of the fractional parts of the
 * cube roots of the first 80 primes, as (high, low) pairs.
 */
const K = new Int32Array([
  0x428a2f98, 0xd728ae22, 0x71374491, 0x23ef65cd, 0xb5c0fbcf, 0xec4d3b2f, 0xe9b5dba5, 0x8189dbbc,
  0x3956c25b, 0xf348b538, 0x59f111f1, 0xb605d019, 0x923f82a4, 0xaf194f9b, 0xab1c5ed5, 0xda6d8118,
  0xd807aa98, 0xa3030242, 0x12835b01, 0x45706fbe, 0x243185be, 0x4ee4b28c, 0x550c7dc3, 0xd5ffb4e2,
  0x72be5d74, 0xf27b896f, 0x80deb1fe, 0x3b1696b1, 0x9bdc06a7, 0x25c71235, 0xc19bf174, 0xcf692694,
  0xe49b69c1, 0x9ef14ad2, 0xefbe4786, 0x384f25e3, 0x0fc19dc6, 0x8b8cd5b5, 0x240ca1cc, 0x77ac9c65,
  0x2de92c6f, 0x592b0275, 0x4a7484aa, 0x6ea6e483, 0x5cb0a9dc, 0xbd41fbd4, 0x76f988da, 0x831153b5,
  0x983e5152, 0xee66dfab, 0xa831c66d, 0x2db43210, 0xb00327c8, 0x98fb213f, 0xbf597fc7, 0xbeef0ee4,
  0xc6e00bf3, 0x3da88fc2, 0xd5a79147, 0x930aa725, 0x06ca6351, 0xe003826f, 0x14292967, 0x0a0e6e70,
  0x27b70a85, 0x46d22ffc, 0x2e1b2138, 0x5c26c926, 0x4d2c6dfc, 0x5ac42aed, 0x53380d13, 0x9d95b3df,
  0x650a7354, 0x8baf63de, 0x766a0abb, 0x3c77b2a8, 0x81c2c92e, 0x47edaee6, 0x92722c85, 0x1482353b,
  0xa2bfe8a1, 0x4cf10364, 0xa81a664b, 0xbc423001, 0xc24b8b70, 0xd0f89791, 0xc76c51a3, 0x0654be30,
  0xd192e819, 0xd6ef5218, 0xd6990624, 0x5565a910, 0xf40e3585, 0x5771202a, 0x106aa070, 0x32bbd1b8,
  0x19a4c116, 0xb8d2d0c8, 0x1e376c08, 0x5141ab53, 0x2748774c, 0xdf8eeb99, 0x34b0bcb5, 0xe19b48a8,
  0x391c0cb3, 0xc5c95a63, 0x4ed8aa4a, 0xe3418acb, 0x5b9cca4f, 0x7763e373, 0x682e6ff3, 0xd6b2b8a3,
  0x748f82ee, 0x5defb2fc, 0x78a5636f, 0x43172f60, 0x84c87814, 0xa1f0ab72, 0x8cc70208, 0x1a6439ec,
  0x90befffa, 0x23631e28, 0xa4506ceb, 0xde82bde9, 0xbef9a3f7, 0xb2c67915, 0xc67178f2, 0xe372532b,
  0xca273ece, 0xea26619c, 0xd186b8c7, 0x21c0c207, 0xeada7dd6, 0xcde0eb1e, 0xf57d4f7f, 0xee6ed178,
  0x06f067aa, 0x72176fba, 0x0a637dc5, 0xa2c898a6, 0x113f9804, 0xbef90dae, 0x1b710b35, 0x131c471b,
  0x28db77f5, 0x23047d84, 0x32caab7b, 0x40c72493, 0x3c9ebe0a, 0x15c9bebc, 0x431d67c4, 0x9c100d4c,
  0x4cc5d4be, 0xcb3e42b6, 0x597f299c, 0xfc657e2a, 0x5fcb6fab, 0x3ad6faec, 0x6c44198c, 0x4a475817,
]);

/** SHA-512 initial hash value (FIPS 180-4 §5.3.5), as (high, low) pairs. */
export const SHA512_IV: readonly number[] = [
  0x6a09e667, 0xf3bcc908, 0xbb67ae85, 0x84caa73b, 0x3c6ef372, 0xfe94f82b, 0xa54ff53a, 0x5f1d36f1,
  0x510e527f, 0xade682d1, 0x9b05688c, 0x2b3e6c1f, 0x1f83d9ab, 0xfb41bd6b, 0x5be0cd19, 0x137e2179,
];

/** SHA-512/256 initial hash value (FIPS 180-4 §5.3.6.2), as (high, low) pairs. */
export const SHA512_256_IV: readonly number[] = [
  0x22312194, 0xfc2bf72c, 0x9f555fa3, 0xc84c64c2, 0x2393b86b, 0x6f53b151, 0x96387719, 0x5940eabd,
  0x96283ee2, 0xa88effe3, 0xbe5e1e25, 0x53863992, 0x2b0199fc, 0x2c85b8aa, 0x0eb72ddc, 0x81c52ca2,
];

/**
 * The SHA-512 computation (FIPS 180-4 §6.4) from the initial hash value `iv` (16 ints: 8
 * (high, low) pairs); returns the final hash value in the same layout. Exposed for SHA-512/t
 * variants and for the test that derives the SHA-512/256 IV (§5.3.6).
 */
export function sha512State(input: HashInput, iv: readonly number[]): Int32Array {
  const data = padMessage(toBytes(input), 128, 16, false);
  const h = new Int32Array(iv);
  const w = new Int32Array(160);

  for (let offset = 0; offset < data.length; offset += 128) {
    for (let i = 0; i < 32; i++) {
      const p = offset + i * 4;
      w[i] = (data[p] << 24) | (data[p + 1] << 16) | (data[p + 2] << 8) | data[p + 3];
    }
    for (let t = 16; t < 80; t++) {
      // σ0(W[t-15]) = ROTR1 ^ ROTR8 ^ SHR7
      const xh = w[(t - 15) * 2];
      const xl = w[(t - 15) * 2 + 1];
      const s0h = ((xh >>> 1) | (xl << 31)) ^ ((xh >>> 8) | (xl << 24)) ^ (xh >>> 7);
      const s0l = ((xl >>> 1) | (xh << 31)) ^ ((xl >>> 8) | (xh << 24)) ^ ((xl >>> 7) | (xh << 25));
      // σ1(W[t-2]) = ROTR19 ^ ROTR61 ^ SHR6
      const yh = w[(t - 2) * 2];
      const yl = w[(t - 2) * 2 + 1];
      const s1h = ((yh >>> 19) | (yl << 13)) ^ ((yl >>> 29) | (yh << 3)) ^ (yh >>> 6);
      const s1l = ((yl >>> 19) | (yh << 13)) ^ ((yh >>> 29) | (yl << 3)) ^ ((yl >>> 6) | (yh << 26));
      // W[t] = σ1 + W[t-7] + σ0 + W[t-16]
      const lo = (s1l >>> 0) + (w[(t - 7) * 2 + 1] >>> 0) + (s0l >>> 0) + (w[(t - 16) * 2 + 1] >>> 0);
      w[t * 2] = s1h + w[(t - 7) * 2] + s0h + w[(t - 16) * 2] + Math.floor(lo / 0x100000000);
      w[t * 2 + 1] = lo;
    }

    let ah = h[0], al = h[1], bh = h[2], bl = h[3], ch = h[4], cl = h[5], dh = h[6], dl = h[7];
    let eh = h[8], el = h[9], fh = h[10], fl = h[11], gh = h[12], gl = h[13], hh = h[14], hl = h[15];

    for (let t = 0; t < 80; t++) {
      // Σ1(e) = ROTR14 ^ ROTR18 ^ ROTR41
      const S1h = ((eh >>> 14) | (el << 18)) ^ ((eh >>> 18) | (el << 14)) ^ ((el >>> 9) | (eh << 23));
      const S1l = ((el >>> 14) | (eh << 18)) ^ ((el >>> 18) | (eh << 14)) ^ ((eh >>> 9) | (el << 23));
      // Ch(e, f, g)
      const Chh = (eh & fh) ^ (~eh & gh);
      const Chl = (el & fl) ^ (~el & gl);
      // T1 = h + Σ1 + Ch + K[t] + W[t]
      const t1l = (hl >>> 0) + (S1l >>> 0) + (Chl >>> 0) + (K[t * 2 + 1] >>> 0) + (w[t * 2 + 1] >>> 0);
      const t1h = (hh + S1h + Chh + K[t * 2] + w[t * 2] + Math.floor(t1l / 0x100000000)) | 0;
      // Σ0(a) = ROTR28 ^ ROTR34 ^ ROTR39
      const S0h = ((ah >>> 28) | (al << 4)) ^ ((al >>> 2) | (ah << 30)) ^ ((al >>> 7) | (ah << 25));
      const S0l = ((al >>> 28) | (ah << 4)) ^ ((ah >>> 2) | (al << 30)) ^ ((ah >>> 7) | (al << 25));
      // Maj(a, b, c)
      const Mh = (ah & bh) ^ (ah & ch) ^ (bh & ch);
      const Ml = (al & bl) ^ (al & cl) ^ (bl & cl);
      // T2 = Σ0 + Maj
      const t2l = (S0l >>> 0) + (Ml >>> 0);
      const t2h = S0h + Mh + Math.floor(t2l / 0x100000000);

      hh = gh; hl = gl;
      gh = fh; gl = fl;
      fh = eh; fl = el;
      // e = d + T1
      const el2 = (dl >>> 0) + (t1l >>> 0);
      eh = (dh + t1h + Math.floor(el2 / 0x100000000)) | 0;
      el = el2 | 0;
      dh = ch; dl = cl;
      ch = bh; cl = bl;
      bh = ah; bl = al;
      // a = T1 + T2
      const al2 = (t1l >>> 0) + (t2l >>> 0);
      ah = (t1h + t2h + Math.floor(al2 / 0x100000000)) | 0;
      al = al2 | 0;
    }

    add64(h, 0, ah, al);
    add64(h, 2, bh, bl);
    add64(h, 4, ch, cl);
    add64(h, 6, dh, dl);
    add64(h, 8, eh, el);
    add64(h, 10, fh, fl);
    add64(h, 12, gh, gl);
    add64(h, 14, hh, hl);
  }
  return h;
}

/** h[i..i+1] += (high, low), modulo 2^64. */
function add64(h: Int32Array, i: number, high: number, low: number): void {
  const lo = (h[i + 1] >>> 0) + (low >>> 0);
  h[i] = h[i] + high + Math.floor(lo / 0x100000000);
  h[i + 1] = lo;
}

function stateHex(h: Int32Array, words: number): string {
  let hex = "";
  for (let i = 0; i < words; i++) hex += wordHexBE(h[i]);
  return hex;
}

/**
 * SHA-512/256 of `input` (a string is hashed as UTF-8) as 64 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { sha512_256 } from "rxsip/core";
 *
 * sha512_256("abc"); // "53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23"
 * ```
 */
export function sha512_256(input: HashInput): string {
  return stateHex(sha512State(input, SHA512_256_IV), 8);
}

/**
 * SHA-512 of `input` (a string is hashed as UTF-8) as 128 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { sha512 } from "rxsip/core";
 *
 * sha512("abc").slice(0, 16); // "ddaf35a193617aba"
 * ```
 */
export function sha512(input: HashInput): string {
  return stateHex(sha512State(input, SHA512_IV), 16);
}
