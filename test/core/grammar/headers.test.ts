import { describe, expect, it } from "vitest";
import { type GrammarRule, parseHeaderValue } from "../../../src/core/grammar/index.js";
import { ParseError } from "../../../src/core/messages/errors.js";

function rejects(rule: GrammarRule, cases: string[]): void {
  it.each(cases)("rejects %j", (v) => {
    expect(() => parseHeaderValue(rule, v)).toThrow(ParseError);
  });
}

describe("CSeq", () => {
  it("parses number and method", () => {
    expect(parseHeaderValue("CSeq", "314159 INVITE")).toEqual({ seq: 314159, method: "INVITE" });
  });
  it("RFC 4475 wsinv: leading zeros and several spaces", () => {
    expect(parseHeaderValue("CSeq", "0009   INVITE")).toEqual({ seq: 9, method: "INVITE" });
  });
  it("RFC 4475 intmeth: extension method", () => {
    expect(parseHeaderValue("CSeq", "139122385 !interesting-Method0123456789_*+`.%indeed'~")).toEqual({
      seq: 139122385,
      method: "!interesting-Method0123456789_*+`.%indeed'~",
    });
  });
  it("accepts 2^32-1 and 0", () => {
    expect(parseHeaderValue("CSeq", "4294967295 ACK")).toEqual({ seq: 4294967295, method: "ACK" });
    expect(parseHeaderValue("CSeq", "0 ACK")).toEqual({ seq: 0, method: "ACK" });
  });
  rejects("CSeq", [
    "4294967296 ACK",
    "36893488147419103232 REGISTER", // RFC 4475 scalar02
    "9292394834772304023312 OPTIONS", // RFC 4475 scalarlg
    "INVITE",
    "1",
    "1INVITE",
    "-1 INVITE",
    "1 INVITE x",
    "1.0 INVITE",
    "1 INV/ITE",
    "",
  ]);
});

