import { describe, expect, it } from "vitest";
import { DIGEST_ALGORITHMS, getDigestAlgorithm } from "../../../src/core/auth/allDigestAlgorithms.js";
import { DigestAuthenticator } from "../../../src/core/auth/DigestAuthenticator.js";
import { sha2Digest } from "../../../src/core/auth/sha2Digest.js";
import {
  computeDigestHa1,
  computeDigestResponse,
  computeUserhash,
  formatNonceCount,
} from "../../../src/core/auth/digestResponse.js";
import { formatCredentials } from "../../../src/core/auth/formatCredentials.js";
import { selectChallenge } from "../../../src/core/auth/selectChallenge.js";
import type { AuthData } from "../../../src/core/grammar/ast.js";
import { H, readCredentialsHeader, referenceResponse, splitAlgorithm } from "./reference.js";

const MD5 = getDigestAlgorithm("MD5");
const SHA256 = getDigestAlgorithm("SHA-256");

describe("RFC 2617 §3.5 example", () => {
  // WWW-Authenticate: Digest realm="testrealm@host.com", qop="auth,auth-int",
  //   nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque="5ccc069c403ebaf9f0171e9517f40e41"
  const challenge: AuthData = {
    scheme: "Digest",
    params: {
      realm: "testrealm@host.com",
      qop: "auth,auth-int",
      nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
      opaque: "5ccc069c403ebaf9f0171e9517f40e41",
    },
  };

  it("computes response 6629fae49393a05397450978507c4ef1", () => {
    expect(
      computeDigestResponse({
        algorithm: MD5,
        username: "Mufasa",
        realm: "testrealm@host.com",
        secret: { password: "Circle Of Life" },
        nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        method: "GET",
        uri: "/dir/index.html",
        qop: "auth",
        nc: 1,
        cnonce: "0a4f113b",
      }),
    ).toBe("6629fae49393a05397450978507c4ef1");
  });

  it("the authenticator writes the credentials of the RFC", () => {
    const auth = new DigestAuthenticator({ username: "Mufasa", password: "Circle Of Life" }, { cnonce: () => "0a4f113b" });
    const credentials = auth.authorize(challenge, { method: "GET", uri: "/dir/index.html" });
    expect(credentials).toEqual({
      scheme: "Digest",
      params: {
        username: "Mufasa",
        realm: "testrealm@host.com",
        nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        uri: "/dir/index.html",
        response: "6629fae49393a05397450978507c4ef1",
        cnonce: "0a4f113b",
        opaque: "5ccc069c403ebaf9f0171e9517f40e41",
        qop: "auth",
        nc: "00000001",
      },
    });
    expect(formatCredentials(credentials)).toBe(
      'Digest username="Mufasa", realm="testrealm@host.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", ' +
        'uri="/dir/index.html", response="6629fae49393a05397450978507c4ef1", cnonce="0a4f113b", ' +
        'opaque="5ccc069c403ebaf9f0171e9517f40e41", qop=auth, nc=00000001',
    );
  });
});

