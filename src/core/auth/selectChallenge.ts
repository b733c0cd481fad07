/**
 * Choosing which challenges of a 401/407 to answer (RFC 3261 §22.3, RFC 7616 §3.7, RFC 8760 §2.4):
 * one per realm, the strongest enabled Digest algorithm (SHA-512-256 > SHA-256 > MD5; the
 * SHA-2 ones only when `algorithms` holds them), ignoring other schemes and unknown algorithms.
 * Among equally strong ones, the first wins (RFC 7616 §3.7: "the first one it supports").
 */
import type { AuthData } from "../grammar/ast.js";
import type { DigestAlgorithm } from "./DigestAlgorithm.js";
import { type DigestChallenge, type DigestChallengeRejection, digestChallengeOf, isDigestScheme } from "./DigestChallenge.js";
import { AuthenticationError } from "./errors.js";

/** A challenge that was not selected, and why. */
export interface RejectedChallenge {
  readonly reason: DigestChallengeRejection;
  readonly message: string;
  readonly realm: string | undefined;
  readonly source: AuthData;
}

/** Options of {@link analyzeChallenges} and {@link selectChallenge}. */
export interface SelectChallengeOptions {
  /**
   * The algorithms answered besides MD5 and MD5-sess, which always are: e.g. what `sha2Digest()`
   * returns. Challenges naming others are rejected with `UNSUPPORTED_ALGORITHM`.
   */
  readonly algorithms?: readonly DigestAlgorithm[];
  /**
   * Further filter, e.g. "an HA1 computed for SHA-256 in realm X can only answer those";
   * challenges it refuses are rejected with `NO_USABLE_CHALLENGE`.
   */
  readonly accept?: (challenge: DigestChallenge) => boolean;
}

/** Result of {@link analyzeChallenges}. */
export interface ChallengeAnalysis {
  /** The challenge to answer for each realm, in the order the realms first appear. */
  readonly selected: readonly DigestChallenge[];
  /** Every challenge that cannot be answered. */
  readonly rejected: readonly RejectedChallenge[];
}

/**
 * Splits the challenges of one response into the ones to answer (one per realm) and the unusable ones.
 *
 * @example
 * ```ts
 * import { analyzeChallenges, type SipResponse } from "rxsip/core";
 * declare const response: SipResponse; // a 401
 *
 * const { selected, rejected } = analyzeChallenges(response.parseHeaders("WWW-Authenticate", "Challenge"));
 * console.log(selected.map((c) => `${c.realm}: ${c.algorithm.name}`), rejected.map((r) => r.reason));
 * ```
 */
export function analyzeChallenges(challenges: readonly AuthData[], options: SelectChallengeOptions = {}): ChallengeAnalysis {
  const rejected: RejectedChallenge[] = [];
  const selected = bestChallenges(challenges, options, (error, source) =>
    rejected.push({ reason: error.code as DigestChallengeRejection, message: error.message, realm: error.realm, source }),
  );
  return { selected, rejected };
}

/**
 * @internal The challenge to answer for each realm, in the order the realms first appear;
 * `reject` is told why each of the others cannot be answered.
 */
export function bestChallenges(
  challenges: readonly AuthData[] = [],
  { algorithms, accept }: SelectChallengeOptions,
  reject: (error: AuthenticationError, source: AuthData) => void,
): DigestChallenge[] {
  const best = new Map<string, DigestChallenge>();
  for (const source of challenges) {
    const challenge = digestChallengeOf(source, algorithms);
    if (challenge instanceof AuthenticationError) {
      reject(challenge, source);
    } else {
      const current = best.get(challenge.realm);
      if (accept && !accept(challenge)) {
        reject(refusal(challenge), source);
      } else if (!current || challenge.algorithm.strength > current.algorithm.strength) {
        // the strongest algorithm wins; among equals, the first (compareDigestAlgorithms' order)
        best.set(challenge.realm, challenge);
      }
    }
  }
  return [...best.values()];
}

