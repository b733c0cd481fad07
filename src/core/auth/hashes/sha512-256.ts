/**
 * SHA-512 and SHA-512/256 (FIPS 180-4 §6.4, §6.7): SHA-512/256 is SHA-512 with its own initial
 * hash value, the output truncated to the leftmost 256 bits. Used by Digest authentication
 * with algorithm=SHA-512-256 (RFC 7616 §3.2, RFC 8760 for SIP).
 */
import type { HashInput } from "./bytes.js";
import { sha2, sha2Hex, sha2Iv } from "./sha2.js";

let iv256: bigint[] | undefined;

/**
 * The SHA-512/256 initial hash value, derived as FIPS 180-4 §5.3.6 says: SHA-512 from the
 * SHA-512 initial value XOR a5a5a5a5a5a5a5a5, applied to the string "SHA-512/256".
 */
export function sha512_256Iv(): bigint[] {
  return (iv256 ??= sha2("SHA-512/256", true, sha2Iv(true).map((word) => word ^ 0xa5a5a5a5a5a5a5a5n)));
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
  return sha2Hex(sha2(input, true, sha512_256Iv()), true, 4);
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
  return sha2Hex(sha2(input, true, sha2Iv(true)), true);
}
