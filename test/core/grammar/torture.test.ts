/**
 * Header values of the RFC 4475 / RFC 5118 torture messages, read in place from the shared
 * corpus (see ../shared/rfc-torture/README.md). A missing corpus fails under CI=true and is
 * skipped elsewhere (test/corpus.ts).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type GrammarRule, parseHeaderValue } from "../../../src/core/grammar/index.js";
import { ParseError } from "../../../src/core/messages/errors.js";
import { CORPUS_DIR, describeWithCorpus } from "../../corpus.js";

const CORPUS = CORPUS_DIR;

const COMPACT: Record<string, string> = { v: "via", f: "from", t: "to", m: "contact", i: "call-id", l: "content-length", c: "content-type", s: "subject" };

/** Start line and `[lower-cased long name, value]` of each header: unfolded, trimmed. */
function readMessage(file: string): { startLine: string; headers: [string, string][] } {
  const raw = readFileSync(path.join(CORPUS, file), "utf8");
  const end = raw.indexOf("\r\n\r\n");
  const lines = (end === -1 ? raw : raw.slice(0, end)).replace(/[ \t]*\r\n[ \t]+/g, " ").split("\r\n");
  const headers = lines.slice(1).map((l): [string, string] => {
    const colon = l.indexOf(":");
    const name = l.slice(0, colon).trim().toLowerCase();
    return [COMPACT[name] ?? name, l.slice(colon + 1).trim()];
  });
  return { startLine: lines[0]!, headers };
}

/** All values of a header in a corpus file. */
function values(file: string, name: string): string[] {
  return readMessage(file)
    .headers.filter(([n]) => n === name)
    .map(([, v]) => v);
}

function value(file: string, name: string, index = 0): string {
  const v = values(file, name)[index];
  if (v === undefined) throw new Error(`${file}: no ${name} header #${index}`);
  return v;
}

/** The Request-URI: what lies between the method and the last space of the request line. */
function requestUri(file: string): string {
  const l = readMessage(file).startLine;
  return l.slice(l.indexOf(" ") + 1, l.lastIndexOf(" "));
}

const RULES: Record<string, GrammarRule> = {
  via: "Via",
  from: "NameAddrOrAddrSpec",
  to: "NameAddrOrAddrSpec",
  contact: "Contact",
  route: "RouteList",
  cseq: "CSeq",
  "call-id": "CallId",
  "max-forwards": "Integer",
  "content-length": "Integer",
  "content-type": "ContentType",
  accept: "Accept",
  require: "TokenList",
  "proxy-require": "TokenList",
  date: "Date",
  subject: "Text",
  "user-agent": "Text",
};

const sip = (user: string | undefined, host: string, extra: object = {}) => ({
  scheme: "sip",
  ...(user === undefined ? {} : { user }),
  host,
  params: {},
  headers: {},
  ...extra,
});

