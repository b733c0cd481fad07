import { describe, expect, it } from "vitest";
import { AuthenticationError } from "../../../src/core/auth/errors.js";
import { formatCredentials } from "../../../src/core/auth/formatCredentials.js";
import { readCredentialsHeader } from "./reference.js";

describe("formatCredentials", () => {
  it("quotes username, realm, nonce, uri, response, cnonce, opaque; leaves algorithm, qop, nc, userhash bare", () => {
    expect(
      formatCredentials({
        scheme: "Digest",
        params: {
          username: "bob",
          realm: "biloxi.com",
          nonce: "n",
          uri: "sip:bob@biloxi.com",
          response: "abc",
          algorithm: "SHA-256",
          cnonce: "c",
          opaque: "o",
          qop: "auth",
          nc: "00000001",
          userhash: "false",
        },
      }),
    ).toBe(
      'Digest username="bob", realm="biloxi.com", nonce="n", uri="sip:bob@biloxi.com", response="abc", algorithm=SHA-256, cnonce="c", opaque="o", qop=auth, nc=00000001, userhash=false',
    );
  });

  it("escapes quotes and backslashes in quoted values, keeps UTF-8", () => {
    const value = formatCredentials({ scheme: "Digest", params: { username: 'a"b\\c', realm: "réalm 世界" } });
    expect(value).toBe('Digest username="a\\"b\\\\c", realm="réalm 世界"');
    expect(readCredentialsHeader(value).params).toEqual({ username: 'a"b\\c', realm: "réalm 世界" });
  });

  it("writes extension parameters bare when they are tokens, quoted otherwise", () => {
    expect(formatCredentials({ scheme: "Digest", params: { ext: "tok-en", other: "two words" } })).toBe('Digest ext=tok-en, other="two words"');
  });

  it("keeps an empty quoted value and a scheme without parameters", () => {
    expect(formatCredentials({ scheme: "Digest", params: { username: "", realm: "" } })).toBe('Digest username="", realm=""');
    expect(formatCredentials({ scheme: "Digest", params: {} })).toBe("Digest");
  });

  it("refuses CR, LF and NUL, naming only the parameter", () => {
    for (const bad of ["a\r\nVia: evil", "a\nb", "a\rb", "a\0b"]) {
      try {
        formatCredentials({ scheme: "Digest", params: { username: "u", opaque: bad } });
        expect.unreachable();
      } catch (error) {
        expect(error).toBeInstanceOf(AuthenticationError);
        expect((error as AuthenticationError).code).toBe("INVALID_VALUE");
        expect((error as Error).message).toContain("opaque");
        expect((error as Error).message).not.toContain(bad);
      }
    }
  });

  it("refuses bare parameters that are not tokens, and bad names or schemes", () => {
    expect(() => formatCredentials({ scheme: "Digest", params: { qop: "auth, auth-int" } })).toThrow(AuthenticationError);
    expect(() => formatCredentials({ scheme: "Digest", params: { algorithm: 'MD5"' } })).toThrow(AuthenticationError);
    expect(() => formatCredentials({ scheme: "Digest", params: { "bad name": "x" } })).toThrow(AuthenticationError);
    expect(() => formatCredentials({ scheme: "Dig est", params: {} })).toThrow(AuthenticationError);
  });
});
