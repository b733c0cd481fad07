import { describe, expect, it } from "vitest";
import { ParseError, parseMessage, SipRequest, SipResponse, type SipMessageAny } from "../../src/core/messages/index.js";
import { describeWithCorpus } from "../corpus.js";
import { loadManifest, parseFully, tortureBytes } from "./torture.js";

const manifest = loadManifest();
const entry = (name: string) => {
  const e = manifest.find((m) => m.name === name);
  if (!e) throw new Error(`no torture message ${name}`);
  return e;
};
const parse = (name: string): SipMessageAny => parseFully(tortureBytes(entry(name).file));
const req = (name: string): SipRequest => {
  const m = parse(name);
  expect(m).toBeInstanceOf(SipRequest);
  return m as SipRequest;
};

function parseError(fn: () => unknown): ParseError {
  try {
    fn();
  } catch (e) {
    expect(e).toBeInstanceOf(ParseError);
    expect((e as ParseError).name).toBe("ParseError");
    return e as ParseError;
  }
  throw new Error("expected a ParseError, but the message parsed");
}

describeWithCorpus("RFC 4475 / RFC 5118 torture corpus", () => {
  it("has all 63 messages", () => {
    expect(manifest.length).toBe(63);
  });

  describe("every message the RFCs call well-formed parses, with every header readable", () => {
    for (const e of manifest.filter((m) => m.expect !== "invalid")) {
      it(`${e.name} (§${e.rfcSection} ${e.title})`, () => {
        expect(() => parseFully(tortureBytes(e.file))).not.toThrow();
      });
    }
  });

  describe("every syntactically invalid message throws ParseError", () => {
    for (const e of manifest.filter((m) => m.expect === "invalid")) {
      const semantic = e.layer === "semantic" && e.alsoAcceptable?.includes("valid-but-reject-semantically");
      if (semantic) continue; // escruri: grammatical; the user agent answers 400 (engine issue)
      it(`${e.name} (§${e.rfcSection} ${e.title})`, () => {
        const err = parseError(() => parseFully(tortureBytes(e.file)));
        expect(typeof err.code).toBe("string");
        expect(err.offset).toBeGreaterThanOrEqual(0);
      });
    }
  });
});

