/**
 * Byte helpers shared by the hash functions: UTF-8 encoding (RFC 3629), Merkle-Damgård
 * padding and hex output. Pure TypeScript, no TextEncoder, so the module runs anywhere synchronously.
 */

/** What the hash functions accept: a string (hashed as UTF-8) or raw bytes. */
export type HashInput = string | Uint8Array;

/**
 * Encodes a string as UTF-8 (RFC 3629). Lone surrogates become U+FFFD (EF BF BD),
 * which is what TextEncoder and Node's Buffer do.
 *
 * @example
 * ```ts
 * import { md5, utf8Encode } from "rxsip/core";
 *
 * utf8Encode("é").length; // 2
 * md5(utf8Encode("a body hashed for qop=auth-int"));
 * ```
 */
export function utf8Encode(text: string): Uint8Array {
  // Worst case is 3 bytes per UTF-16 code unit (a surrogate pair is 4 bytes for 2 units).
  const out = new Uint8Array(text.length * 3);
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    let c = text.codePointAt(i)!;
    if (c > 0xffff) i++; // a valid surrogate pair: one code point, two units
    else if (c >> 11 === 0x1b) c = 0xfffd; // a lone surrogate (U+D800-U+DFFF)
    if (c < 0x80) {
      out[n++] = c;
    } else {
      // The lead byte carries the top bits; continuation bytes carry 6 bits each.
      const extra = c < 0x800 ? 1 : c < 0x10000 ? 2 : 3;
      out[n++] = ((0xff00 >> (extra + 1)) & 0xff) | (c >> (6 * extra));
      for (let k = extra - 1; k >= 0; k--) out[n++] = 0x80 | ((c >> (6 * k)) & 0x3f);
    }
  }
  return out.subarray(0, n);
}

/**
 * The bytes of `input` (strings as UTF-8) in a new buffer padded as MD5 and SHA-2 require
 * (RFC 1321 §3.1-3.2, FIPS 180-4 §5.1): a 0x80 byte, zeros, then the message length in bits
 * in the last 8 bytes, little-endian for MD5 (`littleEndian`), big-endian for SHA-2 (a SHA-512
 * length field is 16 bytes; its upper 8 stay zero here). The length is a multiple of `blockSize`.
 */
export function padMessage(input: HashInput, blockSize: number, lengthBytes: number, littleEndian?: boolean): Uint8Array {
  const bytes = typeof input === "string" ? utf8Encode(input) : input;
  const len = bytes.length;
  const total = Math.ceil((len + 1 + lengthBytes) / blockSize) * blockSize;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[len] = 0x80;
  let bits = len * 8;
  for (let i = 1; i <= 8; i++, bits = Math.floor(bits / 256)) out[littleEndian ? total - 9 + i : total - i] = bits % 256;
  return out;
}

/** Lowercase hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += (b | 256).toString(16).slice(1);
  return s;
}
