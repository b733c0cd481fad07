/**
 * Every Digest algorithm rxsip implements, for `rxsip/core` code that looks algorithms up by
 * name (a registrar checking credentials, a tool computing an HA1). It imports the SHA-2
 * hashes: the user agent's own code uses `enabledDigestAlgorithm` with the algorithms the
 * application enabled instead.
 */
import { type DigestAlgorithm, type DigestHashName, enabledDigestAlgorithm, MD5_ALGORITHMS, requireDigestAlgorithm } from "./DigestAlgorithm.js";
import { sha2Digest } from "./sha2Digest.js";

/**
 * Every implemented algorithm, strongest first; within a hash the plain variant precedes "-sess".
 *
 * @example
 * ```ts
 * import { DIGEST_ALGORITHMS } from "rxsip/core";
 *
 * console.log(DIGEST_ALGORITHMS.map((a) => a.name)); // strongest first: SHA-512-256, ..., MD5-sess
 * ```
 */
// pure: a bundle that does not read it drops it, and with it the SHA-2 code (when the package is one file)
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = /*#__PURE__*/ Object.freeze(/*#__PURE__*/ sha2Digest().concat(MD5_ALGORITHMS));

/**
 * The algorithm named by an `algorithm` parameter, compared case-insensitively; a missing
 * parameter means MD5 (RFC 7616 §3.3). Returns undefined for algorithms not implemented
 * (or, when `algorithms` is given, not among them or MD5 / MD5-sess).
 *
 * @example
 * ```ts
 * import { findDigestAlgorithm } from "rxsip/core";
 *
 * findDigestAlgorithm("sha-256")?.name; // "SHA-256"
 * findDigestAlgorithm("SHA-1"); // undefined: not a Digest algorithm of RFC 7616 / RFC 8760
 * findDigestAlgorithm("SHA-256", []); // undefined: only MD5 and MD5-sess enabled
 * ```
 */
export function findDigestAlgorithm(name: string | null | undefined, algorithms: readonly DigestAlgorithm[] = DIGEST_ALGORITHMS): DigestAlgorithm | undefined {
  return enabledDigestAlgorithm(name, algorithms);
}

/**
 * Like {@link findDigestAlgorithm}, but throws `UNSUPPORTED_ALGORITHM` for unknown names.
 *
 * @example
 * ```ts
 * import { AuthenticationError, getDigestAlgorithm } from "rxsip/core";
 *
 * getDigestAlgorithm(undefined).name; // "MD5": what a challenge without algorithm= means
 * try {
 *   getDigestAlgorithm("SHA-1");
 * } catch (e) {
 *   if (e instanceof AuthenticationError) console.log(e.code); // UNSUPPORTED_ALGORITHM
 * }
 * ```
 */
export function getDigestAlgorithm(name: string | null | undefined, algorithms: readonly DigestAlgorithm[] = DIGEST_ALGORITHMS): DigestAlgorithm {
  return requireDigestAlgorithm(name, algorithms);
}

/**
 * The plain (non "-sess") algorithm of a hash, e.g. to say which algorithm an HA1 was computed with.
 *
 * @example
 * ```ts
 * import { digestAlgorithmOfHash } from "rxsip/core";
 *
 * // an HA1 stored for SHA-256 answers SHA-256 (and SHA-256-sess) challenges
 * digestAlgorithmOfHash("SHA-256").digest("alice:example.com:secret");
 * ```
 */
export function digestAlgorithmOfHash(hash: DigestHashName): DigestAlgorithm {
  return findDigestAlgorithm(hash)!;
}
