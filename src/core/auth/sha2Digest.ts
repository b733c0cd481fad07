/**
 * The SHA-2 Digest algorithms (RFC 7616 §3.2, RFC 8760 for SIP), enabled by the application:
 * this module is the only one of the user agent's that imports the SHA-2 hashes.
 */
import { type DigestAlgorithm, digestAlgorithmPair } from "./DigestAlgorithm.js";
import { sha256 } from "./hashes/sha256.js";
import { sha512_256 } from "./hashes/sha512-256.js";

let algorithms: readonly DigestAlgorithm[] | undefined;

/**
 * Enables the Digest algorithms SHA-512-256, SHA-256 and their "-sess" variants (RFC 7616,
 * RFC 8760), beside MD5 and MD5-sess, which are always enabled. Pass the result as
 * `UserAgentOptions.digestAlgorithms` (or `algorithms` of `DigestAuthenticator` and
 * `selectChallenge` in `rxsip/core`). A server that offers several algorithms is then
 * answered with the strongest of them; without it, a server that offers only SHA-2 ones is
 * not answered (the 401 / 407 stands and `userAgent.errors$` gets an `AuthenticationError`
 * `UNSUPPORTED_ALGORITHM` naming this function), and an `authorizationHa1Algorithm` of
 * SHA-256 or SHA-512-256 is refused when the user agent is made. A page that never calls it
 * does not carry the SHA-2 code.
 *
 * @example
 * ```ts
 * import { sha2Digest, UserAgent } from "rxsip";
 *
 * const ua = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com" },
 *   authorizationPassword: "secret",
 *   digestAlgorithms: sha2Digest(),
 * });
 * ```
 */
export function sha2Digest(): readonly DigestAlgorithm[] {
  return (algorithms ??= Object.freeze([...digestAlgorithmPair("SHA-512-256", 3, sha512_256), ...digestAlgorithmPair("SHA-256", 2, sha256)]));
}
