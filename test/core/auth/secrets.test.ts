/**
 * Credentials must never show: not in toString, JSON, util.inspect, error messages or stacks,
 * nor in anything the module returns (RFC 7616 §5: the password and HA1 are secrets).
 */
import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { DigestAuthenticator } from "../../../src/core/auth/DigestAuthenticator.js";
import { toDigestChallenge } from "../../../src/core/auth/DigestChallenge.js";
import { AuthenticationError } from "../../../src/core/auth/errors.js";
import { sha2Digest } from "../../../src/core/auth/sha2Digest.js";
import { formatCredentials } from "../../../src/core/auth/formatCredentials.js";
import type { AuthData } from "../../../src/core/grammar/ast.js";
import { H } from "./reference.js";

const PASSWORD = "Sup3r-S3cret-Passw0rd";
const REALM = "biloxi.com";
const HA1_MD5 = H("MD5", `bob:${REALM}:${PASSWORD}`);
const HA1_SHA = H("SHA-256", `bob:${REALM}:${PASSWORD}`);
/** The options enabling the SHA-2 algorithms. */
const sha2 = { algorithms: sha2Digest() };
const SECRETS = [PASSWORD, HA1_MD5, HA1_MD5.toUpperCase(), HA1_SHA, H("SHA-512-256", `bob:${REALM}:${PASSWORD}`)];

const request = { method: "INVITE", uri: "sip:alice@atlanta.com", body: "v=0\r\n" };
const digest = (params: Record<string, string>): AuthData => ({ scheme: "Digest", params: { realm: REALM, qop: "auth", ...params } });

/** Every way an object may be turned into text. */
function renderings(value: unknown): string[] {
  const out = [
    String(value),
    JSON.stringify(value) ?? "",
    inspect(value, { depth: Infinity, showHidden: true, getters: true }),
    inspect(value, { depth: Infinity, customInspect: false, showHidden: true }),
  ];
  if (value instanceof Error) out.push(value.message, value.stack ?? "", JSON.stringify({ ...value }));
  if (value && typeof value === "object") {
    for (const key of Reflect.ownKeys(value)) {
      const v = (value as Record<PropertyKey, unknown>)[key];
      out.push(String(key), typeof v === "function" ? "" : inspect(v, { depth: Infinity }));
    }
  }
  return out;
}

it("the check itself finds a leaked secret", () => {
  expect(() => expectNoSecret({ deep: [{ x: PASSWORD.toString() }] })).toThrow();
  expect(() => expectNoSecret(new Error(`bad ${HA1_MD5}`))).toThrow();
});

function expectNoSecret(value: unknown): void {
  for (const text of renderings(value)) for (const secret of SECRETS) expect(text).not.toContain(secret);
}

function caught(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error("expected an error");
}

describe("credentials never appear", () => {
  const makers = {
    password: () => new DigestAuthenticator({ username: "bob", password: PASSWORD }, sha2),
    "MD5 HA1": () => new DigestAuthenticator({ username: "bob", ha1: HA1_MD5.toUpperCase() }, sha2),
    "SHA-256 HA1": () => new DigestAuthenticator({ username: "bob", ha1: HA1_SHA, algorithm: "SHA-256", realm: REALM }, sha2),
  };

  it.each(Object.entries(makers))("%s: the authenticator, its exchanges, and everything they return", (_, make) => {
    const auth = make();
    expect(String(auth)).toBe('DigestAuthenticator(username="bob")');
    expect(JSON.parse(JSON.stringify(auth))).toEqual({ type: "DigestAuthenticator", username: "bob" });
    expectNoSecret(auth);
    expectNoSecret({ nested: { auth } });

    const exchange = auth.exchange();
    const outputs: unknown[] = [];
    for (const algorithm of ["MD5", "MD5-sess", "SHA-256", "SHA-256-sess"]) {
      for (const qop of ["auth", "auth-int"]) {
        const c = digest({ nonce: `${algorithm}-${qop}`, algorithm, qop });
        if (!auth.accepts(toDigestChallenge(c, sha2Digest()))) continue;
        const credentials = auth.authorize(c, request);
        outputs.push(credentials, formatCredentials(credentials));
      }
    }
    const headers = exchange.respond({ wwwAuthenticate: [digest({ nonce: "x", algorithm: "SHA-256" }), digest({ nonce: "y" })] }, request);
    expect(outputs.length).toBeGreaterThan(2);
    outputs.push(headers, exchange);
    expectNoSecret(outputs);
    expectNoSecret(exchange);
    expectNoSecret(auth); // after use too
  });

  it("in every error", () => {
    const auth = makers.password();
    const errors: unknown[] = [
      caught(() => new DigestAuthenticator({ username: "bob", ha1: PASSWORD })),
      caught(() => new DigestAuthenticator({ username: "bob", ha1: HA1_MD5, algorithm: "SHA-256" }, sha2)),
      caught(() => new DigestAuthenticator({ username: "bob", ha1: HA1_SHA })),
      caught(() => makers["SHA-256 HA1"]().authorize(digest({ nonce: "n" }), request)),
      caught(() => auth.authorize(digest({ nonce: "n", qop: "auth-conf" }), request)),
      caught(() => auth.authorize(digest({ nonce: "n", algorithm: "AKAv1-MD5" }), request)),
      caught(() => new DigestAuthenticator({ username: "bob", ha1: HA1_SHA, algorithm: "SHA-256" })),
      caught(() => formatCredentials({ scheme: "Digest", params: { username: `${PASSWORD}\r\n` } })),
      caught(() => formatCredentials({ scheme: "Digest", params: { qop: `${PASSWORD} x` } })),
    ];
    const exchange = auth.exchange();
    exchange.respond({ wwwAuthenticate: [digest({ nonce: "n1" })] }, request);
    errors.push(caught(() => exchange.respond({ wwwAuthenticate: [digest({ nonce: "n2" })] }, request)));
    const stale = auth.exchange();
    stale.respond({ wwwAuthenticate: [digest({ nonce: "s1" })] }, request);
    errors.push(caught(() => stale.respond({ wwwAuthenticate: [digest({ nonce: "s1", stale: "true" })] }, request)));
    errors.push(caught(() => auth.exchange().respond({ wwwAuthenticate: [{ scheme: "Basic", params: { realm: REALM } }] }, request)));

    expect(errors.map((e) => (e as AuthenticationError).code)).toEqual([
      "INVALID_HA1",
      "INVALID_HA1",
      "INVALID_HA1",
      "NO_USABLE_CHALLENGE",
      "UNSUPPORTED_QOP",
      "UNSUPPORTED_ALGORITHM",
      "UNSUPPORTED_ALGORITHM",
      "INVALID_VALUE",
      "INVALID_VALUE",
      "CREDENTIALS_REJECTED",
      "STALE_LOOP",
      "NO_USABLE_CHALLENGE",
    ]);
    for (const error of errors) {
      expect(error).toBeInstanceOf(AuthenticationError);
      expectNoSecret(error);
    }
  });
});
