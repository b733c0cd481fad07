import type { AuthData } from "../grammar/ast.js";
import { type DigestHashName, getDigestAlgorithm } from "./DigestAlgorithm.js";
import { type DigestChallenge, chooseQop, toDigestChallenge } from "./DigestChallenge.js";
import type { DigestCredentials } from "./DigestCredentials.js";
import { type ChallengeKind, DigestExchange } from "./DigestExchange.js";
import type { DigestRequest } from "./DigestRequest.js";
import { computeDigestResponse, computeUserhash, type DigestSecret, formatNonceCount } from "./digestResponse.js";
import { AuthenticationError } from "./errors.js";
import { bytesToHex } from "./hashes/bytes.js";

import type { RandomSource } from "../transactions/identifiers.js";

/** The same random source as the transaction layer's (one type, one name in the docs). */
export type { RandomSource };

/**
 * Options of the {@link DigestAuthenticator} constructor: where cnonces come from, RFC 7616 userhash, and how
 * many `stale=true` rounds one request may go through.
 */
export interface DigestAuthenticatorOptions {
  /** Random bytes for the cnonce; default `globalThis.crypto.getRandomValues` (browsers, Node 20+). */
  readonly random?: RandomSource;
  /** Makes cnonce values directly (e.g. fixed ones in tests); takes precedence over `random`. */
  readonly cnonce?: () => string;
  /** Send H(username:realm) instead of the username when a challenge says userhash=true (RFC 7616 §3.4.4). Default false. */
  readonly userhash?: boolean;
  /** How many `stale=true` challenges per realm one request may answer before giving up. Default 3. */
  readonly maxStaleRetries?: number;
}

/** Options of {@link DigestAuthenticator.exchange}. */
export interface DigestExchangeOptions {
  /**
   * Start with the challenges last answered for each realm, so the first request already
   * carries credentials (nonce reuse with the next nc, RFC 7616 §3.4). Default false.
   */
  readonly preemptive?: boolean;
}

/** Bytes of randomness in a generated cnonce (written as twice as many hex digits). */
const CNONCE_BYTES = 16;
/** (realm, nonce) pairs whose count is kept; the least recently used is dropped beyond this. */
const MAX_NONCES = 64;

interface NonceState {
  nc: number;
  cnonce: string | undefined;
}

const INSPECT = Symbol.for("nodejs.util.inspect.custom");

