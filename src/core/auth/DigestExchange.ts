import type { AuthData } from "../grammar/ast.js";
import type { DigestAuthenticator } from "./DigestAuthenticator.js";
import type { DigestChallenge } from "./DigestChallenge.js";
import type { DigestRequest } from "./DigestRequest.js";
import { AuthenticationError, type AuthenticationErrorCode } from "./errors.js";
import { formatCredentials } from "./formatCredentials.js";
import { setLast } from "./setLast.js";
import { bestChallenges, noDigestChallengeError, rejectionRank } from "./selectChallenge.js";

/** Where a challenge came from: WWW-Authenticate ("www", answered in Authorization) or Proxy-Authenticate ("proxy"). */
export type ChallengeKind = "www" | "proxy";

/** The challenges of one 401/407 response (a forking proxy may gather both kinds in one response, RFC 3261 §16.7). */
export interface ChallengeHeaders {
  /** WWW-Authenticate values. */
  readonly wwwAuthenticate?: readonly AuthData[];
  /** Proxy-Authenticate values. */
  readonly proxyAuthenticate?: readonly AuthData[];
}

/** One credentials header to add to the re-sent request. */
export interface AuthorizationHeader {
  readonly name: "Authorization" | "Proxy-Authorization";
  readonly realm: string;
  readonly credentials: AuthData;
  /** `formatCredentials(credentials)`. */
  readonly value: string;
}

interface RealmState {
  /** The header that answers it: Authorization for WWW-Authenticate, Proxy-Authorization for Proxy-Authenticate. */
  readonly name: AuthorizationHeader["name"];
  readonly challenge: DigestChallenge;
  /** Credentials for it went out with the request that drew the latest response. */
  sent: boolean;
  /** It came from an earlier exchange (preemptive): a fresh challenge for it is not a refusal. */
  preemptive: boolean;
  staleRetries: number;
}

/**
 * The challenge/response bookkeeping of one request and its re-submissions
 * (RFC 3261 §22.2-§22.3, RFC 7616 §3.3 `stale`):
 *
 * - Each 401/407 is fed to {@link DigestExchange.respond}, which answers one challenge per
 *   realm (the strongest supported, see selectChallenge) and returns the Authorization /
 *   Proxy-Authorization values of the re-sent request. Realms answered earlier keep being
 *   answered (a request may pass several challenging proxies, RFC 3261 §22.3).
 * - A challenge with `stale=true` for a realm we answered means "same credentials, new
 *   nonce": it is answered again (nc restarts at 1), at most `maxStaleRetries` times, and
 *   never with the nonce that was just refused.
 * - A challenge without `stale` for a realm we answered means the credentials were refused:
 *   `CREDENTIALS_REJECTED` is thrown instead of retrying forever.
 *
 * @example
 * ```ts
 * import { DigestAuthenticator, type SipResponse } from "rxsip/core";
 * declare const response: SipResponse; // the 401 or 407 to our REGISTER
 *
 * const exchange = new DigestAuthenticator({ username: "alice", password: "secret" }).exchange();
 * const request = { method: "REGISTER", uri: "sip:example.com" };
 * const headers = exchange.respond(
 *   {
 *     wwwAuthenticate: response.parseHeaders("WWW-Authenticate", "Challenge"),
 *     proxyAuthenticate: response.parseHeaders("Proxy-Authenticate", "Challenge"),
 *   },
 *   request,
 * );
 * for (const h of headers) console.log(`${h.name}: ${h.value}`); // add these to the re-sent request
 * ```
 */
export class DigestExchange {
  private readonly authenticator: DigestAuthenticator;
  /** By `header name \n realm`, in the order the realms were first answered. */
  private readonly states = new Map<string, RealmState>();

  /**
   * Use {@link DigestAuthenticator.exchange}. A `preemptive` exchange starts with the challenges
   * the authenticator last answered per realm.
   */
  constructor(authenticator: DigestAuthenticator, preemptive?: boolean) {
    this.authenticator = authenticator;
    if (preemptive) for (const [key, state] of authenticator.answered) this.states.set(key, { ...state, sent: false, preemptive, staleRetries: 0 });
  }

