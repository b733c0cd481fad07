import { describe, expect, it } from "vitest";
import { parseHeaderValue } from "../../../src/core/grammar/index.js";
import { ParseError } from "../../../src/core/messages/errors.js";

const na = (v: string) => parseHeaderValue("NameAddrOrAddrSpec", v);
const contact = (v: string) => parseHeaderValue("Contact", v);
const routes = (v: string) => parseHeaderValue("RouteList", v);

const sip = (user: string | undefined, host: string, extra: object = {}) => ({
  scheme: "sip",
  ...(user === undefined ? {} : { user }),
  host,
  params: {},
  headers: {},
  ...extra,
});

describe("NameAddrOrAddrSpec (From, To, Refer-To ...)", () => {
  it("quoted display name, tag", () => {
    expect(na('"Bob" <sip:bob@biloxi.example.com>;tag=a6c85cf')).toEqual({
      displayName: "Bob",
      uri: sip("bob", "biloxi.example.com"),
      params: { tag: "a6c85cf" },
    });
  });

  it("no display name", () => {
    expect(na("<sip:bob@biloxi.example.com>")).toEqual({ uri: sip("bob", "biloxi.example.com"), params: {} });
  });

  it("empty quoted display name", () => {
    expect(na('"" <sip:bob@biloxi.example.com>')).toEqual({ displayName: "", uri: sip("bob", "biloxi.example.com"), params: {} });
  });

  it("token display name", () => {
    expect(na("Bob <sip:bob@biloxi.example.com>;tag=1")).toEqual({
      displayName: "Bob",
      uri: sip("bob", "biloxi.example.com"),
      params: { tag: "1" },
    });
  });

  it("RFC 4475 lwsdisp: token display name without LWS before <", () => {
    expect(na("caller<sip:caller@example.com>;tag=323")).toEqual({
      displayName: "caller",
      uri: sip("caller", "example.com"),
      params: { tag: "323" },
    });
  });

  it("quoted display name without LWS before <", () => {
    expect(na('"Bob"<sip:bob@biloxi.example.com>').displayName).toBe("Bob");
  });

  it("RFC 4475 intmeth: several tokens as display name, odd param names, UTF-8 quoted value", () => {
    expect(
      na("token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%=\"работающий\";tag=_token~1'+`*%!-."),
    ).toEqual({
      displayName: "token1~` token2'+_ token3*%!.-",
      uri: sip("mundane", "example.com"),
      params: { "fromparam''~+*_!.-%": "работающий", tag: "_token~1'+`*%!-." },
    });
  });

  it("several tokens separated by more than one space keep their spacing", () => {
    expect(na("A  B\tC <sip:x@example.com>").displayName).toBe("A  B\tC");
  });

  it("RFC 4475 intmeth: quoted-pairs including NUL, BEL and DEL", () => {
    expect(na('"BEL:\\\x07 NUL:\\\x00 DEL:\\\x7F" <sip:a@example.com>')).toEqual({
      displayName: "BEL:\x07 NUL:\x00 DEL:\x7F",
      uri: sip("a", "example.com"),
      params: {},
    });
  });

  it("RFC 4475 wsinv: escaped backslash and quote, LWS around ; and =", () => {
    expect(na('"J Rosenberg \\\\\\""       <sip:jdrosen@example.com> ;   tag = 98asjd8')).toEqual({
      displayName: 'J Rosenberg \\"',
      uri: sip("jdrosen", "example.com"),
      params: { tag: "98asjd8" },
    });
  });

  it("UTF-8 and commas in a quoted display name", () => {
    expect(na('"Ĝorĝo, Señor 日本" <sip:g@example.com>').displayName).toBe("Ĝorĝo, Señor 日本");
  });

  it("addr-spec: the ;params after it are header params (RFC 4475 wsinv To)", () => {
    expect(na("sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n")).toEqual({
      uri: sip("vivekg", "chair-dnrc.example.com"),
      params: { tag: "1918181833n" },
    });
  });

  it("addr-spec with port and valueless param", () => {
    expect(na("sip:bob@biloxi.example.com:5062;tag=x;foo")).toEqual({
      uri: sip("bob", "biloxi.example.com", { port: 5062 }),
      params: { tag: "x", foo: null },
    });
  });

  it("RFC 4475 esc01: escaped user in addr-spec and name-addr", () => {
    expect(na("sip:%75se%72@example.com")).toEqual({ uri: sip("user", "example.com"), params: {} });
    expect(na("<sip:I%20have%20spaces@example.net>;tag=938")).toEqual({
      uri: sip("I have spaces", "example.net"),
      params: { tag: "938" },
    });
  });

  it("URI parameters inside <> stay URI parameters", () => {
    expect(na("<sip:alice@atlanta.example.com;transport=tcp>;tag=9fxced76sl")).toEqual({
      uri: sip("alice", "atlanta.example.com", { params: { transport: "tcp" } }),
      params: { tag: "9fxced76sl" },
    });
  });

  it("tel URI as addr-spec and as name-addr", () => {
    expect(na("tel:+12125551212;tag=887s")).toEqual({
      uri: { scheme: "tel", user: "+12125551212", host: "", params: {}, headers: {} },
      params: { tag: "887s" },
    });
    expect(na("<tel:+12125551212;ext=22>;tag=887s")).toEqual({
      uri: { scheme: "tel", user: "+12125551212", host: "", params: { ext: "22" }, headers: {} },
      params: { tag: "887s" },
    });
  });

  it("other absolute URI in addr-spec form", () => {
    expect(na("mailto:bob@example.com;tag=1")).toEqual({
      uri: { scheme: "mailto", host: "", params: {}, headers: {}, opaque: "bob@example.com" },
      params: { tag: "1" },
    });
  });

  it("RFC 3515 / 3891 Refer-To with an escaped Replaces header", () => {
    expect(na("<sip:bob@biloxi.example.com?Replaces=12345%40192.168.118.3%3Bto-tag%3D12345%3Bfrom-tag%3D5FFE-3994>")).toEqual({
      uri: sip("bob", "biloxi.example.com", { headers: { Replaces: "12345@192.168.118.3;to-tag=12345;from-tag=5FFE-3994" } }),
      params: {},
    });
  });

  it("quoted parameter values are stored unquoted; IPv6 reference values allowed", () => {
    expect(na('<sip:a@example.com>;+sip.instance="<urn:uuid:0000-AABB>";x="a\\"b";maddr=[2001:db8::1]').params).toEqual({
      "+sip.instance": "<urn:uuid:0000-AABB>",
      x: 'a"b',
      maddr: "[2001:db8::1]",
    });
  });

  it("first of duplicated parameters wins; __proto__ is an ordinary own key", () => {
    expect(na("<sip:a@example.com>;tag=1;TAG=2").params).toEqual({ tag: "1" });
    const p = na("<sip:a@example.com>;__proto__=x").params;
    expect(Object.keys(p)).toEqual(["__proto__"]);
    expect(Object.getOwnPropertyDescriptor(p, "__proto__")?.value).toBe("x");
    expect(Object.getPrototypeOf(p)).toBe(Object.prototype);
  });

  it.each([
    ["Bell, Alexander <sip:a.g.bell@example.com>;tag=43", "RFC 4475 baddn"],
    ["Watson, Thomas <sip:t.watson@example.org>", "RFC 4475 baddn"],
    ['"Watson, Thomas" < sip:t.watson@example.org >', "RFC 4475 badaspec"],
    ["<sip:t.watson@example.org >", "space before >"],
    ['"Mr. J. User <sip:j.user@example.com>', "RFC 4475 quotbal"],
    ['"Joe" <sip:joe@example.org>;;;;', "RFC 4475 badinv01"],
    ["<sip:a@example.com>;tag=1;", "trailing ;"],
    ["<sip:a@example.com>;tag=", "empty value"],
    ["<sip:a@example.com>;=1", "empty name"],
    ["<sip:a@example.com", "unclosed <"],
    ['"Bob" sip:bob@example.com', "display name without <>"],
    ["Bob@home <sip:bob@example.com>", "@ in unquoted display name"],
    ["sip:user@example.com?Subject=x", "addr-spec with headers"],
    ["sip:us;er@example.com", "addr-spec with ; in user"],
    ["sip:us?er@example.com", "addr-spec with ? in user"],
    ["sip:us,er@example.com", "addr-spec with , in user"],
    ["<sip:a@example.com>, <sip:b@example.com>", "a list"],
    ['"a\\\n" <sip:a@example.com>', "quoted-pair of LF"],
    ['"a\x01" <sip:a@example.com>', "control character in quoted string"],
    ["<>", "empty URI"],
    ["", "empty value"],
  ])("rejects %j (%s)", (v) => {
    expect(() => na(v)).toThrow(ParseError);
  });
});

