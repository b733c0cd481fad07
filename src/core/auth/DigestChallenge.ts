/**
 * Reading a Digest challenge (the `AuthData` of one WWW-Authenticate / Proxy-Authenticate
 * value, RFC 3261 §20.44 / §20.27) into typed fields, following RFC 7616 §3.3.
 */
import type { AuthData } from "../grammar/ast.js";
import { type DigestAlgorithm, enabledDigestAlgorithm, unsupportedAlgorithmMessage } from "./DigestAlgorithm.js";
import { AuthenticationError, type AuthenticationErrorCode } from "./errors.js";

/** The quality-of-protection values this module implements (RFC 7616 §3.3). */
export type DigestQop = "auth" | "auth-int";

/** A Digest challenge this module can answer. */
export interface DigestChallenge {
  /** Protection space; compared case-sensitively (RFC 7616 §3.3). */
  readonly realm: string;
  readonly nonce: string;
  /** The `algorithm` parameter, MD5 when absent. */
  readonly algorithm: DigestAlgorithm;
  /** Whether the challenge named the algorithm (credentials echo it only then). */
  readonly algorithmGiven: boolean;
  /**
   * Supported qop values offered, in the server's order; undefined when the challenge has no
   * `qop` parameter (RFC 2069 compatibility: the response is then computed without nc/cnonce).
   */
  readonly qop: readonly DigestQop[] | undefined;
  readonly opaque: string | undefined;
  /** `stale=true`: the previous nonce expired, the credentials were fine (RFC 7616 §3.3). */
  readonly stale: boolean;
  /** `userhash=true`: the server accepts a hashed username (RFC 7616 §3.4.4). */
  readonly userhash: boolean;
  /** The challenge as given. */
  readonly source: AuthData;
}

/** Why a challenge cannot be answered. */
export type DigestChallengeRejection = Extract<
  AuthenticationErrorCode,
  "UNSUPPORTED_ALGORITHM" | "UNSUPPORTED_QOP" | "INVALID_CHALLENGE" | "NO_USABLE_CHALLENGE"
>;

/** Result of {@link readDigestChallenge}. */
export type DigestChallengeResult =
  | { readonly ok: true; readonly challenge: DigestChallenge }
  | {
      readonly ok: false;
      /** `NO_USABLE_CHALLENGE` stands for "not the Digest scheme". */
      readonly reason: DigestChallengeRejection;
      readonly message: string;
      readonly realm: string | undefined;
      readonly source: AuthData;
    };

/**
 * True for the Digest scheme, whatever its case (auth-scheme is case-insensitive, RFC 7235 §2.1).
 *
 * @example
 * ```ts
 * import { isDigestScheme, parseHeaderValue } from "rxsip/core";
 *
 * const challenge = parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="abc"');
 * isDigestScheme(challenge.scheme); // true ("digest" in any case)
 * ```
 */
export function isDigestScheme(scheme: string): boolean {
  return scheme.toLowerCase() === "digest";
}

/**
 * Reads `AuthData` as a Digest challenge, or says why it cannot be answered. MD5 and
 * MD5-sess are always supported; other algorithms only when in `algorithms` (e.g. what
 * `sha2Digest()` returns): a challenge naming another one is `UNSUPPORTED_ALGORITHM`.
 *
 * @example
 * ```ts
 * import { parseHeaderValue, readDigestChallenge } from "rxsip/core";
 *
 * const result = readDigestChallenge(parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="abc", algorithm=SHA-1'));
 * if (!result.ok) console.log(result.reason); // UNSUPPORTED_ALGORITHM
 * ```
 */
export function readDigestChallenge(data: AuthData, algorithms?: readonly DigestAlgorithm[]): DigestChallengeResult {
  const challenge = digestChallengeOf(data, algorithms);
  return challenge instanceof AuthenticationError
    ? { ok: false, reason: challenge.code as DigestChallengeRejection, message: challenge.message, realm: challenge.realm, source: data }
    : { ok: true, challenge };
}

/** @internal The challenge `data` holds, or the error saying why it cannot be answered (returned, not thrown). */
export function digestChallengeOf(data: AuthData, algorithms?: readonly DigestAlgorithm[]): DigestChallenge | AuthenticationError {
  const params = data.params;
  const { realm, nonce } = params;
  const algorithm = enabledDigestAlgorithm(params.algorithm, algorithms);
  const qop = params.qop
    ?.split(",")
    .map((value) => value.trim().toLowerCase())
    .filter((value): value is DigestQop => value === "auth" || value === "auth-int");
  const fail = (reason: DigestChallengeRejection, message: string) => new AuthenticationError(reason, message, realm);

  if (!isDigestScheme(data.scheme)) return fail("NO_USABLE_CHALLENGE", `the ${JSON.stringify(data.scheme.slice(0, 20))} scheme is not supported`);
  if (!algorithm) return fail("UNSUPPORTED_ALGORITHM", unsupportedAlgorithmMessage(params.algorithm));
  if (realm === undefined) return fail("INVALID_CHALLENGE", "the Digest challenge has no realm");
  if (!nonce) return fail("INVALID_CHALLENGE", "the Digest challenge has no nonce");
  if (qop?.length === 0) return fail("UNSUPPORTED_QOP", "none of the offered qop values is supported (auth, auth-int)");

  const flag = (value: string | undefined) => value?.trim().toLowerCase() === "true";
  return Object.freeze({
    realm,
    nonce,
    algorithm,
    algorithmGiven: params.algorithm !== undefined,
    qop: qop && Object.freeze(qop),
    opaque: params.opaque,
    stale: flag(params.stale),
    userhash: flag(params.userhash),
    source: data,
  });
}

/**
 * Like {@link readDigestChallenge}, but throws an {@link AuthenticationError} when unusable.
 *
 * @example
 * ```ts
 * import { parseHeaderValue, sha2Digest, toDigestChallenge } from "rxsip/core";
 *
 * const challenge = toDigestChallenge(
 *   parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="abc", qop="auth,auth-int", algorithm=SHA-256'),
 *   sha2Digest(),
 * );
 * console.log(challenge.algorithm.name, challenge.qop); // SHA-256 [ 'auth', 'auth-int' ]
 * ```
 */
export function toDigestChallenge(data: AuthData, algorithms?: readonly DigestAlgorithm[]): DigestChallenge {
  const challenge = digestChallengeOf(data, algorithms);
  if (challenge instanceof AuthenticationError) throw challenge;
  return challenge;
}

/**
 * The qop to answer with (RFC 7616 §3.4): `auth` when offered, `auth-int` when it is the
 * only one, none when the challenge has no qop (RFC 2069 compatibility, RFC 3261 §22.4).
 *
 * @example
 * ```ts
 * import { chooseQop } from "rxsip/core";
 *
 * chooseQop(["auth", "auth-int"]); // "auth"
 * chooseQop(undefined); // undefined: RFC 2069 style, no qop in the answer
 * ```
 */
export function chooseQop(offered: readonly DigestQop[] | undefined): DigestQop | undefined {
  if (offered === undefined) return undefined;
  return offered.includes("auth") ? "auth" : offered.includes("auth-int") ? "auth-int" : undefined;
}
