import { afterEach, describe, expect, it, vi } from "vitest";
import { DigestAuthenticator } from "../../../src/core/auth/DigestAuthenticator.js";
import { toDigestChallenge } from "../../../src/core/auth/DigestChallenge.js";
import { AuthenticationError } from "../../../src/core/auth/errors.js";
import { sha2Digest } from "../../../src/core/auth/sha2Digest.js";
import type { AuthData } from "../../../src/core/grammar/ast.js";
import { H, referenceResponse } from "./reference.js";

const challenge = (params: Record<string, string>): AuthData => ({ scheme: "Digest", params: { realm: "biloxi.com", qop: "auth", ...params } });
const request = { method: "REGISTER", uri: "sip:biloxi.com" };

/** Random source returning 0, 1, 2 ... so cnonces are predictable. */
function counterRandom() {
  let next = 0;
  return (target: Uint8Array) => {
    target.fill(next++);
    return target;
  };
}

function expectAuthError(fn: () => unknown, code: string): AuthenticationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(AuthenticationError);
    expect((error as AuthenticationError).code).toBe(code);
    return error as AuthenticationError;
  }
  throw new Error(`expected AuthenticationError ${code}`);
}

describe("nonce count and cnonce", () => {
  it("nc counts 00000001, 00000002, 00000003 for one nonce, with one cnonce", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { random: counterRandom() });
    const c = challenge({ nonce: "n1" });
    const results = [1, 2, 3].map(() => auth.authorize(c, request).params);
    expect(results.map((p) => p.nc)).toEqual(["00000001", "00000002", "00000003"]);
    expect(new Set(results.map((p) => p.cnonce))).toEqual(new Set(["00".repeat(16)]));
    results.forEach((p, i) =>
      expect(p.response).toBe(
        referenceResponse({
          algorithm: "MD5",
          username: "bob",
          realm: "biloxi.com",
          password: "zanzibar",
          nonce: "n1",
          ...request,
          qop: "auth",
          nc: `0000000${i + 1}`,
          cnonce: p.cnonce,
        }),
      ),
    );
    expect(auth.nonceCount("biloxi.com", "n1")).toBe(3);
  });

  it("a new nonce starts again at 00000001 with a new cnonce", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { random: counterRandom() });
    auth.authorize(challenge({ nonce: "n1" }), request);
    auth.authorize(challenge({ nonce: "n1" }), request);
    const fresh = auth.authorize(challenge({ nonce: "n2" }), request).params;
    expect(fresh.nc).toBe("00000001");
    expect(fresh.cnonce).toBe("01".repeat(16));
    // Counts are kept per (realm, nonce): the same nonce in another realm is another count.
    expect(auth.authorize(challenge({ nonce: "n1", realm: "atlanta.com" }), request).params.nc).toBe("00000001");
    expect(auth.authorize(challenge({ nonce: "n1" }), request).params.nc).toBe("00000003");
    expect(auth.nonceCount("biloxi.com", "n2")).toBe(1);
    expect(auth.nonceCount("biloxi.com", "unknown")).toBe(0);
  });

  it("reset() forgets the counts", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "c" });
    auth.authorize(challenge({ nonce: "n1" }), request);
    auth.reset();
    expect(auth.authorize(challenge({ nonce: "n1" }), request).params.nc).toBe("00000001");
  });

  it("uses globalThis.crypto.getRandomValues by default", () => {
    const spy = vi.spyOn(globalThis.crypto, "getRandomValues");
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" });
    const a = auth.authorize(challenge({ nonce: "n1" }), request).params.cnonce!;
    const b = auth.authorize(challenge({ nonce: "n2" }), request).params.cnonce!;
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(b).toMatch(/^[0-9a-f]{32}$/);
    expect(a).not.toBe(b);
    expect(spy).toHaveBeenCalledTimes(2);
    spy.mockRestore();
  });

  describe("without any random source", () => {
    afterEach(() => {
      vi.unstubAllGlobals();
    });

    it("throws NO_RANDOM_SOURCE when a cnonce is needed, and works when none is", () => {
      vi.stubGlobal("crypto", undefined);
      const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" });
      expectAuthError(() => auth.authorize(challenge({ nonce: "n1" }), request), "NO_RANDOM_SOURCE");
      const noQop = auth.authorize({ scheme: "Digest", params: { realm: "biloxi.com", nonce: "n1" } }, request);
      expect(noQop.params.cnonce).toBeUndefined();
    });
  });
});

