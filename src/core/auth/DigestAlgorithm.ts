/**
 * The Digest algorithms (RFC 7616 §3.2, §6.1 registry; RFC 8760 §2 for SIP): a hash function,
 * optionally in the "-sess" variant whose A1 also covers the nonce and cnonce (RFC 7616 §3.4.2).
 */
import { AuthenticationError } from "./errors.js";
import type { HashInput } from "./hashes/bytes.js";
import { md5 } from "./hashes/md5.js";
import { sha256 } from "./hashes/sha256.js";
import { sha512_256 } from "./hashes/sha512-256.js";

/** Canonical spelling of the algorithms this module implements. */
export type DigestAlgorithmName = "MD5" | "MD5-sess" | "SHA-256" | "SHA-256-sess" | "SHA-512-256" | "SHA-512-256-sess";

/** The hash function underneath an algorithm (the algorithm without "-sess"). */
export type DigestHashName = "MD5" | "SHA-256" | "SHA-512-256";

/** One Digest algorithm. */
export interface DigestAlgorithm {
  /** Canonical name, as written back into credentials. */
  readonly name: DigestAlgorithmName;
  /** The hash function (an HA1 computed for one algorithm is valid for its "-sess" twin too). */
  readonly hash: DigestHashName;
  /** "-sess": HA1 = H(H(username:realm:password):nonce:cnonce) (RFC 7616 §3.4.2). */
  readonly session: boolean;
  /** Larger is stronger: MD5 1, SHA-256 2, SHA-512-256 3; a "-sess" variant ranks as its hash. */
  readonly strength: number;
  /** Number of hex digits H() produces (32 for MD5, 64 for the SHA-2 ones). */
  readonly hexLength: number;
  /** H(data) as lowercase hex; strings are hashed as UTF-8. */
  digest(data: HashInput): string;
}

/** The hash functions, strongest first. */
const HASHES = [
  ["SHA-512-256", sha512_256],
  ["SHA-256", sha256],
  ["MD5", md5],
] as const;

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
export const DIGEST_ALGORITHMS: readonly DigestAlgorithm[] = Object.freeze(
  HASHES.flatMap(([hash, digest], i) =>
    [false, true].map((session) =>
      Object.freeze({
        name: (session ? `${hash}-sess` : hash) as DigestAlgorithmName,
        hash,
        session,
        strength: 3 - i,
        hexLength: hash === "MD5" ? 32 : 64,
        digest,
      }),
    ),
  ),
);

/** The algorithm whose name is `name` compared case-insensitively. */
function byName(name: string): DigestAlgorithm | undefined {
  return DIGEST_ALGORITHMS.find((algorithm) => algorithm.name.toLowerCase() === name.toLowerCase());
}

/**
 * The MD5 algorithm, which applies when a challenge has no `algorithm` parameter (RFC 7616 §3.3).
 *
 * @example
 * ```ts
 * import { DIGEST_MD5 } from "rxsip/core";
 *
 * console.log(DIGEST_MD5.digest("")); // d41d8cd98f00b204e9800998ecf8427e
 * ```
 */
export const DIGEST_MD5: DigestAlgorithm = DIGEST_ALGORITHMS[4];

/**
 * The algorithm named by an `algorithm` parameter, compared case-insensitively; a missing
 * parameter means MD5 (RFC 7616 §3.3). Returns undefined for algorithms not implemented.
 *
 * @example
 * ```ts
 * import { findDigestAlgorithm } from "rxsip/core";
 *
 * findDigestAlgorithm("sha-256")?.name; // "SHA-256"
 * findDigestAlgorithm("SHA-1"); // undefined: not a Digest algorithm of RFC 7616 / RFC 8760
 * ```
 */
export function findDigestAlgorithm(name: string | null | undefined): DigestAlgorithm | undefined {
  return name == null ? DIGEST_MD5 : byName(name.trim());
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
export function getDigestAlgorithm(name: string | null | undefined): DigestAlgorithm {
  const algorithm = findDigestAlgorithm(name);
  if (!algorithm) throw new AuthenticationError("UNSUPPORTED_ALGORITHM", unsupportedAlgorithmMessage(name));
  return algorithm;
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
  return byName(hash)!;
}

/**
 * Orders algorithms strongest first (a negative result means `a` is preferred): by hash
 * strength only, so algorithms of equal strength keep the server's order when used with a
 * stable sort (RFC 7616 §3.7: the first supported challenge is used unless local policy says otherwise).
 *
 * @example
 * ```ts
 * import { compareDigestAlgorithms, getDigestAlgorithm } from "rxsip/core";
 *
 * const offered = ["MD5", "SHA-256"].map((n) => getDigestAlgorithm(n));
 * offered.sort(compareDigestAlgorithms); // SHA-256 first: the stronger one is preferred
 * ```
 */
export function compareDigestAlgorithms(a: DigestAlgorithm, b: DigestAlgorithm): number {
  return b.strength - a.strength;
}

/** The message of `UNSUPPORTED_ALGORITHM`, naming (the start of) the algorithm. */
export function unsupportedAlgorithmMessage(name: unknown): string {
  return `unsupported Digest algorithm ${JSON.stringify(String(name).slice(0, 40))}`;
}
