import { describe, expect, it } from "vitest";
import { type GrammarRule, parseHeaderValue } from "../../../src/core/grammar/index.js";
import { StartRules } from "../../../src/core/grammar/generated/sip-parser.js";
import { ParseError, SipError } from "../../../src/core/messages/errors.js";

function catchError(f: () => unknown): ParseError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    return e as ParseError;
  }
  throw new Error("expected a ParseError");
}

describe("parseHeaderValue", () => {
  it("the generated parser allows exactly the start rules of GrammarRules", () => {
    const all: Record<GrammarRule, true> = {
      Uri: true,
      NameAddrOrAddrSpec: true,
      Contact: true,
      RouteList: true,
      IdentityList: true,
      Via: true,
      CSeq: true,
      CallId: true,
      Integer: true,
      ContentType: true,
      TokenList: true,
      Challenge: true,
      Credentials: true,
      Event: true,
      SubscriptionState: true,
      SessionExpires: true,
      RAck: true,
      Replaces: true,
      Reason: true,
      RetryAfter: true,
      Warning: true,
      Accept: true,
      Date: true,
      Text: true,
    };
    expect([...StartRules].sort()).toEqual(Object.keys(all).sort());
  });

  it("throws ParseError HEADER_VALUE with the offset of the fault and the header name", () => {
    const e = catchError(() => parseHeaderValue("Via", "SIP/2.0/UDP 192.0.2.15;;,;,,", "Via"));
    expect(e).toBeInstanceOf(SipError);
    expect(e.code).toBe("HEADER_VALUE");
    expect(e.offset).toBe(23);
    expect(e.header).toBe("Via");
    expect(e.message).toContain("SIP/2.0/UDP 192.0.2.15;;,;,,");
  });

  it("offsets of other faults", () => {
    expect(catchError(() => parseHeaderValue("Contact", "sip:user@example.com?Route=%3Csip:sip.example.com%3E")).offset).toBe(20);
    expect(catchError(() => parseHeaderValue("Uri", "sip:user@example.com; lr")).offset).toBe(21);
    expect(catchError(() => parseHeaderValue("NameAddrOrAddrSpec", "Bell, Alexander <sip:a.g.bell@example.com>")).offset).toBe(4);
    expect(catchError(() => parseHeaderValue("CSeq", "36893488147419103232 REGISTER")).offset).toBe(0);
    expect(catchError(() => parseHeaderValue("Integer", "")).offset).toBe(0);
  });

  it("header is undefined without a header name; the message names the rule", () => {
    const e = catchError(() => parseHeaderValue("CSeq", "x"));
    expect(e.header).toBeUndefined();
    expect(e.message).toContain("CSeq");
  });

  it.each([
    ["Credentials", "Authorization"],
    ["Credentials", "proxy-authorization"],
    ["Credentials", undefined],
    ["Text", "AUTHORIZATION"],
  ] as const)("never puts the value of %s (%s) in the message", (rule, header) => {
    const value = 'Digest username="s3cr3t-user", response="d00dfeed"x';
    const e = catchError(() => parseHeaderValue(rule, value + "\u0000", header));
    expect(e.message).not.toContain("s3cr3t");
    expect(e.message).not.toContain("d00dfeed");
    expect(e.message).not.toContain('"x');
    expect(e.header).toBe(header);
    expect(e.offset).toBeGreaterThan(0);
  });

  it("an unknown rule is a programming error, not a ParseError", () => {
    expect(() => parseHeaderValue("Nope" as GrammarRule, "x")).toThrow(Error);
    expect(() => parseHeaderValue("Nope" as GrammarRule, "x")).not.toThrow(ParseError);
  });

  it("returns fresh objects on every call", () => {
    const a = parseHeaderValue("NameAddrOrAddrSpec", "<sip:a@example.com>;tag=1");
    const b = parseHeaderValue("NameAddrOrAddrSpec", "<sip:a@example.com>;tag=1");
    expect(a).toEqual(b);
    expect(a).not.toBe(b);
    expect(a.params).not.toBe(b.params);
    expect(a.uri.params).not.toBe(b.uri.params);
  });
});
