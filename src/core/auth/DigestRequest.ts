import type { HashInput } from "./hashes/bytes.js";

/** The parts of a request that Digest credentials cover (RFC 3261 §22.4, RFC 7616 §3.4.3). */
export interface DigestRequest {
  /** The request method; A2 = method ":" digest-uri (RFC 7616 §3.4.3). */
  readonly method: string;
  /** digest-uri: the Request-URI exactly as it appears in the request line. */
  readonly uri: string;
  /** The message body, hashed for qop=auth-int; absent means empty. */
  readonly body?: HashInput;
}
