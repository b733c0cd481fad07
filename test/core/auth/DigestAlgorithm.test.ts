import { describe, expect, it } from "vitest";
import { DIGEST_ALGORITHMS, digestAlgorithmOfHash, findDigestAlgorithm, getDigestAlgorithm } from "../../../src/core/auth/allDigestAlgorithms.js";
import { compareDigestAlgorithms, DIGEST_MD5, type DigestAlgorithm } from "../../../src/core/auth/DigestAlgorithm.js";
import { AuthenticationError } from "../../../src/core/auth/errors.js";
import { sha2Digest } from "../../../src/core/auth/sha2Digest.js";
import { SipError } from "../../../src/core/messages/errors.js";
import { H } from "./reference.js";

describe("DigestAlgorithm", () => {
  it("implements the six algorithms of RFC 7616 §6.1, strongest first", () => {
    expect(DIGEST_ALGORITHMS.map((a) => a.name)).toEqual(["SHA-512-256", "SHA-512-256-sess", "SHA-256", "SHA-256-sess", "MD5", "MD5-sess"]);
  });

  it("finds names case-insensitively; a missing algorithm is MD5", () => {
    expect(findDigestAlgorithm("md5")).toBe(DIGEST_MD5);
    expect(findDigestAlgorithm(undefined)).toBe(DIGEST_MD5);
    expect(findDigestAlgorithm(null)).toBe(DIGEST_MD5);
    expect(findDigestAlgorithm("sha-256")?.name).toBe("SHA-256");
    expect(findDigestAlgorithm("Sha-512-256-SESS")?.name).toBe("SHA-512-256-sess");
    expect(findDigestAlgorithm("md5-Sess")?.session).toBe(true);
    expect(findDigestAlgorithm(" SHA-256 ")?.name).toBe("SHA-256");
  });

  it("looks only among MD5, MD5-sess and the algorithms given, when given", () => {
    expect(findDigestAlgorithm("SHA-256", [])).toBeUndefined();
    expect(findDigestAlgorithm("MD5-sess", [])?.name).toBe("MD5-sess");
    expect(findDigestAlgorithm(undefined, [])).toBe(DIGEST_MD5);
    expect(findDigestAlgorithm("sha-512-256", sha2Digest())).toBe(sha2Digest()[0]);
    try {
      getDigestAlgorithm("SHA-256", []);
      expect.unreachable();
    } catch (error) {
      expect((error as AuthenticationError).code).toBe("UNSUPPORTED_ALGORITHM");
      expect((error as AuthenticationError).message).toContain("sha2Digest()");
    }
  });

  it("does not know other algorithms", () => {
    for (const name of ["AKAv1-MD5", "SHA-1", "SHA-512", "SHA512-256", "", "token"]) expect(findDigestAlgorithm(name)).toBeUndefined();
    try {
      getDigestAlgorithm("AKAv1-MD5");
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expect(error).toBeInstanceOf(SipError);
      expect((error as AuthenticationError).code).toBe("UNSUPPORTED_ALGORITHM");
    }
  });

  it("orders strength SHA-512-256 > SHA-256 > MD5, a -sess variant as its hash", () => {
    const [sha512_256, sha512_256sess, sha256, sha256sess, md5, md5sess] = DIGEST_ALGORITHMS as readonly DigestAlgorithm[] as [
      DigestAlgorithm,
      DigestAlgorithm,
      DigestAlgorithm,
      DigestAlgorithm,
      DigestAlgorithm,
      DigestAlgorithm,
    ];
    expect(compareDigestAlgorithms(sha512_256, sha256)).toBeLessThan(0);
    expect(compareDigestAlgorithms(sha256, md5)).toBeLessThan(0);
    expect(compareDigestAlgorithms(md5, sha512_256)).toBeGreaterThan(0);
    expect(compareDigestAlgorithms(sha256sess, sha256)).toBe(0);
    expect(compareDigestAlgorithms(md5sess, sha512_256sess)).toBeGreaterThan(0);
    expect([...DIGEST_ALGORITHMS].reverse().sort(compareDigestAlgorithms).map((a) => a.hash)).toEqual([
      "SHA-512-256",
      "SHA-512-256",
      "SHA-256",
      "SHA-256",
      "MD5",
      "MD5",
    ]);
  });

  it("hashes with the right function", () => {
    expect(getDigestAlgorithm("MD5").digest("abc")).toBe(H("MD5", "abc"));
    expect(getDigestAlgorithm("SHA-256-sess").digest("abc")).toBe(H("SHA-256", "abc"));
    expect(getDigestAlgorithm("SHA-512-256").digest("abc")).toBe(H("SHA-512-256", "abc"));
    for (const a of DIGEST_ALGORITHMS) expect(a.digest("x")).toHaveLength(a.hexLength);
  });

  it("maps a hash to its plain algorithm", () => {
    expect(digestAlgorithmOfHash("SHA-256").name).toBe("SHA-256");
    expect(digestAlgorithmOfHash("MD5").session).toBe(false);
  });

  it("is frozen", () => {
    expect(Object.isFrozen(DIGEST_MD5)).toBe(true);
    expect(Object.isFrozen(DIGEST_ALGORITHMS)).toBe(true);
  });
});
