/**
 * Byte helpers shared by the hash functions: UTF-8 encoding (RFC 3629) and hex output.
 * Pure TypeScript, no TextEncoder, so the module runs anywhere synchronously.
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
    let c = text.charCodeAt(i);
    if (c < 0x80) {
      out[n++] = c;
      continue;
    }
    if (c < 0x800) {
      out[n++] = 0xc0 | (c >>> 6);
      out[n++] = 0x80 | (c & 0x3f);
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) {
      const next = i + 1 < text.length ? text.charCodeAt(i + 1) : 0;
      if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) {
        const cp = 0x10000 + ((c - 0xd800) << 10) + (next - 0xdc00);
        i++;
        out[n++] = 0xf0 | (cp >>> 18);
        out[n++] = 0x80 | ((cp >>> 12) & 0x3f);
        out[n++] = 0x80 | ((cp >>> 6) & 0x3f);
        out[n++] = 0x80 | (cp & 0x3f);
        continue;
      }
      c = 0xfffd;
    }
    out[n++] = 0xe0 | (c >>> 12);
    out[n++] = 0x80 | ((c >>> 6) & 0x3f);
    out[n++] = 0x80 | (c & 0x3f);
  }
  return out.subarray(0, n);
}

/** The bytes to hash: strings are UTF-8 encoded, byte arrays are used as they are. */
export function toBytes(input: HashInput): Uint8Array {
  return typeof input === "string" ? utf8Encode(input) : input;
}

const HEX = "0123456789abcdef";

/** Lowercase hex of a 32-bit word, most significant byte first (big-endian). */
export function wordHexBE(word: number): string {
  let s = "";
  for (let shift = 28; shift >= 0; shift -= 4) s += HEX[(word >>> shift) & 0xf];
  return s;
}

/** Lowercase hex of a 32-bit word, least significant byte first (little-endian, as MD5 outputs). */
export function wordHexLE(word: number): string {
  let s = "";
  for (let byte = 0; byte < 4; byte++) {
    const b = (word >>> (byte * 8)) & 0xff;
    s += HEX[b >>> 4] + HEX[b & 0xf];
  }
  return s;
}

/**
 * Copies `bytes` into a new buffer padded as MD5 and SHA-1/SHA-2 require (RFC 1321 §3.1-3.2,
 * FIPS 180-4 §5.1): a 0x80 byte, zeros, then the message length in bits in the last
 * `lengthBytes` bytes (8 for MD5/SHA-256, 16 for SHA-512), little- or big-endian.
 * The result's length is a multiple of `blockSize`.
 */
export function padMessage(bytes: Uint8Array, blockSize: number, lengthBytes: number, littleEndian: boolean): Uint8Array {
  const len = bytes.length;
  const total = Math.ceil((len + 1 + lengthBytes) / blockSize) * blockSize;
  const out = new Uint8Array(total);
  out.set(bytes);
  out[len] = 0x80;
  // Bit length as 64 bits: low and high 32-bit halves (messages beyond 2^53 bytes do not exist here).
  const bitsLow = (len << 3) >>> 0;
  const bitsHigh = Math.floor(len / 0x20000000) >>> 0;
  if (littleEndian) {
    writeWordLE(out, total - 8, bitsLow);
    writeWordLE(out, total - 4, bitsHigh);
  } else {
    writeWordBE(out, total - 8, bitsHigh);
    writeWordBE(out, total - 4, bitsLow);
  }
  return out;
}

function writeWordLE(out: Uint8Array, at: number, word: number): void {
  out[at] = word & 0xff;
  out[at + 1] = (word >>> 8) & 0xff;
  out[at + 2] = (word >>> 16) & 0xff;
  out[at + 3] = (word >>> 24) & 0xff;
}

function writeWordBE(out: Uint8Array, at: number, word: number): void {
  out[at] = (word >>> 24) & 0xff;
  out[at + 1] = (word >>> 16) & 0xff;
  out[at + 2] = (word >>> 8) & 0xff;
  out[at + 3] = word & 0xff;
}

/** Lowercase hex of bytes. */
export function bytesToHex(bytes: Uint8Array): string {
  let s = "";
  for (let i = 0; i < bytes.length; i++) s += HEX[bytes[i] >>> 4] + HEX[bytes[i] & 0xf];
  return s;
}