  /** The realms this exchange answers, in order. */
  get realms(): readonly string[] {
    return [...this.states.values()].map((state) => state.challenge.realm);
  }

  /**
   * The credentials for every realm known so far, for one (re-)sending of the request:
   * empty on a first send unless the exchange is preemptive. Each call uses the nonces once more.
   */
  authorize(request: DigestRequest): AuthorizationHeader[] {
    return [...this.states.values()].map((state) => {
      const credentials = this.authenticator.authorize(state.challenge, request);
      state.sent = true;
      return {
        name: state.name,
        realm: state.challenge.realm,
        credentials,
        value: formatCredentials(credentials),
      };
    });
  }

  /**
   * Takes the challenges of a 401/407 to the request and returns the credentials headers of
   * the re-sent request. Throws {@link AuthenticationError}:
   * `CREDENTIALS_REJECTED` when a realm we answered is challenged again without stale=true,
   * `STALE_LOOP` when stale challenges repeat too often or repeat the refused nonce,
   * `NO_USABLE_CHALLENGE` / `UNSUPPORTED_ALGORITHM` / `UNSUPPORTED_QOP` / `INVALID_CHALLENGE`
   * when none of the challenges can be answered. The exchange is left as it was when it throws
   * (a refused realm is also dropped from the authenticator's preemptive memory), and the
   * authenticator's `onError` is told.
   */
  respond(challenges: ChallengeHeaders, request: DigestRequest): AuthorizationHeader[] {
    const authenticator = this.authenticator;
    const { algorithms, onError } = authenticator.options;
    try {
      const accept = (challenge: DigestChallenge) => authenticator.accepts(challenge);
      const updates: RealmState[] = [];
      // The most specific reason a challenge was refused (see noUsableChallengeError).
      let error: AuthenticationError | undefined;
      let rank = -1;
      for (const [name, list] of [
        ["Authorization", challenges.wwwAuthenticate],
        ["Proxy-Authorization", challenges.proxyAuthenticate],
      ] as const) {
        const selected = bestChallenges(list, { accept, algorithms }, (e, source) => {
          const r = rejectionRank(e.code, source);
          if (r > rank) [error, rank] = [e, r];
        });
        for (const challenge of selected) updates.push(this.next(name, challenge));
      }
      if (updates.length === 0) throw error ?? noDigestChallengeError();
      for (const state of updates) {
        const key = `${state.name}\n${state.challenge.realm}`;
        setLast(this.states, key, state);
        setLast(authenticator.answered, key, state);
      }
      return this.authorize(request);
    } catch (e) {
      onError?.(e as AuthenticationError);
      throw e;
    }
  }

  /** The realms answered so far, e.g. `DigestExchange(realms=["example.com"])`: no nonce, no secret. */
  toString(): string {
    return `DigestExchange(realms=${JSON.stringify(this.realms)})`;
  }

  /** What `JSON.stringify` writes: the type and the realms answered so far, nothing secret. */
  toJSON(): { type: "DigestExchange"; realms: readonly string[] } {
    return { type: "DigestExchange", realms: this.realms };
  }

  /** The state of a realm after a new challenge for it, or the error that ends the exchange. */
  private next(name: AuthorizationHeader["name"], challenge: DigestChallenge): RealmState {
    const { realm, nonce, stale } = challenge;
    const key = `${name}\n${realm}`;
    const previous = this.states.get(key);
    let staleRetries = previous?.staleRetries ?? 0;
    // A challenge for a realm whose credentials went out (not preemptively) refuses them, unless stale.
    if (previous?.sent && !previous.preemptive) {
      const fail = (code: AuthenticationErrorCode, why: string) => new AuthenticationError(code, `realm ${JSON.stringify(realm)} ${why}`, realm);
      if (!stale) {
        this.authenticator.answered.delete(key);
        throw fail("CREDENTIALS_REJECTED", "refused the credentials");
      }
      if (nonce === previous.challenge.nonce) throw fail("STALE_LOOP", "declared stale the nonce it just issued");
      if (staleRetries++ >= (this.authenticator.options.maxStaleRetries ?? 3)) throw fail("STALE_LOOP", "answered stale=true too often");
    }
    return { name, challenge, sent: false, preemptive: false, staleRetries };
  }
}