describe("qop choice", () => {
  const auth = () => new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn" });

  it("prefers auth when offered", () => {
    expect(auth().authorize(challenge({ nonce: "n", qop: "auth-int,auth" }), request).params.qop).toBe("auth");
  });

  it("uses auth-int when it is the only one, hashing the body", () => {
    const body = "v=0\r\n";
    const params = auth().authorize(challenge({ nonce: "n", qop: "auth-int" }), { ...request, body }).params;
    expect(params.qop).toBe("auth-int");
    const ha1 = H("MD5", "bob:biloxi.com:zanzibar");
    const ha2 = H("MD5", `REGISTER:sip:biloxi.com:${H("MD5", body)}`);
    expect(params.response).toBe(H("MD5", `${ha1}:n:00000001:cn:auth-int:${ha2}`));
  });

  it("throws UNSUPPORTED_QOP when only unknown qop values are offered", () => {
    expectAuthError(() => auth().authorize(challenge({ nonce: "n", qop: "auth-conf" }), request), "UNSUPPORTED_QOP");
  });

  it("throws UNSUPPORTED_ALGORITHM for an unknown algorithm", () => {
    expectAuthError(() => auth().authorize(challenge({ nonce: "n", algorithm: "AKAv1-MD5" }), request), "UNSUPPORTED_ALGORITHM");
  });
});

describe("echoed parameters", () => {
  it("echoes algorithm and opaque only when the challenge has them", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn" });
    const without = auth.authorize(challenge({ nonce: "n" }), request).params;
    expect("algorithm" in without).toBe(false);
    expect("opaque" in without).toBe(false);
    const withBoth = auth.authorize(challenge({ nonce: "n", algorithm: "md5", opaque: "xyz" }), request).params;
    expect(withBoth.algorithm).toBe("MD5");
    expect(withBoth.opaque).toBe("xyz");
  });

  it("accepts an already-read DigestChallenge", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn" });
    expect(auth.authorize(toDigestChallenge(challenge({ nonce: "n" })), request).params.nc).toBe("00000001");
  });
});

describe("HA1 instead of a password", () => {
  const password = { username: "bob", password: "zanzibar" };
  const algorithms = ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess", "SHA-512-256", "SHA-512-256-sess"] as const;

  it.each(algorithms)("%s: same credentials as with the password", (algorithm) => {
    const hash = algorithm.replace("-sess", "") as "MD5" | "SHA-256" | "SHA-512-256";
    const ha1 = H(hash, "bob:biloxi.com:zanzibar");
    for (const qop of ["auth", "auth-int", undefined]) {
      const params: Record<string, string> = { realm: "biloxi.com", nonce: "n", algorithm };
      if (qop) params.qop = qop;
      const c: AuthData = { scheme: "Digest", params };
      const options = { cnonce: () => "cn", algorithms: sha2Digest() };
      const a = new DigestAuthenticator(password, options).authorize(c, { ...request, body: "b" });
      const b = new DigestAuthenticator({ username: "bob", ha1, algorithm: hash }, options).authorize(c, { ...request, body: "b" });
      const upper = new DigestAuthenticator({ username: "bob", ha1: ha1.toUpperCase(), algorithm }, options).authorize(c, {
        ...request,
        body: "b",
      });
      expect(b).toEqual(a);
      expect(upper).toEqual(a);
    }
  });

  it("defaults to MD5", () => {
    const ha1 = H("MD5", "bob:biloxi.com:zanzibar");
    const auth = new DigestAuthenticator({ username: "bob", ha1 }, { cnonce: () => "cn" });
    expect(auth.authorize(challenge({ nonce: "n" }), request)).toEqual(
      new DigestAuthenticator(password, { cnonce: () => "cn" }).authorize(challenge({ nonce: "n" }), request),
    );
  });

  it("cannot answer a challenge of another hash, or of another realm when the realm is given", () => {
    const sha = new DigestAuthenticator({ username: "bob", ha1: H("SHA-256", "bob:biloxi.com:zanzibar"), algorithm: "SHA-256" }, { algorithms: sha2Digest() });
    expectAuthError(() => sha.authorize(challenge({ nonce: "n" }), request), "NO_USABLE_CHALLENGE");
    expect(sha.accepts(toDigestChallenge(challenge({ nonce: "n", algorithm: "SHA-256-sess" }), sha2Digest()))).toBe(true);
    expect(sha.accepts(toDigestChallenge(challenge({ nonce: "n", algorithm: "SHA-512-256" }), sha2Digest()))).toBe(false);

    const bound = new DigestAuthenticator({ username: "bob", ha1: H("MD5", "bob:biloxi.com:zanzibar"), realm: "biloxi.com" });
    expect(bound.accepts(toDigestChallenge(challenge({ nonce: "n" })))).toBe(true);
    expect(bound.accepts(toDigestChallenge(challenge({ nonce: "n", realm: "atlanta.com" })))).toBe(false);
  });

  it("refuses an HA1 of the wrong length or with non-hex digits", () => {
    expectAuthError(() => new DigestAuthenticator({ username: "bob", ha1: "abc" }), "INVALID_HA1");
    expectAuthError(() => new DigestAuthenticator({ username: "bob", ha1: "z".repeat(32) }), "INVALID_HA1");
    expectAuthError(() => new DigestAuthenticator({ username: "bob", ha1: "a".repeat(32), algorithm: "SHA-256" }, { algorithms: sha2Digest() }), "INVALID_HA1");
    expectAuthError(() => new DigestAuthenticator({ username: "bob", ha1: "a".repeat(64) }), "INVALID_HA1");
    expectAuthError(
      () => new DigestAuthenticator({ username: "bob", ha1: "a".repeat(32), algorithm: "SHA-1" as "MD5" }),
      "UNSUPPORTED_ALGORITHM",
    );
  });
});

