import type { AuthData } from "../grammar/ast.js";
import { type DigestAlgorithm, type DigestHashName, requireDigestAlgorithm } from "./DigestAlgorithm.js";
import { type DigestChallenge, chooseQop, toDigestChallenge } from "./DigestChallenge.js";
import type { DigestCredentials } from "./DigestCredentials.js";
import { type AuthorizationHeader, DigestExchange } from "./DigestExchange.js";
import type { DigestRequest } from "./DigestRequest.js";
import { computeUserhash, type DigestSecret, digestResponse, nonceCountHex } from "./digestResponse.js";
import { AuthenticationError } from "./errors.js";
import { refusal } from "./selectChallenge.js";
import { setLast } from "./setLast.js";

import { type RandomSource, randomHex } from "../transactions/identifiers.js";

/** The same random source as the transaction layer's (one type, one name in the docs). */
export type { RandomSource };

/**
 * Options of the {@link DigestAuthenticator} constructor: the algorithms answered besides MD5, where cnonces
 * come from, RFC 7616 userhash, how many `stale=true` rounds one request may go through, and who hears
 * of an exchange that gives up.
 */
export interface DigestAuthenticatorOptions {
  /**
   * The algorithms answered besides MD5 and MD5-sess, which always are: `sha2Digest()` for
   * SHA-256, SHA-512-256 and their "-sess" variants. Challenges naming an algorithm not enabled
   * are not answered (`UNSUPPORTED_ALGORITHM`).
   */
  readonly algorithms?: readonly DigestAlgorithm[];
  /** Random bytes for the cnonce; default `globalThis.crypto.getRandomValues` (browsers, Node 20+). */
  readonly random?: RandomSource;
  /** Makes cnonce values directly (e.g. fixed ones in tests); takes precedence over `random`. */
  readonly cnonce?: () => string;
  /** Send H(username:realm) instead of the username when a challenge says userhash=true (RFC 7616 §3.4.4). Default false. */
  readonly userhash?: boolean;
  /** How many `stale=true` challenges per realm one request may answer before giving up. Default 3. */
  readonly maxStaleRetries?: number;
  /**
   * Told why an exchange did not answer a 401 / 407 (the response then stands): the credentials were
   * refused, a stale loop, or no challenge it can answer (e.g. one naming an algorithm not enabled).
   */
  readonly onError?: (error: AuthenticationError) => void;
}

/** Options of {@link DigestAuthenticator.exchange}. */
export interface DigestExchangeOptions {
  /**
   * Start with the challenges last answered for each realm, so the first request already
   * carries credentials (nonce reuse with the next nc, RFC 7616 §3.4). Default false.
   */
  readonly preemptive?: boolean;
}

/** (realm, nonce) pairs whose count is kept; the least recently used is dropped beyond this. */
const MAX_NONCES = 64;

interface NonceState {
  nc: number;
  cnonce?: string;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Answers Digest challenges for one set of credentials (RFC 3261 §22.2-§22.4, RFC 7616 §3.4,
 * RFC 8760): chooses the qop, keeps a nonce count and a cnonce per (realm, nonce), and
 * computes the credentials of a request. {@link DigestAuthenticator.exchange} adds the
 * per-request bookkeeping that tells a stale nonce from wrong credentials.
 *
 * MD5 and MD5-sess are always answered; SHA-256 and SHA-512-256 only when enabled with
 * `algorithms: sha2Digest()`.
 *
 * The password or HA1 is kept behind a function: it never appears in toString(), JSON, the
 * inspected object or any error message.
 *
 * @example
 * ```ts
 * import { DigestAuthenticator, parseHeaderValue, formatCredentials } from "rxsip/core";
 *
 * const authenticator = new DigestAuthenticator({ username: "alice", password: "secret" });
 * const challenge = parseHeaderValue("Challenge", 'Digest realm="example.com", nonce="abc", qop="auth"');
 * const credentials = authenticator.authorize(challenge, { method: "REGISTER", uri: "sip:example.com" });
 * console.log(formatCredentials(credentials)); // the Authorization header value
 * console.log(String(authenticator)); // DigestAuthenticator(username="alice"): never the password
 * ```
 */
export class DigestAuthenticator {
  /** The username credentials are sent for (public: it is sent in the clear unless userhash is used). */
  readonly username: string;
  /** The password or HA1 behind a function: util.inspect, JSON and spreads show none of it. */
  private readonly secret: () => DigestSecret;
  /** Set when the secret is an HA1: the hash it was computed with and, optionally, its realm. */
  private readonly ha1: { readonly hash: DigestHashName; readonly realm?: string } | undefined;
  /** @internal The options as given (read by its exchanges). */
  readonly options: DigestAuthenticatorOptions;
  private readonly nonces = new Map<string, NonceState>();
  /** @internal Last challenge answered per `header name \n realm`, for preemptive exchanges. */
  readonly answered = new Map<string, { readonly name: AuthorizationHeader["name"]; readonly challenge: DigestChallenge }>();

