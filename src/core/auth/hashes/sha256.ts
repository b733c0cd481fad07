/**
 * SHA-256 (FIPS 180-4 §6.2), written in plain TypeScript so it runs synchronously in
 * browsers and Node alike. Used by Digest authentication with algorithm=SHA-256
 * (RFC 7616 §3.2, RFC 8760 for SIP).
 */
import type { HashInput } from "./bytes.js";
import { sha2, sha2Hex, sha2Iv } from "./sha2.js";

/**
 * SHA-256 of `input` (a string is hashed as UTF-8) as 64 lowercase hex digits.
 *
 * @example
 * ```ts
 * import { sha256 } from "rxsip/core";
 *
 * sha256("abc"); // "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
 * ```
 */
export function sha256(input: HashInput): string {
  return sha2Hex(sha2(input, false, sha2Iv(false)), false);
}