describe("SHA-2 algorithms, enabled by sha2Digest()", () => {
  const named = (algorithm: string) => challenge({ nonce: "n", algorithm });

  it("without it: a SHA-256 or SHA-512-256 challenge is not answered, and the error names sha2Digest()", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn" });
    for (const algorithm of ["SHA-256", "sha-256-sess", "SHA-512-256", "SHA-512-256-sess"]) {
      const error = expectAuthError(() => auth.authorize(named(algorithm), request), "UNSUPPORTED_ALGORITHM");
      expect(error.message).toContain(JSON.stringify(algorithm));
      expect(error.message).toContain("sha2Digest()");
    }
    expect(auth.authorize(challenge({ nonce: "n", algorithm: "MD5-sess" }), request).params.algorithm).toBe("MD5-sess");
  });

  it("without it: an HA1 for SHA-256 is refused when the authenticator is made, naming sha2Digest()", () => {
    const ha1 = H("SHA-256", "bob:biloxi.com:zanzibar");
    const error = expectAuthError(() => new DigestAuthenticator({ username: "bob", ha1, algorithm: "SHA-256" }), "UNSUPPORTED_ALGORITHM");
    expect(error.message).toContain("sha2Digest()");
    expect(() => new DigestAuthenticator({ username: "bob", ha1, algorithm: "SHA-256" }, { algorithms: sha2Digest() })).not.toThrow();
  });

  it("with it: SHA-256 and SHA-512-256 challenges are answered with their hash", () => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "cn", algorithms: sha2Digest() });
    for (const algorithm of ["SHA-256", "SHA-512-256"] as const) {
      const params = auth.authorize(challenge({ nonce: algorithm, algorithm }), request).params;
      expect(params.algorithm).toBe(algorithm);
      expect(params.response).toBe(
        referenceResponse({ algorithm, username: "bob", realm: "biloxi.com", password: "zanzibar", nonce: algorithm, ...request, qop: "auth", nc: "00000001", cnonce: "cn" }),
      );
    }
  });

  it("algorithm names instead of sha2Digest()'s value are refused when the authenticator is made", () => {
    for (const algorithms of [["SHA-256"], [null], [{ name: "SHA-256" }]]) {
      const error = expectAuthError(() => new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { algorithms: algorithms as never }), "UNSUPPORTED_ALGORITHM");
      expect(error.message).toContain("sha2Digest()");
    }
  });

  it("sha2Digest() gives the four SHA-2 algorithms, the same frozen list each time", () => {
    expect(sha2Digest().map((a) => a.name)).toEqual(["SHA-512-256", "SHA-512-256-sess", "SHA-256", "SHA-256-sess"]);
    expect(sha2Digest()).toBe(sha2Digest());
    expect(Object.isFrozen(sha2Digest())).toBe(true);
  });
});
