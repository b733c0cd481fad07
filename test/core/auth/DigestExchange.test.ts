import { describe, expect, it } from "vitest";
import { DigestAuthenticator } from "../../../src/core/auth/DigestAuthenticator.js";
import type { AuthorizationHeader, ChallengeHeaders } from "../../../src/core/auth/DigestExchange.js";
import { AuthenticationError } from "../../../src/core/auth/errors.js";
import { sha2Digest } from "../../../src/core/auth/sha2Digest.js";
import type { AuthData } from "../../../src/core/grammar/ast.js";
import { readCredentialsHeader, referenceResponse } from "./reference.js";

const request = { method: "REGISTER", uri: "sip:biloxi.com" };
const digest = (params: Record<string, string>): AuthData => ({ scheme: "Digest", params: { qop: "auth", ...params } });

function authError(fn: () => unknown): AuthenticationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    return error as AuthenticationError;
  }
  throw new Error("expected an AuthenticationError");
}

const byName = (headers: AuthorizationHeader[]) => headers.map((h) => [h.name, h.realm, h.credentials.params.nonce, h.credentials.params.nc]);

/**
 * A registrar that checks credentials the way a server does: reads the header text, recomputes
 * the response with node:crypto, refuses replayed nc values, and expires nonces on demand.
 */
class FakeRegistrar {
  #next = 0;
  readonly live = new Set<string>();
  readonly lastNc = new Map<string, number>();
  constructor(
    readonly realm: string,
    readonly password: string,
    readonly algorithm = "MD5",
    /** Answer every accepted request with a stale challenge (a broken server). */
    readonly alwaysStale = false,
  ) {}

  challenge(stale: boolean): ChallengeHeaders {
    const nonce = `nonce-${++this.#next}`;
    this.live.add(nonce);
    const params: Record<string, string> = { realm: this.realm, nonce, qop: "auth", algorithm: this.algorithm, opaque: "op" };
    if (stale) params.stale = "true";
    return { wwwAuthenticate: [{ scheme: "Basic", params: { realm: this.realm } }, { scheme: "Digest", params }] };
  }

  expireAll(): void {
    this.live.clear();
  }

  handle(headers: AuthorizationHeader[]): { status: 200 } | { status: 401; challenges: ChallengeHeaders } {
    const header = headers.find((h) => h.name === "Authorization" && h.realm === this.realm);
    if (!header) return { status: 401, challenges: this.challenge(false) };
    const { scheme, params } = readCredentialsHeader(header.value);
    expect(scheme).toBe("Digest");
    const expected = referenceResponse({
      algorithm: params.algorithm ?? "MD5",
      username: params.username!,
      realm: params.realm!,
      password: this.password,
      nonce: params.nonce!,
      method: request.method,
      uri: params.uri!,
      qop: params.qop as "auth",
      nc: params.nc,
      cnonce: params.cnonce,
    });
    if (params.response !== expected) return { status: 401, challenges: this.challenge(false) };
    if (!this.live.has(params.nonce!) || this.alwaysStale) return { status: 401, challenges: this.challenge(true) };
    const nc = parseInt(params.nc!, 16);
    if (nc <= (this.lastNc.get(params.nonce!) ?? 0)) return { status: 401, challenges: this.challenge(true) };
    this.lastNc.set(params.nonce!, nc);
    expect(params.opaque).toBe("op");
    return { status: 200 };
  }
}

/** Sends the request until it succeeds or the exchange gives up; at most 20 rounds (a safety net for the test itself). */
function send(auth: DigestAuthenticator, server: FakeRegistrar, preemptive = false) {
  const exchange = auth.exchange({ preemptive });
  let headers = exchange.authorize(request);
  for (let round = 1; round <= 20; round++) {
    const answer = server.handle(headers);
    if (answer.status === 200) return { rounds: round, error: undefined };
    try {
      headers = exchange.respond(answer.challenges, request);
    } catch (error) {
      return { rounds: round, error: error as AuthenticationError };
    }
  }
  throw new Error("endless authentication loop");
}