/**
 * Answers Digest challenges for one set of credentials (RFC 3261 §22.2-§22.4, RFC 7616 §3.4,
 * RFC 8760): chooses the qop, keeps a nonce count and a cnonce per (realm, nonce), and
 * computes the credentials of a request. {@link DigestAuthenticator.exchange} adds the
 * per-request bookkeeping that tells a stale nonce from wrong credentials.
 *
 * The password or HA1 lives in a private field: it never appears in toString(), JSON, the
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
  readonly #secret: DigestSecret;
  /** Set when the secret is an HA1: the hash it was computed with and, optionally, its realm. */
  readonly #ha1Hash: DigestHashName | undefined;
  readonly #ha1Realm: string | undefined;
  readonly #random: RandomSource | undefined;
  readonly #makeCnonce: (() => string) | undefined;
  readonly #userhash: boolean;
  readonly #maxStaleRetries: number;
  readonly #nonces = new Map<string, NonceState>();
  /** Last challenge answered per (kind, realm), for preemptive exchanges. */
  readonly #answered = new Map<string, { kind: ChallengeKind; challenge: DigestChallenge }>();

  constructor(credentials: DigestCredentials, options: DigestAuthenticatorOptions = {}) {
    this.username = credentials.username;
    if ("ha1" in credentials) {
      const algorithm = getDigestAlgorithm(credentials.algorithm ?? "MD5");
      const ha1 = credentials.ha1;
      if (typeof ha1 !== "string" || ha1.length !== algorithm.hexLength || !/^[0-9a-fA-F]+$/.test(ha1)) {
        throw new AuthenticationError("INVALID_HA1", `an HA1 for ${algorithm.hash} must be ${algorithm.hexLength} hex digits`);
      }
      this.#secret = { ha1: ha1.toLowerCase() };
      this.#ha1Hash = algorithm.hash;
      this.#ha1Realm = credentials.realm;
    } else {
      this.#secret = { password: credentials.password };
      this.#ha1Hash = undefined;
      this.#ha1Realm = undefined;
    }
    this.#random = options.random;
    this.#makeCnonce = options.cnonce;
    this.#userhash = options.userhash ?? false;
    this.#maxStaleRetries = options.maxStaleRetries ?? 3;
  }

  /** Whether these credentials can answer `challenge` (an HA1 is bound to its hash and realm). */
  accepts(challenge: DigestChallenge): boolean {
    if (this.#ha1Hash === undefined) return true;
    return challenge.algorithm.hash === this.#ha1Hash && (this.#ha1Realm === undefined || this.#ha1Realm === challenge.realm);
  }

  /**
   * The credentials answering `challenge` for `request`, as `AuthData` (format them with
   * `formatCredentials`). Each call is one use of the nonce: nc counts 1, 2, 3 ... per
   * (realm, nonce) and starts again at 1 for a new nonce. qop: `auth` when offered,
   * `auth-int` when it is the only one, none when the challenge offers none.
   * Throws {@link AuthenticationError} when the challenge cannot be answered.
   */
  authorize(challenge: DigestChallenge | AuthData, request: DigestRequest): AuthData {
    const c = "scheme" in challenge ? toDigestChallenge(challenge) : challenge;
    if (!this.accepts(c)) {
      throw new AuthenticationError(
        "NO_USABLE_CHALLENGE",
        `the HA1 given cannot answer a ${c.algorithm.name} challenge for this realm`,
        c.realm,
      );
    }
    const qop = chooseQop(c.qop);
    const needsCnonce = qop !== undefined || c.algorithm.session;
    const state = this.#use(c.realm, c.nonce, needsCnonce);

    const response = computeDigestResponse({
      algorithm: c.algorithm,
      username: this.username,
      realm: c.realm,
      secret: this.#secret,
      nonce: c.nonce,
      method: request.method,
      uri: request.uri,
      qop,
      nc: state.nc,
      cnonce: state.cnonce,
      body: request.body,
    });

    const hashUser = this.#userhash && c.userhash;
    const params: Record<string, string> = {
      username: hashUser ? computeUserhash(c.algorithm, this.username, c.realm) : this.username,
      realm: c.realm,
      nonce: c.nonce,
      uri: request.uri,
      response,
    };
    if (c.algorithmGiven) params.algorithm = c.algorithm.name;
    if (needsCnonce && state.cnonce !== undefined) params.cnonce = state.cnonce;
    if (c.opaque !== undefined) params.opaque = c.opaque;
    if (qop !== undefined) {
      params.qop = qop;
      params.nc = formatNonceCount(state.nc);
    }
    if (hashUser) params.userhash = "true";
    return { scheme: "Digest", params };
  }

  /**
   * Starts the challenge/response bookkeeping of one request and its re-submissions
   * (RFC 3261 §22.2/§22.3); see {@link DigestExchange}.
   */
  exchange(options: DigestExchangeOptions = {}): DigestExchange {
    const seed = options.preemptive ? [...this.#answered.values()] : [];
    return new DigestExchange(this, {
      seed,
      maxStaleRetries: this.#maxStaleRetries,
      answered: (kind, challenge) => {
        const key = `${kind}\n${challenge.realm}`;
        this.#answered.delete(key);
        this.#answered.set(key, { kind, challenge });
      },
      rejected: (kind, realm) => {
        this.#answered.delete(`${kind}\n${realm}`);
      },
    });
  }

  /** How many times the nonce has been used for `realm` so far (0 when unknown). */
  nonceCount(realm: string, nonce: string): number {
    return this.#nonces.get(`${realm}\n${nonce}`)?.nc ?? 0;
  }

  /** Drops every nonce count and remembered challenge (e.g. after the credentials change on the server). */
  reset(): void {
    this.#nonces.clear();
    this.#answered.clear();
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

  /** One more use of (realm, nonce): next nc, and the cnonce kept for that nonce. */
  #use(realm: string, nonce: string, needsCnonce: boolean): NonceState {
    const key = `${realm}\n${nonce}`;
    let state = this.#nonces.get(key);
    if (state) {
      this.#nonces.delete(key); // re-inserted below: most recently used last
    } else {
      state = { nc: 0, cnonce: undefined };
      if (this.#nonces.size >= MAX_NONCES) this.#nonces.delete(this.#nonces.keys().next().value!);
    }
    this.#nonces.set(key, state);
    if (state.nc >= 0xffffffff) state.cnonce = undefined; // nc space used up: start over with a new cnonce
    state.nc = state.nc >= 0xffffffff ? 1 : state.nc + 1;
    if (needsCnonce && state.cnonce === undefined) state.cnonce = this.#newCnonce();
    return state;
  }

  #newCnonce(): string {
    if (this.#makeCnonce) return this.#makeCnonce();
    const random = this.#random ?? defaultRandom();
    if (!random) {
      throw new AuthenticationError("NO_RANDOM_SOURCE", "no random source for the cnonce: pass options.random");
    }
    return bytesToHex(random(new Uint8Array(CNONCE_BYTES)));
  }
}

/** `globalThis.crypto.getRandomValues`, when the platform has it (a standard global in browsers and Node 20+). */
function defaultRandom(): RandomSource | undefined {
  const crypto = (globalThis as { crypto?: { getRandomValues?: (target: Uint8Array) => Uint8Array } }).crypto;
  const getRandomValues = crypto?.getRandomValues;
  return getRandomValues ? (target) => getRandomValues.call(crypto, target) : undefined;
}