  constructor(credentials: DigestCredentials, options: DigestAuthenticatorOptions = {}) {
    this.username = credentials.username;
    this.options = { ...options };
    if (options.algorithms?.some((algorithm) => typeof algorithm?.digest != "function")) {
      throw new AuthenticationError("UNSUPPORTED_ALGORITHM", "algorithms takes sha2Digest()");
    }
    if ("ha1" in credentials) {
      const { hash, hexLength } = requireDigestAlgorithm(credentials.algorithm, options.algorithms);
      const ha1 = credentials.ha1;
      if (typeof ha1 !== "string" || !new RegExp(`^[0-9a-f]{${hexLength}}$`, "i").test(ha1)) {
        throw new AuthenticationError("INVALID_HA1", `an HA1 for ${hash} must be ${hexLength} hex digits`);
      }
      this.ha1 = { hash, realm: credentials.realm };
    }
    const secret: DigestSecret = "ha1" in credentials ? { ha1: credentials.ha1.toLowerCase() } : { password: credentials.password };
    this.secret = () => secret;
  }

  /** Whether these credentials can answer `challenge` (an HA1 is bound to its hash and realm). */
  accepts(challenge: DigestChallenge): boolean {
    const ha1 = this.ha1;
    return !ha1 || (challenge.algorithm.hash === ha1.hash && (ha1.realm === undefined || ha1.realm === challenge.realm));
  }

  /**
   * The credentials answering `challenge` for `request`, as `AuthData` (format them with
   * `formatCredentials`). Each call is one use of the nonce: nc counts 1, 2, 3 ... per
   * (realm, nonce) and starts again at 1 for a new nonce. qop: `auth` when offered,
   * `auth-int` when it is the only one, none when the challenge offers none.
   * Throws {@link AuthenticationError} when the challenge cannot be answered.
   */
  authorize(challenge: DigestChallenge | AuthData, request: DigestRequest): AuthData {
    const c = "scheme" in challenge ? toDigestChallenge(challenge, this.options.algorithms) : challenge;
    const { algorithm, realm, nonce } = c;
    if (!this.accepts(c)) throw refusal(c);
    const qop = chooseQop(c.qop);
    const needsCnonce = qop !== undefined || algorithm.session;
    const { nc, cnonce } = this.use(`${realm}\n${nonce}`, needsCnonce);
    const response = digestResponse({ ...c, ...request, username: this.username, secret: this.secret(), qop, nc, cnonce });

    const hashUser = this.options.userhash && c.userhash;
    const params: Record<string, string> = {
      username: hashUser ? computeUserhash(algorithm, this.username, realm) : this.username,
      realm,
      nonce,
      uri: request.uri,
      response,
    };
    if (c.algorithmGiven) params.algorithm = algorithm.name;
    if (needsCnonce) params.cnonce = cnonce!;
    if (c.opaque !== undefined) params.opaque = c.opaque;
    if (qop) {
      params.qop = qop;
      params.nc = nonceCountHex(nc);
    }
    if (hashUser) params.userhash = "true";
    return { scheme: "Digest", params };
  }

  /**
   * Starts the challenge/response bookkeeping of one request and its re-submissions
   * (RFC 3261 §22.2/§22.3); see {@link DigestExchange}.
   */
  exchange(options: DigestExchangeOptions = {}): DigestExchange {
    return new DigestExchange(this, options.preemptive);
  }

  /** How many times the nonce has been used for `realm` so far (0 when unknown). */
  nonceCount(realm: string, nonce: string): number {
    return this.nonces.get(`${realm}\n${nonce}`)?.nc ?? 0;
  }

  /** Drops every nonce count and remembered challenge (e.g. after the credentials change on the server). */
  reset(): void {
    this.nonces.clear();
    this.answered.clear();
  }

  /** The username only, e.g. `DigestAuthenticator(username="alice")`: never the password or HA1. */
  toString(): string {
    return `DigestAuthenticator(username=${JSON.stringify(this.username)})`;
  }

  /** What `JSON.stringify` writes: the type and the username, never the password or HA1. */
  toJSON(): { type: "DigestAuthenticator"; username: string } {
    return { type: "DigestAuthenticator", username: this.username };
  }

  /**
   * What Node's `util.inspect` and `console.log` show: the same as `toString()`, so logging the object does
   * not reveal the secret.
   */
  [INSPECT](): string {
    return this.toString();
  }

  /** One more use of the (realm, nonce) `key`: next nc, and the cnonce kept for that nonce. */
  private use(key: string, needsCnonce: boolean): NonceState {
    const nonces = this.nonces;
    const state = nonces.get(key) ?? { nc: 0 };
    if (nonces.size >= MAX_NONCES && !nonces.has(key)) nonces.delete(nonces.keys().next().value!);
    setLast(nonces, key, state);
    if (state.nc >= 0xffffffff) {
      // nc space used up: start over with a new cnonce
      state.nc = 0;
      state.cnonce = undefined;
    }
    state.nc++;
    if (needsCnonce) state.cnonce ??= this.newCnonce();
    return state;
  }

  /** A cnonce: from `options.cnonce`, else 16 random bytes as hex. */
  private newCnonce(): string {
    const { cnonce, random } = this.options;
    if (cnonce) return cnonce();
    if (!random && !(globalThis.crypto as Crypto | undefined)?.getRandomValues) {
      throw new AuthenticationError("NO_RANDOM_SOURCE", "no random source for the cnonce: pass options.random");
    }
    return randomHex(16, random);
  }
}
