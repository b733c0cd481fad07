/**
 * MD5 message digest (RFC 1321), written in plain TypeScript so it runs synchronously in
 * browsers and Node alike. Used by HTTP/SIP Digest authentication (RFC 7616, RFC 3261 §22.4);
 * MD5 is not collision resistant and is kept here only for interoperability.
 */
import { type HashInput, padMessage, toBytes, wordHexLE } from "./bytes.js";

/** Per-step additive constants T[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321 §3.4). */
const T = new Int32Array([
  0xd76aa478, 0xe8c7b756, 0x242070db, 0xc1bdceee, 0xf57c0faf, 0x4787c62a, 0xa8304613, 0xfd469501,
  0x698098d8, 0x8b44f7af, 0xffff5bb1, 0x895cd7be, 0x6b901122, 0xfd987193, 0xa679438e, 0x49b40821,
  0xf61e2562, 0xc040b340, 0x265e5a51, 0xe9b6c7aa, 0xd62f105d, 0x02441453, 0xd8a1e681, 0xe7d3fbc8,
  0x21e1cde6, 0xc33707d6, 0xf4d50d87, 0x455a14ed, 0xa9e3e905, 0xfcefa3f8, 0x676f02d9, 0x8d2a4c8a,
  0xfffa3942, 0x8771f681, 0x6d9d6122, 0xfde5380c, 0xa4beea44, 0x4bdecfa9, 0xf6bb4b60, 0xbebfbc70,
  0x289b7ec6, 0xeaa127fa, 0xd4ef3085, 0x04881d05, 0xd9d4d039, 0xe6db99e5, 0x1fa27cf8, 0xc4ac5665,
  0xf4292244, 0x432aff97, 0xab9423a7, 0xfc93a039, 0x655b59c3, 0x8f0ccc92, 0xffeff47d, 0x85845dd1,
  0x6fa87e4f, 0xfe2ce6e0, 0xa3014314, 0x4e0811a1, 0xf7537e82, 0xbd3af235, 0x2ad7d2bb, 0xeb86d391,
]);

/** Left-rotation amounts, four per round (RFC 1321 §3.4). */
const SHIFTS = new Int32Array([7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21]);

/**
 * MD5 of `input` (a string is hashed as UTF-8) as 32 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { md5 } from "rxsip/core";
 *
 * md5(""); // "d41d8cd98f00b204e9800998ecf8427e"
 * ```
 */
export function md5(input: HashInput): string {
  const data = padMessage(toBytes(input), 64, 8, true);
  // Initial chaining values A, B, C, D (RFC 1321 §3.3).
  let h0 = 0x67452301;
  let h1 = 0xefcdab89 | 0;
  let h2 = 0x98badcfe | 0;
  let h3 = 0x10325476;
  const x = new Int32Array(16);

  for (let offset = 0; offset < data.length; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const p = offset + i * 4;
      x[i] = data[p] | (data[p + 1] << 8) | (data[p + 2] << 16) | (data[p + 3] << 24);
    }
    let a = h0;
    let b = h1;
    let c = h2;
    let d = h3;
    // Four rounds of 16 steps (RFC 1321 §3.4): a = b + ((a + F(b, c, d) + X[k] + T[i]) <<< s).
    for (let i = 0; i < 16; i++) {
      const sum = (a + ((b & c) | (~b & d)) + T[i] + x[i]) | 0;
      const s = SHIFTS[i & 3];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    for (let i = 16; i < 32; i++) {
      const sum = (a + ((b & d) | (c & ~d)) + T[i] + x[(5 * i + 1) & 15]) | 0;
      const s = SHIFTS[4 | (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    for (let i = 32; i < 48; i++) {
      const sum = (a + (b ^ c ^ d) + T[i] + x[(3 * i + 5) & 15]) | 0;
      const s = SHIFTS[8 | (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    for (let i = 48; i < 64; i++) {
      const sum = (a + (c ^ (b | ~d)) + T[i] + x[(7 * i) & 15]) | 0;
      const s = SHIFTS[12 | (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    h0 = (h0 + a) | 0;
    h1 = (h1 + b) | 0;
    h2 = (h2 + c) | 0;
    h3 = (h3 + d) | 0;
  }
  return wordHexLE(h0) + wordHexLE(h1) + wordHexLE(h2) + wordHexLE(h3);
}
