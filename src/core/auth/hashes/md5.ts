/**
 * MD5 message digest (RFC 1321), written in plain TypeScript so it runs synchronously in
 * browsers and Node alike. Used by HTTP/SIP Digest authentication (RFC 7616, RFC 3261 §22.4);
 * MD5 is not collision resistant and is kept here only for interoperability.
 */
import { type HashInput, padMessage } from "./bytes.js";

/** Left-rotation amounts, four per round (RFC 1321 §3.4). */
const SHIFTS = [7, 12, 17, 22, 5, 9, 14, 20, 4, 11, 16, 23, 6, 10, 15, 21];

/**
 * Per-step additive constants T[i] = floor(2^32 * |sin(i + 1)|) (RFC 1321 §3.4), computed on
 * first use (each value is at least 0.015 away from an integer, far beyond Math.sin's error).
 */
let T: number[] | undefined;

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
  T ??= Array.from({ length: 64 }, (_, i) => Math.floor(Math.abs(Math.sin(i + 1)) * 2 ** 32) | 0);
  const view = new DataView(padMessage(input, 64, 8, true).buffer);
  // Initial chaining values A, B, C, D (RFC 1321 §3.3).
  const h = [0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476];
  for (let offset = 0; offset < view.byteLength; offset += 64) {
    let [a, b, c, d] = h;
    // Four rounds of 16 steps (RFC 1321 §3.4): a = b + ((a + F(b, c, d) + X[k] + T[i]) <<< s).
    for (let i = 0; i < 64; i++) {
      const round = i >> 4;
      const f = round === 0 ? (b & c) | (~b & d) : round === 1 ? (b & d) | (c & ~d) : round === 2 ? b ^ c ^ d : c ^ (b | ~d);
      const k = round === 0 ? i : round === 1 ? 5 * i + 1 : round === 2 ? 3 * i + 5 : 7 * i;
      const sum = (a + f + T[i] + view.getInt32(offset + (k & 15) * 4, true)) | 0;
      const s = SHIFTS[(round << 2) | (i & 3)];
      a = d;
      d = c;
      c = b;
      b = (b + ((sum << s) | (sum >>> (32 - s)))) | 0;
    }
    [a, b, c, d].forEach((word, i) => (h[i] = (h[i] + word) | 0));
  }
  // The words' bytes low-order first (RFC 1321 §3.5), each as two hex digits.
  let hex = "";
  for (const word of h) for (let shift = 0; shift < 32; shift += 8) hex += (((word >>> shift) & 255) | 256).toString(16).slice(1);
  return hex;
}