describe("DigestExchange against a registrar", () => {
  it.each(["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"])(
    "%s: right password → 401, then 200",
    (algorithm) => {
      const server = new FakeRegistrar("biloxi.com", "zanzibar", algorithm);
      const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { algorithms: sha2Digest() });
      expect(send(auth, server)).toEqual({ rounds: 2, error: undefined });
    },
  );

  it.each(["SHA-256", "SHA-512-256-sess"])("%s without sha2Digest(): the 401 stands with UNSUPPORTED_ALGORITHM, told to onError", (algorithm) => {
    const server = new FakeRegistrar("biloxi.com", "zanzibar", algorithm);
    const told: AuthenticationError[] = [];
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { onError: (e) => told.push(e) });
    const result = send(auth, server);
    expect(result.rounds).toBe(1);
    expect(result.error?.code).toBe("UNSUPPORTED_ALGORITHM");
    expect(result.error?.message).toContain("sha2Digest()");
    expect(told).toEqual([result.error]);
  });

  it("a server offering SHA-256 and MD5 is answered with MD5 without sha2Digest(), with SHA-256 with it", () => {
    const offered = {
      wwwAuthenticate: [digest({ realm: "r", nonce: "s", algorithm: "SHA-256" }), digest({ realm: "r", nonce: "m", algorithm: "MD5" })],
    };
    const answer = (options = {}) => new DigestAuthenticator({ username: "bob", password: "zanzibar" }, options).exchange().respond(offered, request);
    expect(answer()[0]!.credentials.params.algorithm).toBe("MD5");
    expect(answer({ algorithms: sha2Digest() })[0]!.credentials.params.algorithm).toBe("SHA-256");
  });

  it("wrong password → 401, 401 → CREDENTIALS_REJECTED, no endless loop", () => {
    const server = new FakeRegistrar("biloxi.com", "zanzibar");
    const auth = new DigestAuthenticator({ username: "bob", password: "wrong" });
    const result = send(auth, server);
    expect(result.rounds).toBe(2);
    expect(result.error?.code).toBe("CREDENTIALS_REJECTED");
    expect(result.error?.realm).toBe("biloxi.com");
  });

  it("a stale nonce is retried with the new nonce without new credentials", () => {
    const server = new FakeRegistrar("biloxi.com", "zanzibar");
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" });
    expect(send(auth, server).rounds).toBe(2);
    // The next REGISTER reuses the nonce (preemptive): nc 00000002, accepted at once.
    expect(send(auth, server, true).rounds).toBe(1);
    expect(server.lastNc.get("nonce-1")).toBe(2);
    // The nonce expires: the server answers stale=true, the exchange retries once with the new nonce.
    server.expireAll();
    expect(send(auth, server, true)).toEqual({ rounds: 2, error: undefined });
    expect(server.lastNc.get("nonce-2")).toBe(1);
  });

  it("a server that keeps answering stale=true ends in STALE_LOOP", () => {
    const server = new FakeRegistrar("biloxi.com", "zanzibar", "MD5", true);
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { maxStaleRetries: 2 });
    const result = send(auth, server);
    expect(result.error?.code).toBe("STALE_LOOP");
    expect(result.rounds).toBe(4); // challenge, stale, stale, stale → give up
  });
});

