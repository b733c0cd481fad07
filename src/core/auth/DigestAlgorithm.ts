/**
 * The Digest algorithms (RFC 7616 §3.2, §6.1 registry; RFC 8760 §2 for SIP): a hash function,
 * optionally in the "-sess" variant whose A1 also covers the nonce and cnonce (RFC 7616 §3.4.2).
 * MD5 and MD5-sess are built in; SHA-256 and SHA-512-256 are enabled by passing what
 * `sha2Digest()` returns, so code that never calls it does not carry the SHA-2 hashes.
 */
import { AuthenticationError } from "./errors.js";
import type { HashInput } from "./hashes/bytes.js";
import { md5 } from "./hashes/md5.js";

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

/**
 * The plain algorithm of a hash and its "-sess" twin, in that order (`hexLength` follows from
 * the hash: 32 digits for MD5, 64 for the SHA-2 ones).
 */
export function digestAlgorithmPair(hash: DigestHashName, strength: number, digest: (data: HashInput) => string): readonly DigestAlgorithm[] {
  return [false, true].map((session) =>
    Object.freeze({
      name: (session ? `${hash}-sess` : hash) as DigestAlgorithmName,
      hash,
      session,
      strength,
      hexLength: hash === "MD5" ? 32 : 64,
      digest,
    }),
  );
}

/** MD5 and MD5-sess: always enabled. */
export const MD5_ALGORITHMS = digestAlgorithmPair("MD5", 1, md5);

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
export const DIGEST_MD5: DigestAlgorithm = MD5_ALGORITHMS[0]!;

/**
 * The algorithm named `name` (compared case-insensitively) among the built-in MD5 ones and
 * `enabled`; a missing name means MD5 (RFC 7616 §3.3). Undefined when it is not among them.
 */
export function enabledDigestAlgorithm(name: string | null | undefined, enabled: readonly DigestAlgorithm[] = []): DigestAlgorithm | undefined {
  if (name == null) return DIGEST_MD5;
  const wanted = name.trim().toLowerCase();
  return [...MD5_ALGORITHMS, ...enabled].find((algorithm) => algorithm.name.toLowerCase() === wanted);
}

/** Like {@link enabledDigestAlgorithm}, but throws `UNSUPPORTED_ALGORITHM` (naming `sha2Digest()`) when not found. */
export function requireDigestAlgorithm(name: string | null | undefined, enabled?: readonly DigestAlgorithm[]): DigestAlgorithm {
  const algorithm = enabledDigestAlgorithm(name, enabled);
  if (!algorithm) throw new AuthenticationError("UNSUPPORTED_ALGORITHM", unsupportedAlgorithmMessage(name));
  return algorithm;
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

/**
 * The message of `UNSUPPORTED_ALGORITHM`: names (the start of) the algorithm and what enables
 * the ones that are not built in.
 */
export function unsupportedAlgorithmMessage(name: unknown): string {
  return `unsupported Digest algorithm ${JSON.stringify(String(name).slice(0, 40))} (sha2Digest() enables SHA-256, SHA-512-256)`;
}