describe("RFC 7616 §3.9.1 examples", () => {
  const params = {
    realm: "http-auth@example.org",
    qop: "auth, auth-int",
    nonce: "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v",
    opaque: "FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS",
  };
  // The server sends two challenges, SHA-256 first, then MD5.
  const challenges: AuthData[] = [
    { scheme: "Digest", params: { ...params, algorithm: "SHA-256" } },
    { scheme: "Digest", params: { ...params, algorithm: "MD5" } },
  ];
  const cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
  const request = { method: "GET", uri: "/dir/index.html" };
  const user = { username: "Mufasa", password: "Circle of Life" };

  it("MD5: response 8ca523f5e9506fed4657c9700eebdbec", () => {
    const auth = new DigestAuthenticator(user, { cnonce: () => cnonce, algorithms: sha2Digest() });
    const credentials = auth.authorize(challenges[1]!, request);
    expect(credentials.params.response).toBe("8ca523f5e9506fed4657c9700eebdbec");
    expect(formatCredentials(credentials)).toBe(
      'Digest username="Mufasa", realm="http-auth@example.org", nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", ' +
        'uri="/dir/index.html", response="8ca523f5e9506fed4657c9700eebdbec", algorithm=MD5, ' +
        'cnonce="f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS", ' +
        "qop=auth, nc=00000001",
    );
  });

  it("SHA-256: response 753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1, and it is the one selected", () => {
    const selected = selectChallenge(challenges, { algorithms: sha2Digest() })!;
    expect(selected.algorithm.name).toBe("SHA-256");
    const auth = new DigestAuthenticator(user, { cnonce: () => cnonce, algorithms: sha2Digest() });
    const credentials = auth.authorize(selected, request);
    expect(credentials.params.response).toBe("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1");
    expect(credentials.params.algorithm).toBe("SHA-256");
    expect(credentials.params.nc).toBe("00000001");
    expect(credentials.params.qop).toBe("auth");
  });

  it("the same values through the pure function", () => {
    const input = { username: "Mufasa", realm: params.realm, secret: { password: "Circle of Life" }, nonce: params.nonce, ...request };
    expect(computeDigestResponse({ ...input, algorithm: MD5, qop: "auth", nc: 1, cnonce })).toBe("8ca523f5e9506fed4657c9700eebdbec");
    expect(computeDigestResponse({ ...input, algorithm: SHA256, qop: "auth", nc: 1, cnonce })).toBe(
      "753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
    );
  });
});

describe("SIP examples (draft-smith-sipping-auth-examples-01, as published in FreeRADIUS test vectors)", () => {
  const base = {
    username: "bob",
    realm: "biloxi.com",
    secret: { password: "zanzibar" },
    nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
    method: "INVITE",
    uri: "sip:bob@biloxi.com",
    nc: 1,
    cnonce: "0a4f113b",
  } as const;

  it("HA1 of bob@biloxi.com is 12af60467a33e8518da5c68bbff12b11", () => {
    expect(computeDigestHa1(MD5, "bob", "biloxi.com", "zanzibar")).toBe("12af60467a33e8518da5c68bbff12b11");
  });

  it("MD5, qop=auth: 89eb0059246c02b2f6ee02c7961d5ea3", () => {
    expect(computeDigestResponse({ ...base, algorithm: MD5, qop: "auth" })).toBe("89eb0059246c02b2f6ee02c7961d5ea3");
    expect(computeDigestResponse({ ...base, algorithm: MD5, qop: "auth", secret: { ha1: "12af60467a33e8518da5c68bbff12b11" } })).toBe(
      "89eb0059246c02b2f6ee02c7961d5ea3",
    );
  });

  it("MD5-sess, qop=auth: e4e4ea61d186d07a92c9e1f6919902e9", () => {
    expect(computeDigestResponse({ ...base, algorithm: getDigestAlgorithm("MD5-sess"), qop: "auth" })).toBe(
      "e4e4ea61d186d07a92c9e1f6919902e9",
    );
  });
});