describe("DigestExchange", () => {
  const auth = () => new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn" });

  it("starts without credentials and answers the challenge", () => {
    const exchange = auth().exchange();
    expect(exchange.authorize(request)).toEqual([]);
    const headers = exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "n1" })] }, request);
    expect(byName(headers)).toEqual([["Authorization", "biloxi.com", "n1", "00000001"]]);
    expect(headers[0]!.value).toMatch(/^Digest username="bob", realm="biloxi.com", nonce="n1", /);
    expect(exchange.realms).toEqual(["biloxi.com"]);
  });

  it("stale=true: new nonce, nc back to 00000001; without stale: CREDENTIALS_REJECTED", () => {
    const exchange = auth().exchange();
    exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "n1" })] }, request);
    const again = exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "n2", stale: "true" })] }, request);
    expect(byName(again)).toEqual([["Authorization", "biloxi.com", "n2", "00000001"]]);
    const error = authError(() => exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "n3" })] }, request));
    expect(error.code).toBe("CREDENTIALS_REJECTED");
    expect(error.realm).toBe("biloxi.com");
  });

  it("stale=true with the nonce just used is a loop", () => {
    const exchange = auth().exchange();
    exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "n1" })] }, request);
    expect(authError(() => exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "n1", stale: "TRUE" })] }, request)).code).toBe(
      "STALE_LOOP",
    );
  });

  it("gives up after maxStaleRetries stale challenges (default 3)", () => {
    const exchange = auth().exchange();
    exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n0" })] }, request);
    for (let i = 1; i <= 3; i++) exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: `n${i}`, stale: "true" })] }, request);
    expect(authError(() => exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n4", stale: "true" })] }, request)).code).toBe(
      "STALE_LOOP",
    );
  });

  it("a stale challenge for a realm not answered yet is simply answered", () => {
    const exchange = auth().exchange();
    const headers = exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n", stale: "true" })] }, request);
    expect(byName(headers)).toEqual([["Authorization", "r", "n", "00000001"]]);
  });

  it("keeps answering earlier realms: 407 from a proxy, then 401 from the registrar", () => {
    const exchange = auth().exchange();
    const first = exchange.respond({ proxyAuthenticate: [digest({ realm: "proxy.com", nonce: "p1" })] }, request);
    expect(byName(first)).toEqual([["Proxy-Authorization", "proxy.com", "p1", "00000001"]]);
    const second = exchange.respond({ wwwAuthenticate: [digest({ realm: "biloxi.com", nonce: "w1" })] }, request);
    expect(byName(second)).toEqual([
      ["Proxy-Authorization", "proxy.com", "p1", "00000002"],
      ["Authorization", "biloxi.com", "w1", "00000001"],
    ]);
  });

  it("answers every realm of one response (a forking proxy's merged challenges), strongest per realm", () => {
    const exchange = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn", algorithms: sha2Digest() }).exchange();
    const headers = exchange.respond(
      {
        wwwAuthenticate: [digest({ realm: "a.com", nonce: "a1" }), digest({ realm: "a.com", nonce: "a2", algorithm: "SHA-256" })],
        proxyAuthenticate: [digest({ realm: "p.com", nonce: "p1", algorithm: "SHA-512-256" }), digest({ realm: "q.com", nonce: "q1" })],
      },
      request,
    );
    expect(byName(headers)).toEqual([
      ["Authorization", "a.com", "a2", "00000001"],
      ["Proxy-Authorization", "p.com", "p1", "00000001"],
      ["Proxy-Authorization", "q.com", "q1", "00000001"],
    ]);
    expect(headers.map((h) => h.credentials.params.algorithm)).toEqual(["SHA-256", "SHA-512-256", undefined]);
  });

  it("throws when no challenge can be answered, and changes nothing", () => {
    const exchange = auth().exchange();
    expect(authError(() => exchange.respond({ wwwAuthenticate: [{ scheme: "Basic", params: { realm: "r" } }] }, request)).code).toBe(
      "NO_USABLE_CHALLENGE",
    );
    expect(authError(() => exchange.respond({ proxyAuthenticate: [digest({ realm: "r", nonce: "n", algorithm: "AKAv1-MD5" })] }, request)).code).toBe(
      "UNSUPPORTED_ALGORITHM",
    );
    expect(authError(() => exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n", qop: "auth-conf" })] }, request)).code).toBe(
      "UNSUPPORTED_QOP",
    );
    expect(authError(() => exchange.respond({}, request)).code).toBe("NO_USABLE_CHALLENGE");
    expect(exchange.realms).toEqual([]);
  });

  it("an HA1 for another algorithm makes the challenge unusable", () => {
    const exchange = new DigestAuthenticator({ username: "bob", ha1: "0".repeat(64), algorithm: "SHA-256" }, { algorithms: sha2Digest() }).exchange();
    const error = authError(() => exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n" })] }, request));
    expect(error.code).toBe("NO_USABLE_CHALLENGE");
    expect(error.realm).toBe("r");
  });

  it("preemptive exchanges reuse the last nonce; a fresh challenge for it is not a refusal, a second one is", () => {
    const a = auth();
    a.exchange().respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n1" })] }, request);
    expect(a.exchange().authorize(request)).toEqual([]);
    const exchange = a.exchange({ preemptive: true });
    expect(byName(exchange.authorize(request))).toEqual([["Authorization", "r", "n1", "00000002"]]);
    const retried = exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n2" })] }, request);
    expect(byName(retried)).toEqual([["Authorization", "r", "n2", "00000001"]]);
    expect(authError(() => exchange.respond({ wwwAuthenticate: [digest({ realm: "r", nonce: "n3" })] }, request)).code).toBe(
      "CREDENTIALS_REJECTED",
    );
    // A refused realm is forgotten: the next preemptive exchange starts empty.
    expect(a.exchange({ preemptive: true }).authorize(request)).toEqual([]);
  });
});
