import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { utf8Encode } from "../../../src/core/auth/hashes/bytes.js";
import { md5 } from "../../../src/core/auth/hashes/md5.js";
import { sha256 } from "../../../src/core/auth/hashes/sha256.js";
import { sha2Iv } from "../../../src/core/auth/hashes/sha2.js";
import { sha512, sha512_256, sha512_256Iv } from "../../../src/core/auth/hashes/sha512-256.js";

const node = (algorithm: string, input: string | Uint8Array) => createHash(algorithm).update(input).digest("hex");

/** Deterministic pseudo-random bytes (xorshift32), so failures are reproducible. */
function bytes(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed | 0 || 1;
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  return out;
}

const ascii = (length: number) => "abcdefghijklmnopqrstuvwxyz0123456789".repeat(Math.ceil(length / 36) + 1).slice(0, length);

/** Lengths around every padding boundary of 64- and 128-byte blocks, and a few large ones. */
const LENGTHS = [
  0, 1, 2, 3, 31, 32, 55, 56, 57, 63, 64, 65, 111, 112, 113, 119, 120, 127, 128, 129, 183, 184, 191, 192, 239, 240, 255, 256,
  1000, 1023, 1024, 4097, 100_000,
];

const STRINGS = [
  "",
  "a",
  "abc",
  "message digest",
  "The quick brown fox jumps over the lazy dog",
  "Mufasa:testrealm@host.com:Circle Of Life",
  "Jäsön Doe:api@example.org:Secret, or not?",
  "日本語のテキスト",
  "emoji 😀🎉 and more 👩‍👩‍👧",
  "Ωμέγα — “quotes” ‘single’ …",
  "lone surrogate \ud800 here and \udc00 there",
  "trailing high surrogate \ud83d",
  "\u0000\u0001\u007f\u0080\u07ff\u0800\uffff",
  "é".repeat(28), // 56 bytes
  "é".repeat(32), // 64 bytes
  "€".repeat(40), // 120 bytes
  "𝄞".repeat(30), // 120 bytes of 4-byte sequences
];

const HASHES = [
  ["md5", md5],
  ["sha256", sha256],
  ["sha512-256", sha512_256],
  ["sha512", sha512],
] as const;

describe.each(HASHES)("%s", (name, hash) => {
  it("matches node:crypto on ASCII strings of every boundary length", () => {
    for (const length of LENGTHS) expect(hash(ascii(length)), `length ${length}`).toBe(node(name, ascii(length)));
  });

  it("matches node:crypto on byte arrays of every boundary length", () => {
    for (const length of LENGTHS) {
      const data = bytes(length, length + 7);
      expect(hash(data), `length ${length}`).toBe(node(name, data));
    }
  });

  it("matches node:crypto on non-ASCII and edge-case strings (hashed as UTF-8)", () => {
    for (const s of STRINGS) expect(hash(s), JSON.stringify(s)).toBe(node(name, s));
  });

  it("matches node:crypto on 300 random lengths", () => {
    for (let i = 0; i < 300; i++) {
      const data = bytes((i * 37) % 700, i + 1);
      expect(hash(data)).toBe(node(name, data));
    }
  });

  it("hashes a string and its UTF-8 bytes the same way", () => {
    for (const s of STRINGS) expect(hash(s)).toBe(hash(utf8Encode(s)));
  });

  it("returns lowercase hex of the right length", () => {
    const length = { md5: 32, sha256: 64, "sha512-256": 64, sha512: 128 }[name];
    expect(hash("x")).toMatch(new RegExp(`^[0-9a-f]{${length}}$`));
  });

  it("does not modify the input bytes", () => {
    const data = bytes(130, 3);
    const copy = data.slice();
    hash(data);
    expect(data).toEqual(copy);
  });
});

describe("known answers", () => {
  it("MD5 test suite of RFC 1321 §A.5", () => {
    expect(md5("")).toBe("d41d8cd98f00b204e9800998ecf8427e");
    expect(md5("a")).toBe("0cc175b9c0f1b6a831c399e269772661");
    expect(md5("abc")).toBe("900150983cd24fb0d6963f7d28e17f72");
    expect(md5("message digest")).toBe("f96b697d7cb7938d525a2f31aaf161d0");
    expect(md5("abcdefghijklmnopqrstuvwxyz")).toBe("c3fcd3d76192e4007dfb496cca67e13b");
    expect(md5("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789")).toBe("d174ab98d277d9f5a5611c2c9f419d9f");
    expect(md5("1234567890".repeat(8))).toBe("57edf4a22be3c955ac49da2e2107b67a");
  });

  it("SHA-256 and SHA-512/256 of 'abc' (FIPS 180-4 examples)", () => {
    expect(sha256("abc")).toBe("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    expect(sha512_256("abc")).toBe("53048e2681941ef99b2e29b76b4c7dabe4c2d0c634fc6d46e0e2f13107e7af23");
  });

  it("the initial hash values computed from prime roots and by §5.3.6 are FIPS 180-4's tables", () => {
    const hex = (words: readonly bigint[]) => words.map((w) => w.toString(16));
    // §5.3.3 (SHA-256), §5.3.5 (SHA-512), §5.3.6.2 (SHA-512/256, derived from SHA-512 and "SHA-512/256").
    expect(hex(sha2Iv(false))).toEqual(["6a09e667", "bb67ae85", "3c6ef372", "a54ff53a", "510e527f", "9b05688c", "1f83d9ab", "5be0cd19"]);
    expect(hex(sha2Iv(true))).toEqual([
      "6a09e667f3bcc908", "bb67ae8584caa73b", "3c6ef372fe94f82b", "a54ff53a5f1d36f1",
      "510e527fade682d1", "9b05688c2b3e6c1f", "1f83d9abfb41bd6b", "5be0cd19137e2179",
    ]);
    expect(hex(sha512_256Iv())).toEqual([
      "22312194fc2bf72c", "9f555fa3c84c64c2", "2393b86b6f53b151", "963877195940eabd",
      "96283ee2a88effe3", "be5e1e2553863992", "2b0199fc2c85b8aa", "eb72ddc81c52ca2",
    ]);
  });
});

describe("utf8Encode", () => {
  it("matches Buffer.from(s, 'utf8') including lone surrogates", () => {
    for (const s of STRINGS) expect(Array.from(utf8Encode(s))).toEqual(Array.from(Buffer.from(s, "utf8")));
  });
});