describe("every algorithm, qop and body against the node:crypto reference", () => {
  const bodies: (string | Uint8Array | undefined)[] = [
    undefined,
    "",
    "v=0\r\no=bob 2890844527 2890844527 IN IP4 media.biloxi.com\r\ns=-\r\nc=IN IP4 media.biloxi.com\r\nt=0 0\r\nm=audio 49170 RTP/AVP 0\r\n",
    "Grüße, 世界 😀",
    new Uint8Array([0, 1, 2, 255, 254, 0x80, 13, 10]),
  ];
  const cases = [];
  for (const algorithm of DIGEST_ALGORITHMS) {
    for (const qop of [undefined, "auth", "auth-int"] as const) {
      for (const body of bodies) cases.push({ algorithm, qop, body });
    }
  }

  it.each(cases)("$algorithm.name qop=$qop", ({ algorithm, qop, body }) => {
    const common = {
      username: "alice@example.com",
      realm: "atlanta.example.com",
      nonce: "ea9c8e88df84f1cec4341ae6cbe5a359",
      method: "REGISTER",
      uri: "sip:atlanta.example.com;transport=tcp",
      cnonce: "c0ffee",
      body,
    };
    const password = "pässwörd with spaces & \"quotes\"";
    const expected = referenceResponse({ ...common, algorithm: algorithm.name, password, qop, nc: "0000002a" });
    expect(computeDigestResponse({ ...common, algorithm, qop, nc: 42, secret: { password } })).toBe(expected);

    // An HA1 (of the plain algorithm) instead of the password gives the same response.
    const { hash } = splitAlgorithm(algorithm.name);
    const ha1 = H(hash, `${common.username}:${common.realm}:${password}`);
    expect(computeDigestResponse({ ...common, algorithm, qop, nc: 42, secret: { ha1 } })).toBe(expected);
    expect(computeDigestResponse({ ...common, algorithm, qop, nc: 42, secret: { ha1: ha1.toUpperCase() } })).toBe(expected);
  });

  it.each(DIGEST_ALGORITHMS.map((a) => [a.name, a] as const))("authenticator with %s: qop=auth-int only, body hashed", (name, algorithm) => {
    const auth = new DigestAuthenticator({ username: "bob", password: "zanzibar" }, { cnonce: () => "abc123", algorithms: sha2Digest() });
    const challenge: AuthData = { scheme: "Digest", params: { realm: "biloxi.com", nonce: "n-1", qop: "auth-int", algorithm: name } };
    const body = "v=0\r\ns=-\r\n";
    const credentials = auth.authorize(challenge, { method: "INVITE", uri: "sip:bob@biloxi.com", body });
    expect(credentials.params.qop).toBe("auth-int");
    expect(credentials.params.algorithm).toBe(algorithm.name);
    expect(credentials.params.response).toBe(
      referenceResponse({
        algorithm: name,
        username: "bob",
        realm: "biloxi.com",
        password: "zanzibar",
        nonce: "n-1",
        method: "INVITE",
        uri: "sip:bob@biloxi.com",
        qop: "auth-int",
        nc: "00000001",
        cnonce: "abc123",
        body,
      }),
    );
    // Without a body, H("") is used.
    const empty = auth.authorize(challenge, { method: "INVITE", uri: "sip:bob@biloxi.com" });
    expect(empty.params.response).toBe(
      referenceResponse({
        algorithm: name,
        username: "bob",
        realm: "biloxi.com",
        password: "zanzibar",
        nonce: "n-1",
        method: "INVITE",
        uri: "sip:bob@biloxi.com",
        qop: "auth-int",
        nc: "00000002",
        cnonce: "abc123",
        body: "",
      }),
    );
  });

  it("the formatted header reads back to the same parameters", () => {
    const auth = new DigestAuthenticator({ username: 'we"ird\\user', password: "x" }, { cnonce: () => "cn", algorithms: sha2Digest() });
    const credentials = auth.authorize(
      { scheme: "Digest", params: { realm: 'r"e\\alm', nonce: "a,b=c", qop: "auth", algorithm: "sha-512-256-SESS", opaque: "o p" } },
      { method: "MESSAGE", uri: "sip:x@y.z;lr" },
    );
    const read = readCredentialsHeader(formatCredentials(credentials));
    expect(read.scheme).toBe("Digest");
    expect(read.params).toEqual(credentials.params);
    expect([...read.quoted].sort()).toEqual(["cnonce", "nonce", "opaque", "realm", "response", "uri", "username"]);
    expect(read.params.algorithm).toBe("SHA-512-256-sess");
  });
});