describe("CallId", () => {
  it("word@word", () => {
    expect(parseHeaderValue("CallId", "a84b4c76e66710@pc33.atlanta.com")).toBe("a84b4c76e66710@pc33.atlanta.com");
  });
  it("single word", () => {
    expect(parseHeaderValue("CallId", "f81d4fae-7dec-11d0-a765-00a0c91e6bf6")).toBe("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
  });
  it("RFC 4475 intmeth: every word character", () => {
    expect(parseHeaderValue("CallId", "intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{")).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  });
  rejects("CallId", ["a@b@c", "a b", "@b", "a@", "a;b", "a,b", "a=b", "", "é@b"]);
});

describe("Integer", () => {
  it("parses digits, leading zeros (RFC 4475 wsinv 0068)", () => {
    expect(parseHeaderValue("Integer", "70")).toBe(70);
    expect(parseHeaderValue("Integer", "0068")).toBe(68);
    expect(parseHeaderValue("Integer", "0")).toBe(0);
    expect(parseHeaderValue("Integer", "000000000000000000000004294967295")).toBe(4294967295);
  });
  rejects("Integer", [
    "4294967296",
    "10000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000", // scalar02
    "-999", // RFC 4475 ncl
    "-1",
    "+1",
    "1.5",
    "1e3",
    "0x10",
    "1 2",
    "",
  ]);
});

describe("ContentType", () => {
  it("type/subtype", () => {
    expect(parseHeaderValue("ContentType", "application/sdp")).toEqual({ type: "application", subtype: "sdp", params: {} });
  });
  it("params with LWS, quoted value unquoted, names lower-cased", () => {
    expect(parseHeaderValue("ContentType", 'multipart/mixed ; Boundary = "unique boundary 1";charset=UTF-8')).toEqual({
      type: "multipart",
      subtype: "mixed",
      params: { boundary: "unique boundary 1", charset: "UTF-8" },
    });
  });
  it("LWS around the slash, case kept", () => {
    expect(parseHeaderValue("ContentType", "Application / SDP")).toEqual({ type: "Application", subtype: "SDP", params: {} });
  });
  rejects("ContentType", ["application", "application/", "/sdp", "application/sdp;", "application/sdp;charset", "application/sdp;charset=", "application/sdp, text/plain", ""]);
});

describe("TokenList", () => {
  it("a list with LWS", () => {
    expect(parseHeaderValue("TokenList", "INVITE, ACK,OPTIONS ,  CANCEL,BYE")).toEqual(["INVITE", "ACK", "OPTIONS", "CANCEL", "BYE"]);
  });
  it("one token", () => {
    expect(parseHeaderValue("TokenList", "100rel")).toEqual(["100rel"]);
  });
  it("an empty value (Supported:, Allow:) is an empty list", () => {
    expect(parseHeaderValue("TokenList", "")).toEqual([]);
  });
  rejects("TokenList", ["a,,b", "a,", ",a", "a b", "a;b", "a/b"]);
});

describe("Challenge", () => {
  it("RFC 3261 Digest challenge", () => {
    expect(
      parseHeaderValue(
        "Challenge",
        'Digest realm="atlanta.com", domain="sip:boxesbybob.com",qop="auth,auth-int" , nonce="f84f1cec41e6cbe5aea9c8e88d359", opaque="", stale=FALSE, Algorithm=MD5',
      ),
    ).toEqual({
      scheme: "Digest",
      params: {
        realm: "atlanta.com",
        domain: "sip:boxesbybob.com",
        qop: "auth,auth-int",
        nonce: "f84f1cec41e6cbe5aea9c8e88d359",
        opaque: "",
        stale: "FALSE",
        algorithm: "MD5",
      },
    });
  });
  it("another scheme", () => {
    expect(parseHeaderValue("Challenge", 'Bearer realm="example.com", scope="sip"')).toEqual({
      scheme: "Bearer",
      params: { realm: "example.com", scope: "sip" },
    });
  });
  rejects("Challenge", ["Digest", "Digest ", 'Digest realm="x",', 'Digest realm="x",,nonce="y"', 'Digest realm="x', "Digest realm", 'Digestrealm="x"', ""]);
});

describe("Credentials", () => {
  it("RFC 3261 Digest response", () => {
    expect(
      parseHeaderValue(
        "Credentials",
        'Digest username="bob", realm="biloxi.com", nonce="dcd98b7102dd2f0e8b11d0f600bfb0c093", uri="sip:bob@biloxi.com", qop=auth, nc=00000001, cnonce="0a4f113b", response="6629fae49393a05397450978507c4ef1", opaque="5ccc069c403ebaf9f0171e9517f40e41"',
      ),
    ).toEqual({
      scheme: "Digest",
      params: {
        username: "bob",
        realm: "biloxi.com",
        nonce: "dcd98b7102dd2f0e8b11d0f600bfb0c093",
        uri: "sip:bob@biloxi.com",
        qop: "auth",
        nc: "00000001",
        cnonce: "0a4f113b",
        response: "6629fae49393a05397450978507c4ef1",
        opaque: "5ccc069c403ebaf9f0171e9517f40e41",
      },
    });
  });
  it("quoted-pairs and UTF-8 in a quoted value", () => {
    expect(parseHeaderValue("Credentials", 'Digest username="bo\\"b \\\\ Ünal", realm="x"').params.username).toBe('bo"b \\ Ünal');
  });
  it("RFC 4475 regaut01: unknown scheme", () => {
    expect(parseHeaderValue("Credentials", "NoOneKnowsThisScheme opaque-data=here")).toEqual({
      scheme: "NoOneKnowsThisScheme",
      params: { "opaque-data": "here" },
    });
  });
  rejects("Credentials", ['Digest username="bob", response=', 'Digest username="bob" realm="x"', "Digest uri=sip:bob@biloxi.com", ""]);
});

describe("Event (RFC 6665)", () => {
  it("package", () => {
    expect(parseHeaderValue("Event", "presence")).toEqual({ event: "presence", params: {} });
  });
  it("package.template with id and LWS", () => {
    expect(parseHeaderValue("Event", "presence.winfo ; id = 7;Foo")).toEqual({ event: "presence.winfo", params: { id: "7", foo: null } });
  });
  rejects("Event", ["presence..winfo", ".presence", "presence.", "presence;", "pres ence", ""]);
});

describe("SubscriptionState (RFC 6665)", () => {
  it("active with expires", () => {
    expect(parseHeaderValue("SubscriptionState", "active;expires=3600")).toEqual({ state: "active", params: { expires: "3600" } });
  });
  it("terminated with reason and retry-after", () => {
    expect(parseHeaderValue("SubscriptionState", "terminated; reason=timeout ;retry-after=30")).toEqual({
      state: "terminated",
      params: { reason: "timeout", "retry-after": "30" },
    });
  });
  rejects("SubscriptionState", ["active;;expires=1", "active;", ";expires=1", ""]);
});

describe("SessionExpires (RFC 4028)", () => {
  it("delta with refresher", () => {
    expect(parseHeaderValue("SessionExpires", "4000;refresher=uac")).toEqual({ delta: 4000, params: { refresher: "uac" } });
  });
  it("delta only", () => {
    expect(parseHeaderValue("SessionExpires", "1800")).toEqual({ delta: 1800, params: {} });
  });
  rejects("SessionExpires", ["-1", "x", "4294967296", "1800;", "1800;refresher=", "1800 refresher=uac", ""]);
});

describe("RAck (RFC 3262)", () => {
  it("rseq cseq method", () => {
    expect(parseHeaderValue("RAck", "776656 1 INVITE")).toEqual({ rseq: 776656, cseq: 1, method: "INVITE" });
  });
  it("several spaces", () => {
    expect(parseHeaderValue("RAck", "776656  01\tINVITE")).toEqual({ rseq: 776656, cseq: 1, method: "INVITE" });
  });
  rejects("RAck", ["776656 INVITE", "1 2", "1 2 INVITE x", "4294967296 1 INVITE", ""]);
});

describe("Replaces (RFC 3891)", () => {
  it("call-id with tags", () => {
    expect(parseHeaderValue("Replaces", "425928@bobster.example.org;to-tag=7743;from-tag=6472")).toEqual({
      callId: "425928@bobster.example.org",
      params: { "to-tag": "7743", "from-tag": "6472" },
    });
  });
  it("early-only flag and LWS", () => {
    expect(parseHeaderValue("Replaces", "98732@sip.example.com ; from-tag = r33th4x0r;to-tag=ff87ff;early-only")).toEqual({
      callId: "98732@sip.example.com",
      params: { "from-tag": "r33th4x0r", "to-tag": "ff87ff", "early-only": null },
    });
  });
  rejects("Replaces", [";to-tag=1", "a@b;", "a@b;;to-tag=1", "a@b c", ""]);
});

describe("Reason (RFC 3326)", () => {
  it("SIP cause with quoted text (unquoted)", () => {
    expect(parseHeaderValue("Reason", 'SIP ;cause=200 ;text="Call completed elsewhere"')).toEqual([
      { protocol: "SIP", params: { cause: "200", text: "Call completed elsewhere" } },
    ]);
  });
  it("a list", () => {
    expect(parseHeaderValue("Reason", 'Q.850;cause=16;text="Terminated", SIP;cause=487')).toEqual([
      { protocol: "Q.850", params: { cause: "16", text: "Terminated" } },
      { protocol: "SIP", params: { cause: "487" } },
    ]);
  });
  rejects("Reason", ["SIP;cause=", "SIP;", "SIP,", 'SIP;text="unterminated', ""]);
});

describe("RetryAfter", () => {
  it("delta with duration", () => {
    expect(parseHeaderValue("RetryAfter", "18000;duration=3600")).toEqual({ delta: 18000, params: { duration: "3600" } });
  });
  it("comment, nested comment, quoted-pair, LWS", () => {
    expect(parseHeaderValue("RetryAfter", "120 (I'm in a meeting)")).toEqual({ delta: 120, comment: "I'm in a meeting", params: {} });
    expect(parseHeaderValue("RetryAfter", "3600 ( back (maybe) \\) soon ) ; duration = 10")).toEqual({
      delta: 3600,
      comment: "back (maybe) \\) soon",
      params: { duration: "10" },
    });
  });
  it("comments nested 100000 deep are read without exhausting the stack (the peggy grammar recursed and threw RangeError)", () => {
    const deep = "(".repeat(100_000) + ")".repeat(100_000);
    expect(parseHeaderValue("RetryAfter", `5 ${deep};duration=1`)).toEqual({ delta: 5, comment: deep.slice(1, -1), params: { duration: "1" } });
    const e = (() => {
      try {
        parseHeaderValue("RetryAfter", `5 ${"(".repeat(100_000)}`);
      } catch (err) {
        return err;
      }
    })();
    expect(e).toBeInstanceOf(ParseError);
  });
  rejects("RetryAfter", [
    "949302838503028349304023988", // RFC 4475 scalarlg
    "10 (unclosed",
    "10 (a))",
    "10;",
    "(comment)",
    "",
  ]);
});

describe("Warning", () => {
  it("host agent", () => {
    expect(parseHeaderValue("Warning", "307 isi.edu \"Session parameter 'foo' not understood\"")).toEqual([
      { code: 307, agent: "isi.edu", text: "Session parameter 'foo' not understood" },
    ]);
  });
  it("list with hostport, IPv6 and pseudonym agents", () => {
    expect(parseHeaderValue("Warning", '301 10.0.0.1:5060 "Incompatible \\"net\\"", 399 [2001:db8::1]:5060 "x" ,370 my_agent ""')).toEqual([
      { code: 301, agent: "10.0.0.1:5060", text: 'Incompatible "net"' },
      { code: 399, agent: "[2001:db8::1]:5060", text: "x" },
      { code: 370, agent: "my_agent", text: "" },
    ]);
  });
  rejects("Warning", [
    '1812 overture "In Progress"', // RFC 4475 scalarlg
    '30 x "y"',
    "307 isi.edu unquoted",
    '307 "no agent"',
    '307 isi.edu "x",',
    "",
  ]);
});

describe("Accept", () => {
  it("RFC 4475 semiuri: folded list", () => {
    expect(
      parseHeaderValue("Accept", "application/sdp, application/pkcs7-mime, multipart/mixed, multipart/signed, message/sip, message/sipfrag"),
    ).toEqual([
      { type: "application", subtype: "sdp", params: {} },
      { type: "application", subtype: "pkcs7-mime", params: {} },
      { type: "multipart", subtype: "mixed", params: {} },
      { type: "multipart", subtype: "signed", params: {} },
      { type: "message", subtype: "sip", params: {} },
      { type: "message", subtype: "sipfrag", params: {} },
    ]);
  });
  it("ranges with q and media params", () => {
    expect(parseHeaderValue("Accept", "application/sdp;level=1, application/*;q=0.5, */*; q=0.1")).toEqual([
      { type: "application", subtype: "sdp", params: { level: "1" } },
      { type: "application", subtype: "*", params: { q: "0.5" } },
      { type: "*", subtype: "*", params: { q: "0.1" } },
    ]);
  });
  it("Accept-Encoding / Accept-Language entries have no subtype", () => {
    expect(parseHeaderValue("Accept", "gzip, identity;q=0.5, *")).toEqual([
      { type: "gzip", params: {} },
      { type: "identity", params: { q: "0.5" } },
      { type: "*", params: {} },
    ]);
    expect(parseHeaderValue("Accept", "da, en-gb;q=0.8")).toEqual([
      { type: "da", params: {} },
      { type: "en-gb", params: { q: "0.8" } },
    ]);
  });
  it("an empty value is an empty list", () => {
    expect(parseHeaderValue("Accept", "")).toEqual([]);
  });
  rejects("Accept", ["application/", "a,,b", "a,", "application/sdp;", "text/html text/plain"]);
});

describe("Date", () => {
  it("RFC 1123 date in GMT, as epoch milliseconds", () => {
    expect(parseHeaderValue("Date", "Sat, 13 Nov 2010 23:29:00 GMT")).toBe(Date.UTC(2010, 10, 13, 23, 29, 0));
    expect(parseHeaderValue("Date", "Sat, 15 Oct 2005 04:44:56 GMT")).toBe(Date.UTC(2005, 9, 15, 4, 44, 56));
    expect(parseHeaderValue("Date", "Thu, 29 Feb 2024 00:00:00 GMT")).toBe(Date.UTC(2024, 1, 29));
  });
  rejects("Date", [
    "Fri, 01 Jan 2010 16:00:00 EST", // RFC 4475 baddate
    "Sat, 13 Nov 2010 24:29:00 GMT",
    "Sat, 13 Nov 2010 23:60:00 GMT",
    "Sat, 13 Nov 2010 23:29:60 GMT",
    "Wed, 31 Feb 2010 10:00:00 GMT",
    "Thu, 29 Feb 2023 00:00:00 GMT",
    "Sat, 00 Nov 2010 23:29:00 GMT",
    "Sat 13 Nov 2010 23:29:00 GMT",
    "Xyz, 13 Nov 2010 23:29:00 GMT",
    "Sat, 13 Noe 2010 23:29:00 GMT",
    "Sat, 13 Nov 10 23:29:00 GMT",
    "Sat, 3 Nov 2010 23:29:00 GMT",
    "Sat, 13 Nov 2010 23:29 GMT",
    "",
  ]);
});

describe("Text", () => {
  it("any TEXT-UTF8 with inner LWS", () => {
    expect(parseHeaderValue("Text", "SIPimp.org/0.2.5 (curses)")).toBe("SIPimp.org/0.2.5 (curses)");
    expect(parseHeaderValue("Text", "newfangled value continued newfangled value")).toBe("newfangled value continued newfangled value");
    expect(parseHeaderValue("Text", 'Tom\'s "great"\ttool; ünïcødé 日本語 😀')).toBe('Tom\'s "great"\ttool; ünïcødé 日本語 😀');
  });
  it("RFC 4475 wsinv: empty Subject", () => {
    expect(parseHeaderValue("Text", "")).toBe("");
  });
  rejects("Text", ["a\u0000b", "a\nb", "a\rb", "a\u007Fb", "a\u0001"]);
});
