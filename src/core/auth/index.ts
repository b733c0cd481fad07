/** Digest authentication for SIP (RFC 3261 §22, RFC 7616, RFC 8760). */
export { AuthenticationError, type AuthenticationErrorCode } from "./errors.js";
export { DIGEST_ALGORITHMS, digestAlgorithmOfHash, findDigestAlgorithm, getDigestAlgorithm } from "./allDigestAlgorithms.js";
export { compareDigestAlgorithms, DIGEST_MD5, type DigestAlgorithm, type DigestAlgorithmName, type DigestHashName } from "./DigestAlgorithm.js";
export { sha2Digest } from "./sha2Digest.js";
export {
  chooseQop,
  type DigestChallenge,
  type DigestChallengeRejection,
  type DigestChallengeResult,
  type DigestQop,
  isDigestScheme,
  readDigestChallenge,
  toDigestChallenge,
} from "./DigestChallenge.js";
export {
  analyzeChallenges,
  type ChallengeAnalysis,
  noUsableChallengeError,
  type RejectedChallenge,
  type SelectChallengeOptions,
  selectChallenge,
  selectChallenges,
} from "./selectChallenge.js";
export {
  computeDigestHa1,
  computeDigestResponse,
  computeUserhash,
  type DigestResponseInput,
  type DigestSecret,
  formatNonceCount,
} from "./digestResponse.js";
export { formatCredentials } from "./formatCredentials.js";
export type { DigestCredentials, DigestHa1Credentials, DigestPasswordCredentials } from "./DigestCredentials.js";
export type { DigestRequest } from "./DigestRequest.js";
export {
  DigestAuthenticator,
  type DigestAuthenticatorOptions,
  type DigestExchangeOptions,
  type RandomSource,
} from "./DigestAuthenticator.js";
export { type AuthorizationHeader, type ChallengeHeaders, type ChallengeKind, DigestExchange } from "./DigestExchange.js";
export { type HashInput, utf8Encode } from "./hashes/bytes.js";
export { md5 } from "./hashes/md5.js";
export { sha256 } from "./hashes/sha256.js";
export { sha512, sha512_256 } from "./hashes/sha512-256.js";