describe("no qop (RFC 2069 compatibility, RFC 3261 §22.4)", () => {
  it("response = H(HA1:nonce:HA2) and neither nc, cnonce nor qop is sent", () => {
    const auth = new DigestAuthenticator({ username: "Mufasa", password: "CircleOfLife" }, { algorithms: sha2Digest() });
    const credentials = auth.authorize(
      { scheme: "Digest", params: { realm: "testrealm@host.com", nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093", opaque: "5ccc069c403ebaf9f0171e9517f40e41" } },
      { method: "GET", uri: "/dir/index.html" },
    );
    const ha1 = H("MD5", "Mufasa:testrealm@host.com:CircleOfLife");
    const ha2 = H("MD5", "GET:/dir/index.html");
    expect(credentials.params.response).toBe(H("MD5", `${ha1}:dcd98b7102dd2f0e8b11d0f600bfb0c093:${ha2}`));
    expect(Object.keys(credentials.params)).toEqual(["username", "realm", "nonce", "uri", "response", "opaque"]);
  });

  it("a -sess algorithm without qop still sends the cnonce its HA1 depends on", () => {
    const auth = new DigestAuthenticator({ username: "u", password: "p" }, { cnonce: () => "cc", algorithms: sha2Digest() });
    const credentials = auth.authorize(
      { scheme: "Digest", params: { realm: "r", nonce: "n", algorithm: "MD5-sess" } },
      { method: "OPTIONS", uri: "sip:r" },
    );
    expect(credentials.params.cnonce).toBe("cc");
    expect(credentials.params.qop).toBeUndefined();
    expect(credentials.params.nc).toBeUndefined();
    const sessHa1 = H("MD5", `${H("MD5", "u:r:p")}:n:cc`);
    expect(credentials.params.response).toBe(H("MD5", `${sessHa1}:n:${H("MD5", "OPTIONS:sip:r")}`));
  });
});

describe("userhash (RFC 7616 §3.4.4)", () => {
  const challenge: AuthData = {
    scheme: "Digest",
    params: { realm: "api@example.org", nonce: "5TsQWLVdgBdmrQ0XsxbDODV+57QdFR34I9HAbC/RVvkK", qop: "auth", algorithm: "SHA-512-256", userhash: "true" },
  };

  it("sends H(username:realm) and userhash=true when enabled and offered", () => {
    const auth = new DigestAuthenticator({ username: "Jäsön Doe", password: "Secret, or not?" }, { userhash: true, cnonce: () => "cn", algorithms: sha2Digest() });
    const credentials = auth.authorize(challenge, { method: "GET", uri: "/doe.json" });
    expect(credentials.params.username).toBe(H("SHA-512-256", "Jäsön Doe:api@example.org"));
    expect(credentials.params.username).toBe(computeUserhash(getDigestAlgorithm("SHA-512-256"), "Jäsön Doe", "api@example.org"));
    expect(credentials.params.userhash).toBe("true");
    // The response is still computed with the real username.
    expect(credentials.params.response).toBe(
      referenceResponse({
        algorithm: "SHA-512-256",
        username: "Jäsön Doe",
        realm: "api@example.org",
        password: "Secret, or not?",
        nonce: challenge.params.nonce!,
        method: "GET",
        uri: "/doe.json",
        qop: "auth",
        nc: "00000001",
        cnonce: "cn",
      }),
    );
    expect(formatCredentials(credentials)).toContain(", userhash=true");
  });

  it("sends the plain username when not enabled, or not offered", () => {
    const off = new DigestAuthenticator({ username: "Jäsön Doe", password: "x" }, { cnonce: () => "cn", algorithms: sha2Digest() });
    expect(off.authorize(challenge, { method: "GET", uri: "/" }).params.username).toBe("Jäsön Doe");
    const on = new DigestAuthenticator({ username: "Jäsön Doe", password: "x" }, { userhash: true, cnonce: () => "cn", algorithms: sha2Digest() });
    const plain = on.authorize({ scheme: "Digest", params: { ...challenge.params, userhash: "false" } }, { method: "GET", uri: "/" });
    expect(plain.params.username).toBe("Jäsön Doe");
    expect(plain.params.userhash).toBeUndefined();
  });
});

describe("formatNonceCount", () => {
  it("writes 8 lowercase hex digits", () => {
    expect(formatNonceCount(1)).toBe("00000001");
    expect(formatNonceCount(255)).toBe("000000ff");
    expect(formatNonceCount(0xffffffff)).toBe("ffffffff");
  });

  it("refuses counts outside 1..2^32-1", () => {
    for (const n of [0, -1, 1.5, 2 ** 32, Number.NaN]) expect(() => formatNonceCount(n)).toThrow(RangeError);
  });
});