describeWithCorpus("RFC 4475 / RFC 5118 torture messages", () => {
  const valid = [
    "valid/wsinv.sip",
    "valid/intmeth.sip",
    "valid/esc01.sip",
    "valid/escnull.sip",
    "valid/esc02.sip",
    "valid/lwsdisp.sip",
    "valid/longreq.sip",
    "valid/dblreq.sip",
    "valid/semiuri.sip",
    "valid/transports.sip",
    "valid/mpart01.sip",
    "valid/unreason.sip",
    "valid/noreason.sip",
    "ipv6/ipv6-good.sip",
    "ipv6/port-ambiguous.sip",
    "ipv6/port-unambiguous.sip",
    "ipv6/via-received-param-with-delim.sip",
    "ipv6/via-received-param-no-delim.sip",
    "ipv6/ipv6-in-sdp.sip",
    "ipv6/mult-ip-in-header.sip",
    "ipv6/mult-ip-in-sdp.sip",
    "ipv6/ipv4-mapped-ipv6.sip",
    "ipv6/ipv6-bug-abnf-3-colons.sip",
    "ipv6/ipv6-correct-abnf-2-colons.sip",
  ];

  it.each(valid)("%s: the Request-URI and every header with a rule parse", (file) => {
    const msg = readMessage(file);
    if (!msg.startLine.startsWith("SIP/")) parseHeaderValue("Uri", requestUri(file), "request-uri");
    let n = 0;
    for (const [name, v] of msg.headers) {
      const rule = RULES[name];
      if (rule === undefined) continue;
      expect(() => parseHeaderValue(rule, v, name), `${name}: ${v}`).not.toThrow();
      n++;
    }
    expect(n).toBeGreaterThan(3);
  });

  it("wsinv: folded and spaced values", () => {
    const f = "valid/wsinv.sip";
    expect(parseHeaderValue("Uri", requestUri(f))).toEqual(sip("vivekg", "chair-dnrc.example.com", { params: { unknownparam: null } }));
    expect(parseHeaderValue("NameAddrOrAddrSpec", value(f, "to"))).toEqual({
      uri: sip("vivekg", "chair-dnrc.example.com"),
      params: { tag: "1918181833n" },
    });
    expect(parseHeaderValue("NameAddrOrAddrSpec", value(f, "from"))).toEqual({
      displayName: 'J Rosenberg \\"',
      uri: sip("jdrosen", "example.com"),
      params: { tag: "98asjd8" },
    });
    expect(parseHeaderValue("Integer", value(f, "max-forwards"))).toBe(68);
    expect(parseHeaderValue("CSeq", value(f, "cseq"))).toEqual({ seq: 9, method: "INVITE" });
    expect(parseHeaderValue("Text", value(f, "subject"))).toBe("");
    expect(parseHeaderValue("Via", value(f, "via", 0))).toEqual([
      { protocol: "SIP/2.0", transport: "UDP", host: "192.0.2.2", params: { branch: "390skdjuw" } },
    ]);
    expect(parseHeaderValue("Via", value(f, "via", 1))).toEqual([
      { protocol: "SIP/2.0", transport: "TCP", host: "spindle.example.com", params: { branch: "z9hG4bK9ikj8" } },
      { protocol: "SIP/2.0", transport: "UDP", host: "192.168.255.111", params: { branch: "z9hG4bK30239" } },
    ]);
    expect(parseHeaderValue("RouteList", value(f, "route"))).toEqual([
      { uri: sip(undefined, "services.example.com", { params: { lr: null, unknownwith: "value", "unknown-no-value": null } }), params: {} },
    ]);
    expect(parseHeaderValue("Contact", value(f, "contact"))).toEqual({
      star: false,
      contacts: [
        {
          displayName: 'Quoted string ""',
          uri: sip("jdrosen", "example.com"),
          params: { newparam: "newvalue", secondparam: null, q: "0.33" },
        },
      ],
    });
  });

  it("intmeth: unusual characters everywhere", () => {
    const f = "valid/intmeth.sip";
    expect(parseHeaderValue("Uri", requestUri(f))).toEqual(
      sip("1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*", "example.com", { password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)" }),
    );
    const to = parseHeaderValue("NameAddrOrAddrSpec", value(f, "to"));
    expect(to.displayName).toBe("BEL:\x07 NUL:\x00 DEL:\x7F");
    const from = parseHeaderValue("NameAddrOrAddrSpec", value(f, "from"));
    expect(from.displayName).toBe("token1~` token2'+_ token3*%!.-");
    expect(from.params).toEqual({ "fromparam''~+*_!.-%": "работающий", tag: "_token~1'+`*%!-." });
    expect(parseHeaderValue("CallId", value(f, "call-id"))).toBe("intmeth.word%ZK-!.*_+'@word`~)(><:\\/\"][?}{");
  });

  it("esc01: escapes unescaped once", () => {
    const f = "valid/esc01.sip";
    expect(parseHeaderValue("Uri", requestUri(f)).user).toBe("sips:user@example.com");
    expect(parseHeaderValue("NameAddrOrAddrSpec", value(f, "to"))).toEqual({ uri: sip("user", "example.com"), params: {} });
    expect(parseHeaderValue("NameAddrOrAddrSpec", value(f, "from"))).toEqual({
      uri: sip("I have spaces", "example.net"),
      params: { tag: "938" },
    });
    expect(parseHeaderValue("Contact", value(f, "contact"))).toEqual({
      star: false,
      contacts: [{ uri: sip("caller", "host5.example.net", { params: { lr: null, name: "value%41" } }), params: {} }],
    });
  });

  it("escnull: escaped NULs", () => {
    const f = "valid/escnull.sip";
    expect(parseHeaderValue("NameAddrOrAddrSpec", value(f, "to")).uri.user).toBe("null-\0-null");
    expect(parseHeaderValue("NameAddrOrAddrSpec", value(f, "from"))).toEqual({
      uri: sip("null-\0-null", "example.com"),
      params: { tag: "839923423" },
    });
    const contacts = values(f, "contact").map((v) => parseHeaderValue("Contact", v));
    expect(contacts).toEqual([
      { star: false, contacts: [{ uri: sip("\0", "host5.example.com"), params: {} }] },
      { star: false, contacts: [{ uri: sip("\0\0", "host5.example.com"), params: {} }] },
    ]);
  });

  it("lwsdisp: display name directly before <", () => {
    expect(parseHeaderValue("NameAddrOrAddrSpec", value("valid/lwsdisp.sip", "from"))).toEqual({
      displayName: "caller",
      uri: sip("caller", "example.com"),
      params: { tag: "323" },
    });
  });

  it("semiuri: ; in the user part of the Request-URI", () => {
    expect(parseHeaderValue("Uri", requestUri("valid/semiuri.sip"))).toEqual(sip("user;par=u@example.net", "example.com"));
    expect(parseHeaderValue("Accept", value("valid/semiuri.sip", "accept")).map((r) => `${r.type}/${r.subtype}`)).toEqual([
      "application/sdp",
      "application/pkcs7-mime",
      "multipart/mixed",
      "multipart/signed",
      "message/sip",
      "message/sipfrag",
    ]);
  });

  it("transports: every Via transport", () => {
    const vias = values("valid/transports.sip", "via").map((v) => parseHeaderValue("Via", v)[0]!);
    expect(vias.map((v) => [v.transport, v.host])).toEqual([
      ["UDP", "t1.example.com"],
      ["SCTP", "t2.example.com"],
      ["TLS", "t3.example.com"],
      ["UNKNOWN", "t4.example.com"],
      ["TCP", "t5.example.com"],
    ]);
  });

  it("RFC 5118 §4.1 / §4.3 / §4.4: IPv6 Request-URIs", () => {
    expect(parseHeaderValue("Uri", requestUri("ipv6/ipv6-good.sip"))).toEqual(sip(undefined, "[2001:db8::10]"));
    expect(parseHeaderValue("Uri", requestUri("ipv6/port-ambiguous.sip"))).toEqual(sip(undefined, "[2001:db8::10:5070]"));
    expect(parseHeaderValue("Uri", requestUri("ipv6/port-unambiguous.sip"))).toEqual(sip(undefined, "[2001:db8::10]", { port: 5070 }));
    expect(parseHeaderValue("Uri", requestUri("ipv6/ipv6-correct-abnf-2-colons.sip"))).toEqual(sip("user", "[2001:db8::192.0.2.1]"));
    expect(parseHeaderValue("Uri", requestUri("ipv6/ipv6-bug-abnf-3-colons.sip"))).toEqual(sip("user", "[2001:db8:::192.0.2.1]"));
    expect(parseHeaderValue("Contact", value("ipv6/ipv6-good.sip", "contact"))).toEqual({
      star: false,
      contacts: [{ displayName: "Caller", uri: sip("caller", "[2001:db8::1]"), params: {} }],
    });
  });

  it("RFC 5118 §4.5: Via received with and without brackets", () => {
    expect(parseHeaderValue("Via", value("ipv6/via-received-param-no-delim.sip", "via"))).toEqual([
      { protocol: "SIP/2.0", transport: "UDP", host: "[2001:db8::9:1]", params: { received: "2001:db8::9:255", branch: "z9hG4bKas3" } },
    ]);
    expect(parseHeaderValue("Via", value("ipv6/via-received-param-with-delim.sip", "via"))).toEqual([
      {
        protocol: "SIP/2.0",
        transport: "UDP",
        host: "[2001:db8::9:1]",
        params: { received: "[2001:db8::9:255]", branch: "z9hG4bKas3-111" },
      },
    ]);
  });

  it("RFC 5118 §4.6 / §4.8: several Vias, IPv4-mapped addresses", () => {
    expect(values("ipv6/mult-ip-in-header.sip", "via").map((v) => parseHeaderValue("Via", v)[0])).toEqual([
      { protocol: "SIP/2.0", transport: "UDP", host: "[2001:db8::9:1]", port: 6050, params: { branch: "z9hG4bKas3-111" } },
      { protocol: "SIP/2.0", transport: "UDP", host: "192.0.2.1", params: { branch: "z9hG4bKjhja8781hjuaij65144" } },
      { protocol: "SIP/2.0", transport: "TCP", host: "[2001:db8::9:255]", params: { branch: "z9hG4bK451jj", received: "192.0.2.200" } },
    ]);
    const f = "ipv6/ipv4-mapped-ipv6.sip";
    expect(values(f, "via").map((v) => parseHeaderValue("Via", v)[0])).toEqual([
      { protocol: "SIP/2.0", transport: "UDP", host: "[::ffff:192.0.2.10]", port: 19823, params: { branch: "z9hG4bKbh19" } },
      { protocol: "SIP/2.0", transport: "UDP", host: "[::ffff:192.0.2.2]", params: { branch: "z9hG4bKas3-111" } },
    ]);
    expect(parseHeaderValue("Contact", value(f, "contact"))).toEqual({
      star: false,
      contacts: [{ displayName: "T. desk phone", uri: sip("ted", "[::ffff:192.0.2.2]"), params: {} }],
    });
  });

  describe("faulty values are rejected", () => {
    const bad: [string, string, GrammarRule, number?][] = [
      ["invalid/badinv01.sip", "via", "Via"],
      ["invalid/badinv01.sip", "contact", "Contact"],
      ["invalid/quotbal.sip", "to", "NameAddrOrAddrSpec"],
      ["invalid/regbadct.sip", "contact", "Contact"],
      ["invalid/badaspec.sip", "to", "NameAddrOrAddrSpec"],
      ["invalid/baddn.sip", "from", "NameAddrOrAddrSpec"],
      ["invalid/baddn.sip", "to", "NameAddrOrAddrSpec"],
      ["invalid/scalar02.sip", "cseq", "CSeq"],
      ["invalid/scalar02.sip", "expires", "Integer"],
      ["invalid/scalarlg.sip", "cseq", "CSeq"],
      ["invalid/scalarlg.sip", "retry-after", "RetryAfter"],
      ["invalid/scalarlg.sip", "warning", "Warning"],
      ["invalid/ncl.sip", "content-length", "Integer"],
      ["invalid/baddate.sip", "date", "Date"],
    ];
    it.each(bad)("%s %s", (file, name, rule) => {
      expect(() => parseHeaderValue(rule, value(file, name), name)).toThrow(ParseError);
    });

    it.each(["invalid/ltgtruri.sip", "invalid/lwsruri.sip", "ipv6/ipv6-bad.sip"])("%s Request-URI", (file) => {
      expect(() => parseHeaderValue("Uri", requestUri(file), "request-uri")).toThrow(ParseError);
    });

    it("badaspec: the quoted display name with a comma in From is fine", () => {
      expect(parseHeaderValue("NameAddrOrAddrSpec", value("invalid/badaspec.sip", "from"))).toEqual({
        displayName: "Bell, Alexander",
        uri: sip("a.g.bell", "example.com"),
        params: { tag: "433423" },
      });
    });
  });
});
