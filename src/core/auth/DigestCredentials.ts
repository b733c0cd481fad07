import type { DigestAlgorithmName, DigestHashName } from "./DigestAlgorithm.js";

/** Username and password: answers any supported algorithm and realm. */
export interface DigestPasswordCredentials {
  readonly username: string;
  readonly password: string;
}

/** Username and a precomputed HA1 instead of the password. */
export interface DigestHa1Credentials {
  readonly username: string;
  /** H(username ":" realm ":" password) as hex (case does not matter). */
  readonly ha1: string;
  /** The algorithm (family) the HA1 was computed with; MD5 when omitted. "-sess" names mean the same hash. */
  readonly algorithm?: DigestHashName | DigestAlgorithmName;
  /** The realm the HA1 was computed for; when given, challenges of other realms are not answered. */
  readonly realm?: string;
}

/**
 * What a user authenticates with (RFC 7616 §3.4.2): a username and either the password or
 * HA1 = H(username ":" realm ":" password). An HA1 only answers challenges whose algorithm
 * uses the same hash (the "-sess" twin included) and, being realm-bound, only its realm.
 *
 * @example
 * ```ts
 * import { DigestAuthenticator, type DigestCredentials } from "rxsip/core";
 *
 * const withPassword: DigestCredentials = { username: "alice", password: "secret" };
 * const withHa1: DigestCredentials = { username: "alice", ha1: "4c00389f118405a62dc666c595d7e0d8", realm: "example.com" };
 * new DigestAuthenticator(withHa1);
 * ```
 */
export type DigestCredentials = DigestPasswordCredentials | DigestHa1Credentials;
