/**
 * Byte helpers shared by the hash functions: UTF-8 encoding (RFC 3629), Merkle-Damgård
 * padding. All synchronous, so hashing is too.
 */

/** What the hash functions accept: a string (hashed as UTF-8) or raw bytes. */
export type HashInput = string | Uint8Array;

/**
 * Encodes a string as UTF-8 (RFC 3629), with TextEncoder as the message parser does. Lone
 * surrogates become U+FFFD (EF BF BD), as with Node's Buffer.
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
  return new TextEncoder().encode(text);
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