/**
 * The challenge to answer for each realm (strongest algorithm; the first among equals).
 *
 * @example
 * ```ts
 * import { parseHeaderValue, selectChallenges, sha2Digest } from "rxsip/core";
 *
 * const offered = [
 *   parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="a", algorithm=MD5'),
 *   parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="b", algorithm=SHA-256'),
 * ];
 * selectChallenges(offered, { algorithms: sha2Digest() }).map((c) => c.algorithm.name); // ["SHA-256"]: one per realm, the strongest
 * selectChallenges(offered).map((c) => c.algorithm.name); // ["MD5"]: SHA-256 not enabled
 * ```
 */
export function selectChallenges(challenges: readonly AuthData[], options?: SelectChallengeOptions): DigestChallenge[] {
  return analyzeChallenges(challenges, options).selected as DigestChallenge[];
}

/**
 * The strongest usable Digest challenge of `realm`, or of the first realm that has one when
 * `realm` is not given; undefined when there is none.
 *
 * @example
 * ```ts
 * import { parseHeaderValue, selectChallenge } from "rxsip/core";
 *
 * const challenge = selectChallenge([parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="a"')], { realm: "example.com" });
 * ```
 */
export function selectChallenge(
  challenges: readonly AuthData[],
  options: SelectChallengeOptions & { readonly realm?: string } = {},
): DigestChallenge | undefined {
  const { selected } = analyzeChallenges(challenges, options);
  return options.realm === undefined ? selected[0] : selected.find((challenge) => challenge.realm === options.realm);
}

/**
 * The error that explains why none of `rejected` could be answered: the most specific reason
 * wins (unsupported qop, then unsupported algorithm, then malformed), else `NO_USABLE_CHALLENGE`.
 *
 * @example
 * ```ts
 * import { analyzeChallenges, noUsableChallengeError, parseHeaderValue } from "rxsip/core";
 *
 * const analysis = analyzeChallenges([parseHeaderValue("Challenge", 'Digest realm="x", nonce="n", algorithm=SHA-1')]);
 * if (analysis.selected.length === 0) throw noUsableChallengeError(analysis.rejected); // says why each was refused
 * ```
 */
export function noUsableChallengeError(rejected: readonly RejectedChallenge[]): AuthenticationError {
  let found: RejectedChallenge | undefined;
  let foundRank = -1;
  for (const r of rejected) {
    const rank = rejectionRank(r.reason, r.source);
    if (rank > foundRank) [found, foundRank] = [r, rank];
  }
  return found ? new AuthenticationError(found.reason, found.message, found.realm) : noDigestChallengeError();
}

/**
 * @internal How much a refusal says, from -1 (not a Digest challenge: nothing) to 3: a Digest
 * challenge the credentials cannot answer, then malformed, unsupported algorithm, unsupported qop.
 */
export function rejectionRank(reason: string, source: AuthData): number {
  return isDigestScheme(source.scheme) ? REASONS.indexOf(reason) : -1;
}

/** @internal `NO_USABLE_CHALLENGE` for a challenge the credentials cannot answer (an HA1 of another hash or realm). */
export const refusal = ({ algorithm, realm }: DigestChallenge): AuthenticationError =>
  new AuthenticationError("NO_USABLE_CHALLENGE", `the credentials cannot answer a ${algorithm.name} challenge for this realm`, realm);

/** @internal The error of a response with no Digest challenge at all. */
export const noDigestChallengeError = (): AuthenticationError =>
  new AuthenticationError("NO_USABLE_CHALLENGE", "the response has no Digest challenge that can be answered");

/** Why a challenge was refused, from the least to the most specific. */
const REASONS: readonly string[] = ["NO_USABLE_CHALLENGE", "INVALID_CHALLENGE", "UNSUPPORTED_ALGORITHM", "UNSUPPORTED_QOP"];
