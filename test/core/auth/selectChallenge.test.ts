import { describe, expect, it } from "vitest";
import { chooseQop, readDigestChallenge, toDigestChallenge } from "../../../src/core/auth/DigestChallenge.js";
import { AuthenticationError } from "../../../src/core/auth/errors.js";
import {
  analyzeChallenges,
  noUsableChallengeError,
  selectChallenge,
  selectChallenges,
} from "../../../src/core/auth/selectChallenge.js";
import { sha2Digest } from "../../../src/core/auth/sha2Digest.js";
import type { AuthData } from "../../../src/core/grammar/ast.js";

const digest = (params: Record<string, string>, scheme = "Digest"): AuthData => ({ scheme, params });
const ch = (realm: string, algorithm: string | undefined, nonce = `${realm}-${algorithm}`) =>
  digest(algorithm === undefined ? { realm, nonce, qop: "auth" } : { realm, nonce, qop: "auth", algorithm });
/** The options enabling the SHA-2 algorithms. */
const sha2 = { algorithms: sha2Digest() };

describe("readDigestChallenge", () => {
  it("reads the parameters of RFC 7616 §3.3", () => {
    const result = readDigestChallenge(
      digest({ realm: "r", nonce: "n", algorithm: "sha-256", qop: "auth-int, auth, token", opaque: "o", stale: "TRUE", userhash: "true" }),
      sha2Digest(),
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const c = result.challenge;
    expect(c.realm).toBe("r");
    expect(c.nonce).toBe("n");
    expect(c.algorithm.name).toBe("SHA-256");
    expect(c.algorithmGiven).toBe(true);
    expect(c.qop).toEqual(["auth-int", "auth"]);
    expect(c.opaque).toBe("o");
    expect(c.stale).toBe(true);
    expect(c.userhash).toBe(true);
  });

  it("defaults: MD5, no qop, not stale", () => {
    const c = toDigestChallenge(digest({ realm: "r", nonce: "n", stale: "false" }));
    expect(c.algorithm.name).toBe("MD5");
    expect(c.algorithmGiven).toBe(false);
    expect(c.qop).toBeUndefined();
    expect(c.opaque).toBeUndefined();
    expect(c.stale).toBe(false);
    expect(c.userhash).toBe(false);
  });

  it("accepts the scheme in any case", () => {
    for (const scheme of ["Digest", "digest", "DIGEST"]) expect(readDigestChallenge(digest({ realm: "r", nonce: "n" }, scheme)).ok).toBe(true);
  });

  it("says why a challenge cannot be answered", () => {
    const reason = (data: AuthData) => {
      const r = readDigestChallenge(data);
      return r.ok ? "ok" : r.reason;
    };
    expect(reason(digest({ realm: "r" }, "Basic"))).toBe("NO_USABLE_CHALLENGE");
    expect(reason(digest({ realm: "r", nonce: "n", algorithm: "AKAv1-MD5" }))).toBe("UNSUPPORTED_ALGORITHM");
    expect(reason(digest({ realm: "r", nonce: "n", qop: "auth-conf" }))).toBe("UNSUPPORTED_QOP");
    expect(reason(digest({ realm: "r", nonce: "n", qop: "" }))).toBe("UNSUPPORTED_QOP");
    expect(reason(digest({ nonce: "n" }))).toBe("INVALID_CHALLENGE");
    expect(reason(digest({ realm: "r" }))).toBe("INVALID_CHALLENGE");
    expect(reason(digest({ realm: "r", nonce: "" }))).toBe("INVALID_CHALLENGE");
    expect(() => toDigestChallenge(digest({ realm: "r", nonce: "n", algorithm: "SHA-1" }))).toThrow(AuthenticationError);
  });
});

describe("chooseQop", () => {
  it("prefers auth, uses auth-int when it is the only one, none when none offered", () => {
    expect(chooseQop(["auth", "auth-int"])).toBe("auth");
    expect(chooseQop(["auth-int", "auth"])).toBe("auth");
    expect(chooseQop(["auth-int"])).toBe("auth-int");
    expect(chooseQop(undefined)).toBeUndefined();
  });
});

describe("selectChallenge", () => {
  it("picks the strongest supported algorithm: SHA-512-256 > SHA-256 > MD5", () => {
    expect(selectChallenge([ch("r", "MD5"), ch("r", "SHA-512-256"), ch("r", "SHA-256")], sha2)?.algorithm.name).toBe("SHA-512-256");
    expect(selectChallenge([ch("r", "MD5"), ch("r", "SHA-256")], sha2)?.algorithm.name).toBe("SHA-256");
    expect(selectChallenge([ch("r", undefined), ch("r", "sha-256")], sha2)?.algorithm.name).toBe("SHA-256");
    expect(selectChallenge([ch("r", "SHA-256"), ch("r", "MD5-sess")], sha2)?.algorithm.name).toBe("SHA-256");
  });

  it("keeps the server's order among equally strong algorithms (RFC 7616 §3.7)", () => {
    expect(selectChallenge([ch("r", "SHA-256-sess"), ch("r", "SHA-256")], sha2)?.algorithm.name).toBe("SHA-256-sess");
    expect(selectChallenge([ch("r", "SHA-256"), ch("r", "SHA-256-sess")], sha2)?.algorithm.name).toBe("SHA-256");
    expect(selectChallenge([ch("r", "MD5", "first"), ch("r", "MD5", "second")])?.nonce).toBe("first");
  });

  it("ignores other schemes, unknown algorithms and malformed challenges", () => {
    const challenges = [
      digest({ realm: "r" }, "Basic"),
      digest({ realm: "r", nonce: "x", algorithm: "AKAv1-MD5" }),
      digest({ realm: "r", nonce: "y", algorithm: "SHA-1" }),
      digest({ realm: "r", algorithm: "SHA-512-256" }),
      digest({ realm: "r", nonce: "z", algorithm: "SHA-512-256", qop: "auth-conf" }),
      digest({ token: "abc" }, "Bearer"),
      ch("r", "MD5"),
    ];
    const analysis = analyzeChallenges(challenges, sha2);
    expect(analysis.selected.map((c) => c.algorithm.name)).toEqual(["MD5"]);
    expect(analysis.rejected.map((r) => r.reason)).toEqual([
      "NO_USABLE_CHALLENGE",
      "UNSUPPORTED_ALGORITHM",
      "UNSUPPORTED_ALGORITHM",
      "INVALID_CHALLENGE",
      "UNSUPPORTED_QOP",
      "NO_USABLE_CHALLENGE",
    ]);
  });

  it("chooses per realm, in the order realms first appear", () => {
    const selected = selectChallenges([
      ch("proxy.example.com", "MD5"),
      ch("example.com", "SHA-256"),
      ch("proxy.example.com", "SHA-512-256"),
      ch("example.com", "MD5"),
      ch("Example.com", "MD5"),
    ], sha2);
    expect(selected.map((c) => [c.realm, c.algorithm.name])).toEqual([
      ["proxy.example.com", "SHA-512-256"],
      ["example.com", "SHA-256"],
      ["Example.com", "MD5"], // realms compare case-sensitively
    ]);
    expect(selectChallenge([ch("a", "MD5"), ch("b", "SHA-256")])?.realm).toBe("a");
    expect(selectChallenge([ch("a", "MD5"), ch("b", "SHA-256")], { ...sha2, realm: "b" })?.algorithm.name).toBe("SHA-256");
    expect(selectChallenge([ch("a", "MD5")], { realm: "c" })).toBeUndefined();
  });

  it("applies the accept filter", () => {
    const challenges = [ch("r", "SHA-256"), ch("r", "MD5")];
    const selected = selectChallenge(challenges, { ...sha2, accept: (c) => c.algorithm.hash === "MD5" });
    expect(selected?.algorithm.name).toBe("MD5");
    const analysis = analyzeChallenges(challenges, { ...sha2, accept: () => false });
    expect(analysis.selected).toEqual([]);
    expect(analysis.rejected.map((r) => r.reason)).toEqual(["NO_USABLE_CHALLENGE", "NO_USABLE_CHALLENGE"]);
  });

  it("without sha2Digest(): SHA-2 challenges are refused, MD5 ones still chosen", () => {
    expect(selectChallenge([ch("r", "SHA-512-256"), ch("r", "SHA-256"), ch("r", "MD5")])?.algorithm.name).toBe("MD5");
    expect(selectChallenge([ch("r", "SHA-256"), ch("r", "SHA-512-256-sess")])).toBeUndefined();
    const { rejected } = analyzeChallenges([ch("r", "SHA-256")]);
    expect(rejected.map((r) => r.reason)).toEqual(["UNSUPPORTED_ALGORITHM"]);
    const error = noUsableChallengeError(rejected);
    expect(error.code).toBe("UNSUPPORTED_ALGORITHM");
    expect(error.message).toContain("sha2Digest()");
  });

  it("returns undefined when nothing is usable", () => {
    expect(selectChallenge([])).toBeUndefined();
    expect(selectChallenge([digest({ realm: "r" }, "Basic")])).toBeUndefined();
  });
});

describe("noUsableChallengeError", () => {
  const code = (challenges: AuthData[]) => noUsableChallengeError(analyzeChallenges(challenges).rejected).code;

  it("reports the most specific reason", () => {
    expect(code([])).toBe("NO_USABLE_CHALLENGE");
    expect(code([digest({ realm: "r" }, "Basic")])).toBe("NO_USABLE_CHALLENGE");
    expect(code([digest({ realm: "r" }, "Basic"), digest({ realm: "r", nonce: "n", algorithm: "SHA-1" })])).toBe("UNSUPPORTED_ALGORITHM");
    expect(code([digest({ realm: "r", nonce: "n", algorithm: "SHA-1" }), digest({ realm: "r", nonce: "n", qop: "x" })])).toBe(
      "UNSUPPORTED_QOP",
    );
    expect(code([digest({ realm: "r" })])).toBe("INVALID_CHALLENGE");
  });

  it("names the realm", () => {
    const error = noUsableChallengeError(analyzeChallenges([digest({ realm: "sip.example.com", nonce: "n", algorithm: "SHA-1" })]).rejected);
    expect(error.realm).toBe("sip.example.com");
    expect(error).toBeInstanceOf(AuthenticationError);
  });
});