describeWithCorpus("RFC 4475 §3.1.1 valid messages: the right fields", () => {
  it("3.1.1.1 wsinv: folding, LWS around separators, compact names, leading zeros", () => {
    const m = req("wsinv");
    expect(m.method).toBe("INVITE");
    expect(m.ruri.user).toBe("vivekg");
    expect(m.ruri.host).toBe("chair-dnrc.example.com");
    expect(m.ruri.params).toEqual({ unknownparam: null });
    expect(m.to.uri.user).toBe("vivekg");
    expect(m.to.tag).toBe("1918181833n");
    expect(m.from.displayName).toBe('J Rosenberg \\"');
    expect(m.from.tag).toBe("98asjd8");
    expect(m.maxForwards).toBe(68);
    expect(m.callId).toBe("wsinv.ndaksdj@192.0.2.1");
    expect(m.cseq).toEqual({ seq: 9, method: "INVITE" });
    expect(m.vias.map((v) => [v.transport, v.host, v.branch])).toEqual([
      ["UDP", "192.0.2.2", "390skdjuw"],
      ["TCP", "spindle.example.com", "z9hG4bK9ikj8"],
      ["UDP", "192.168.255.111", "z9hG4bK30239"],
    ]);
    expect(m.getHeader("s")).toBe("");
    expect(m.getHeader("Subject")).toBe("");
    expect(m.getHeader("NewFangledHeader")).toBe("newfangled value continued newfangled value");
    expect(m.getHeader("UnknownHeaderWithUnusualValue")).toBe(";;,,;;,;");
    expect(m.contacts).toHaveLength(1);
    expect(m.contacts[0]!.displayName).toBe('Quoted string ""');
    expect(m.contacts[0]!.params).toEqual({ newparam: "newvalue", secondparam: null, q: "0.33" });
    expect(m.routes[0]!.uri.params).toEqual({ lr: null, unknownwith: "value", "unknown-no-value": null });
    expect(m.body.length).toBe(150);
  });

  it("3.1.1.2 intmeth: unusual method token and characters", () => {
    const m = req("intmeth");
    expect(m.method).toBe("!interesting-Method0123456789_*+`.%indeed'~");
    expect(m.cseq.method).toBe(m.method);
    expect(m.to.displayName).toBe("BEL:\x07 NUL:\x00 DEL:\x7f");
    expect(m.from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(m.from.params["fromparam''~+*_!.-%"]).toBe("работающий");
    expect(m.from.tag).toBe("_token~1'+`*%!-.");
    expect(m.callId).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
    expect(m.maxForwards).toBe(255);
  });

  it("3.1.1.3 esc01: % escapes are undone once, not recursively", () => {
    const m = req("esc01");
    expect(m.ruri.user).toBe("sips:user@example.com");
    expect(m.ruri.host).toBe("example.net");
    expect(m.to.uri.user).toBe("user");
    expect(m.from.uri.user).toBe("I have spaces");
    expect(m.contacts[0]!.uri.user).toBe("caller");
    expect(m.contacts[0]!.uri.params).toEqual({ lr: null, name: "value%41" });
  });

  it("3.1.1.4 escnull: escaped NULs are kept, and distinct", () => {
    const m = req("escnull");
    expect(m.to.uri.user).toBe("null-\x00-null");
    expect(m.contacts.map((c) => c.uri.user)).toEqual(["\x00", "\x00\x00"]);
  });

  it("3.1.1.5 esc02: an escaped method is not REGISTER, C%6Fntact is another header", () => {
    const m = req("esc02");
    expect(m.method).toBe("RE%47IST%45R");
    expect(m.from.displayName).toBe("%Z%45");
    expect(m.contacts.map((c) => c.uri.user)).toEqual(["alias1", "alias3"]);
    expect(m.getHeader("C%6Fntact")).toBe("<sip:alias2@host2.example.com>");
  });

  it("3.1.1.6 lwsdisp: no LWS between display name and <", () => {
    expect(req("lwsdisp").from.displayName).toBe("caller");
  });

  it("3.1.1.7 longreq: long values and 34 Via values", () => {
    const m = req("longreq");
    expect(m.vias.length).toBe(34);
    expect(m.to.displayName!.length).toBeGreaterThan(80);
    expect(m.to.uri.port).toBe(6000);
    expect(m.from.uri.user!.startsWith("amazinglylongcallername")).toBe(true);
    expect(m.from.tag!.length).toBeGreaterThan(50);
  });

  it("3.1.1.8 dblreq: a datagram's octets past Content-Length are ignored", () => {
    const m = req("dblreq");
    expect(m.method).toBe("REGISTER");
    expect(m.body).toBe("");
    expect(m.callId).toBe("dblreq.0ha0isndaksdj99sdfafnl3lk233412");
  });

  it("3.1.1.9 semiuri: ; and escaped @ in the user part", () => {
    const m = req("semiuri");
    expect(m.ruri.user).toBe("user;par=u@example.net");
    expect(m.ruri.host).toBe("example.com");
    expect(m.ruri.params).toEqual({});
    expect(m.getHeaders("Accept")).toEqual([
      "application/sdp",
      "application/pkcs7-mime",
      "multipart/mixed",
      "multipart/signed",
      "message/sip",
      "message/sipfrag",
    ]);
  });

  it("3.1.1.10 transports: extension transport tokens", () => {
    expect(req("transports").vias.map((v) => v.transport)).toEqual(["UDP", "SCTP", "TLS", "UNKNOWN", "TCP"]);
  });

  it("3.1.1.11 mpart01: a binary body is framed by Content-Length, octet-exact", () => {
    const m = req("mpart01");
    const declared = Number(m.getHeader("Content-Length"));
    expect(m.bodyBytes!.length).toBe(declared);
    expect(m.bodyLength).toBe(declared);
  });

  it("3.1.1.12 unreason: UTF-8 in the Reason-Phrase", () => {
    const m = parse("unreason") as SipResponse;
    expect(m.statusCode).toBe(200);
    expect(m.reasonPhrase.startsWith("= 2**3 * 5**2 ")).toBe(true);
    expect(m.reasonPhrase).toMatch(/[\u0400-\u04ff]/);
  });

  it("3.1.1.13 noreason: empty Reason-Phrase", () => {
    const m = parse("noreason") as SipResponse;
    expect(m.statusCode).toBe(100);
    expect(m.reasonPhrase).toBe("");
  });

  it("3.4.1 inv2543: no Content-Length on a datagram means the body is the rest", () => {
    const m = req("inv2543");
    expect(m.via.branch).toBeUndefined();
    expect(m.from.tag).toBeUndefined();
    expect(m.body.startsWith("v=0")).toBe(true);
  });
});

describeWithCorpus("RFC 4475 §3.1.2 invalid messages: the fault is named", () => {
  const code = (name: string) => parseError(() => parseFully(tortureBytes(entry(name).file))).code;
  it("clerr: Content-Length larger than the datagram's body", () => expect(code("clerr")).toBe("BODY_TRUNCATED"));
  it("ncl: negative Content-Length", () => expect(code("ncl")).toBe("CONTENT_LENGTH"));
  it("mcl01: two different Content-Length values", () => expect(code("mcl01")).toBe("CONTENT_LENGTH"));
  it("scalar02: CSeq above 2**32-1", () => {
    const e = parseError(() => parseMessage(tortureBytes(entry("scalar02").file)));
    expect(e.header).toBe("cseq");
  });
  it("bigcode: status code 4294967301", () => expect(code("bigcode")).toBe("STATUS_CODE"));
  it("ltgtruri: Request-URI in <>", () => expect(code("ltgtruri")).toBe("REQUEST_URI"));
  it("lwsruri: LWS inside the Request-URI", () => expect(code("lwsruri")).toBe("REQUEST_URI"));
  it("test.sip: request line without SIP-Version", () => expect(["VERSION", "START_LINE"]).toContain(code("test")));
  it("baddn: no header terminator", () => expect(code("baddn")).toBe("NO_HEADER_END"));
  it("baddn-terminated: unquoted display name with a comma", () => {
    const e = parseError(() => parseMessage(tortureBytes(entry("baddn-terminated").file)));
    expect(e.code).toBe("HEADER_VALUE");
  });
  it("ipv6-bad: IPv6 Request-URI without brackets", () => expect(code("ipv6-bad")).toBe("REQUEST_URI"));
});

describeWithCorpus("semantically invalid messages parse; the user agent answers them (engine)", () => {
  it("insuf: missing Call-ID/From/To parse, and reading them is a typed MISSING_HEADER error", () => {
    const m = req("insuf");
    expect(parseError(() => m.callId).code).toBe("MISSING_HEADER");
    expect(parseError(() => m.from).code).toBe("MISSING_HEADER");
  });
  it("badvers: SIP/7.0 is grammatical (505 from the UA)", () => expect(req("badvers").version).toBe("SIP/7.0"));
  it("mismatch01: CSeq method differs from the method (400 from the UA)", () => {
    const m = req("mismatch01");
    expect(m.cseq.method).not.toBe(m.method);
  });
  it("unkscm: a Request-URI of an unknown scheme parses (416 from the UA)", () => {
    expect(req("unkscm").ruri.scheme).toBe("nobodyknowsthisscheme");
  });
  it("escruri: URI headers in the Request-URI parse (400 from the UA)", () => {
    expect(Object.keys(req("escruri").ruri.headers)).toContain("Route");
  });
});
