/**
 * Typed errors of Digest authentication (RFC 3261 §22, RFC 7616). Messages name realms,
 * algorithms and parameter names, never a password, an HA1 or a computed response.
 */
import { SipError } from "../messages/errors.js";

/** Stable codes of {@link AuthenticationError}. */
export type AuthenticationErrorCode =
  /** The challenge names an algorithm this module does not implement (RFC 7616 §3.3, RFC 8760 §2.2). */
  | "UNSUPPORTED_ALGORITHM"
  /** The challenge only offers qop values other than `auth` and `auth-int` (RFC 7616 §3.3). */
  | "UNSUPPORTED_QOP"
  /** No Digest challenge of the response can be answered (other schemes, missing nonce, HA1 of another algorithm ...). */
  | "NO_USABLE_CHALLENGE"
  /** A Digest challenge lacks a required parameter (realm, nonce) or holds an unusable value. */
  | "INVALID_CHALLENGE"
  /**
   * The server challenged a realm again, without `stale=true`, after we answered it: the
   * credentials are wrong (RFC 3261 §22.2; RFC 7616 §3.3 `stale`).
   */
  | "CREDENTIALS_REJECTED"
  /** The server kept answering `stale=true` (or a stale challenge repeated the nonce we used). */
  | "STALE_LOOP"
  /** The HA1 given instead of a password is not hex of the length its algorithm produces. */
  | "INVALID_HA1"
  /** A value to be written into a credentials header would break the header (CR, LF, NUL, or not a token). */
  | "INVALID_VALUE"
  /** A cnonce is needed and neither a random source was given nor `globalThis.crypto.getRandomValues` exists. */
  | "NO_RANDOM_SOURCE";

/**
 * Digest authentication failed or could not be attempted.
 *
 * @example
 * ```ts
 * import { AuthenticationError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.errors$.subscribe((e) => {
 *   if (e instanceof AuthenticationError && e.code === "CREDENTIALS_REJECTED") console.log("wrong password for", e.realm);
 * });
 * ```
 */
export class AuthenticationError extends SipError {
  override readonly name = "AuthenticationError";
  constructor(
    override readonly code: AuthenticationErrorCode,
    message: string,
    /** The realm concerned, when there is one (realms are public: they are sent in the clear). */
    readonly realm?: string,
  ) {
    super(code, message);
  }
}