describe("Contact", () => {
  it("star", () => {
    expect(contact("*")).toEqual({ star: true });
  });

  it("a lone * is the star; * followed by a name-addr is a token display name", () => {
    expect(contact("* <sip:a@example.com>")).toEqual({
      star: false,
      contacts: [{ displayName: "*", uri: sip("a", "example.com"), params: {} }],
    });
  });

  it("RFC 4475 wsinv: quoted display name with escaped quotes, LWS around params", () => {
    expect(contact('"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam = newvalue ; secondparam ; q = 0.33')).toEqual({
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

  it("a list mixing name-addr and addr-spec", () => {
    expect(contact('<sip:a@one.example.com>;q=0.7, "X" <sip:c@two.example.com;transport=tls>;expires=60 , sip:e@three.example.com:5080;q=0.1')).toEqual({
      star: false,
      contacts: [
        { uri: sip("a", "one.example.com"), params: { q: "0.7" } },
        { displayName: "X", uri: sip("c", "two.example.com", { params: { transport: "tls" } }), params: { expires: "60" } },
        { uri: sip("e", "three.example.com", { port: 5080 }), params: { q: "0.1" } },
      ],
    });
  });

  it("RFC 4475 esc01: escaped params in a Contact URI", () => {
    expect(contact("<sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>")).toEqual({
      star: false,
      contacts: [{ uri: sip("caller", "host5.example.net", { params: { lr: null, name: "value%41" } }), params: {} }],
    });
  });

  it("RFC 4475 escnull: %00 and %00%00 are different users", () => {
    expect(contact("<sip:%00@host5.example.com>")).toEqual({
      star: false,
      contacts: [{ uri: sip("\0", "host5.example.com"), params: {} }],
    });
    expect(contact("<sip:%00%00@host5.example.com>")).toEqual({
      star: false,
      contacts: [{ uri: sip("\0\0", "host5.example.com"), params: {} }],
    });
  });

  it("RFC 4475 regescrt: escaped headers inside <>", () => {
    expect(contact("<sip:user@example.com?Route=%3Csip:sip.example.com%3E>")).toEqual({
      star: false,
      contacts: [{ uri: sip("user", "example.com", { headers: { Route: "<sip:sip.example.com>" } }), params: {} }],
    });
  });

  it("RFC 4475 scalar02: a large expires value is grammatical (a string param)", () => {
    expect(contact("<sip:user@host129.example.com> ;expires=280297596632815")).toEqual({
      star: false,
      contacts: [{ uri: sip("user", "host129.example.com"), params: { expires: "280297596632815" } }],
    });
  });

  it("RFC 5118 §4.8 IPv4-mapped address in a Contact", () => {
    expect(contact('"T. desk phone" <sip:ted@[::ffff:192.0.2.2]>')).toEqual({
      star: false,
      contacts: [{ displayName: "T. desk phone", uri: sip("ted", "[::ffff:192.0.2.2]"), params: {} }],
    });
  });

  it.each([
    ["sip:user@example.com?Route=%3Csip:sip.example.com%3E", "RFC 4475 regbadct"],
    ['"Joe" <sip:joe@example.org>;;;;', "RFC 4475 badinv01"],
    ["*, <sip:a@example.com>", "star in a list"],
    ["<sip:a@example.com>,", "trailing comma"],
    ["<sip:a@example.com>,,<sip:b@example.com>", "empty element"],
    [",<sip:a@example.com>", "leading comma"],
    ["", "empty"],
  ])("rejects %j (%s)", (v) => {
    expect(() => contact(v)).toThrow(ParseError);
  });
});

describe("RouteList (Route, Record-Route, Path, Service-Route)", () => {
  it("RFC 4475 wsinv Route", () => {
    expect(routes("<sip:services.example.com;lr;unknownwith=value;unknown-no-value>")).toEqual([
      { uri: sip(undefined, "services.example.com", { params: { lr: null, unknownwith: "value", "unknown-no-value": null } }), params: {} },
    ]);
  });

  it("a list with header params and display names", () => {
    expect(routes('<sip:p1.example.com;lr>,"Proxy 2" <sip:p2.example.com:5061;transport=tls;lr>;foo=bar ,  <sip:[2001:db8::1];lr>')).toEqual([
      { uri: sip(undefined, "p1.example.com", { params: { lr: null } }), params: {} },
      {
        displayName: "Proxy 2",
        uri: sip(undefined, "p2.example.com", { port: 5061, params: { transport: "tls", lr: null } }),
        params: { foo: "bar" },
      },
      { uri: sip(undefined, "[2001:db8::1]", { params: { lr: null } }), params: {} },
    ]);
  });

  it.each([
    ["sip:p1.example.com;lr", "addr-spec"],
    ["<sip:p1.example.com;lr>, sip:p2.example.com", "addr-spec element"],
    ["<sip:p1.example.com;lr>,", "trailing comma"],
    ["", "empty"],
  ])("rejects %j (%s)", (v) => {
    expect(() => routes(v)).toThrow(ParseError);
  });
});
