/**
 * The Digest computations of RFC 7616 §3.4.1-§3.4.4 (RFC 2617 §3.2.2, RFC 3261 §22.4):
 *
 *   A1       = username ":" realm ":" password               (HA1 = H(A1))
 *   -sess    : HA1 = H(H(username ":" realm ":" password) ":" nonce ":" cnonce)
 *   A2       = method ":" digest-uri                          (qop=auth or no qop)
 *            = method ":" digest-uri ":" H(entity-body)      (qop=auth-int)
 *   response = H(HA1 ":" nonce ":" nc ":" cnonce ":" qop ":" H(A2))   with qop
 *            = H(HA1 ":" nonce ":" H(A2))                             without qop (RFC 2069)
 *   userhash : username = H(username ":" realm)
 *
 * Pure functions: no state, no randomness.
 */
import type { DigestAlgorithm } from "./DigestAlgorithm.js";
import type { DigestQop } from "./DigestChallenge.js";
import type { HashInput } from "./hashes/bytes.js";

/** The secret half of the credentials: the password, or HA1 = H(username:realm:password). */
export type DigestSecret = { readonly password: string } | { readonly ha1: string };

/** Everything {@link computeDigestResponse} needs. */
export interface DigestResponseInput {
  readonly algorithm: DigestAlgorithm;
  /** The user's name as is (not the userhash). */
  readonly username: string;
  readonly realm: string;
  readonly secret: DigestSecret;
  readonly nonce: string;
  /** Request method (the CSeq method in SIP, RFC 3261 §22.4). */
  readonly method: string;
  /** digest-uri: the Request-URI as written in the request line (RFC 3261 §22.4). */
  readonly uri: string;
  /** Omitted for RFC 2069 compatibility (challenge without qop). */
  readonly qop?: DigestQop;
  /** Nonce count, required with a qop. */
  readonly nc?: number;
  /** Client nonce, required with a qop and with "-sess" algorithms. */
  readonly cnonce?: string;
  /** Message body for qop=auth-int; no body hashes as the empty string. */
  readonly body?: HashInput;
}

/**
 * HA1 = H(username ":" realm ":" password) of an algorithm's hash (RFC 7616 §3.4.2), for storing instead of a password.
 *
 * @example
 * ```ts
 * import { computeDigestHa1, DIGEST_MD5 } from "rxsip/core";
 *
 * // store this instead of the password, and pass it as `authorizationHa1`
 * const ha1 = computeDigestHa1(DIGEST_MD5, "alice", "example.com", "secret");
 * ```
 */
export function computeDigestHa1(algorithm: DigestAlgorithm, username: string, realm: string, password: string): string {
  return algorithm.digest(`${username}:${realm}:${password}`);
}

/**
 * The `username` value with userhash=true: H(username ":" realm) (RFC 7616 §3.4.4).
 *
 * @example
 * ```ts
 * import { computeUserhash, getDigestAlgorithm } from "rxsip/core";
 *
 * // what is sent as username when the challenge says userhash=true (RFC 7616 §3.4.4)
 * computeUserhash(getDigestAlgorithm("SHA-256"), "alice", "example.com");
 * ```
 */
export function computeUserhash(algorithm: DigestAlgorithm, username: string, realm: string): string {
  return algorithm.digest(`${username}:${realm}`);
}

/**
 * nc as written in credentials: 8 lowercase hex digits (RFC 7616 §3.4).
 *
 * @example
 * ```ts
 * import { formatNonceCount } from "rxsip/core";
 *
 * formatNonceCount(1); // "00000001"
 * ```
 */
export function formatNonceCount(nc: number): string {
  if (!Number.isInteger(nc) || nc < 1 || nc > 0xffffffff) throw new RangeError("nonce count must be an integer from 1 to 2^32-1");
  return nonceCountHex(nc);
}

/** @internal {@link formatNonceCount} without the range check, for counts known to be in range. */
export const nonceCountHex = (nc: number): string => nc.toString(16).padStart(8, "0");

/**
 * The `response` value (lowercase hex) of RFC 7616 §3.4.1.
 *
 * @example
 * ```ts
 * import { computeDigestResponse, getDigestAlgorithm } from "rxsip/core";
 *
 * const response = computeDigestResponse({
 *   algorithm: getDigestAlgorithm("SHA-256"),
 *   username: "alice",
 *   realm: "example.com",
 *   secret: { password: "secret" },
 *   nonce: "abc",
 *   method: "REGISTER",
 *   uri: "sip:example.com",
 *   qop: "auth",
 *   nc: 1,
 *   cnonce: "0a4f113b",
 * });
 * ```
 */
export function computeDigestResponse(input: DigestResponseInput): string {
  const { algorithm, qop, nc, cnonce } = input;
  if (algorithm.session && cnonce === undefined) throw new RangeError(`${algorithm.name} needs a cnonce`);
  if (qop !== undefined) {
    if (nc === undefined || cnonce === undefined) throw new RangeError("qop needs nc and cnonce");
    formatNonceCount(nc);
  }
  return digestResponse(input);
}

/**
 * @internal {@link computeDigestResponse} without its checks of the input, for the
 * authenticator, which always has nc and cnonce where they are needed.
 */
export function digestResponse(input: DigestResponseInput): string {
  const { algorithm, nonce, qop, cnonce, secret } = input;
  const H = (data: HashInput) => algorithm.digest(data);
  let ha1 = "ha1" in secret ? secret.ha1.toLowerCase() : H(`${input.username}:${input.realm}:${secret.password}`);
  if (algorithm.session) ha1 = H(`${ha1}:${nonce}:${cnonce}`);
  let a2 = `${input.method}:${input.uri}`;
  if (qop === "auth-int") a2 += `:${H(input.body ?? "")}`;
  return H(qop ? `${ha1}:${nonce}:${nonceCountHex(input.nc!)}:${cnonce}:${qop}:${H(a2)}` : `${ha1}:${nonce}:${H(a2)}`);
}
