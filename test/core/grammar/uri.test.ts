import { describe, expect, it } from "vitest";
import { parseHeaderValue, type UriData } from "../../../src/core/grammar/index.js";
import { ParseError } from "../../../src/core/messages/errors.js";

const uri = (v: string): UriData => parseHeaderValue("Uri", v);

describe("Uri (Request-URI)", () => {
  it("parses a plain SIP URI", () => {
    expect(uri("sip:alice@atlanta.com")).toEqual({
      scheme: "sip",
      user: "alice",
      host: "atlanta.com",
      params: {},
      headers: {},
    });
  });

  it("parses a SIP URI without user", () => {
    expect(uri("sip:registrar.biloxi.com")).toEqual({
      scheme: "sip",
      host: "registrar.biloxi.com",
      params: {},
      headers: {},
    });
  });

  it("parses every part of a SIPS URI; lower-cases scheme and param names only", () => {
    expect(uri("SIPS:Alice:secret@Atlanta.COM:5061;Transport=TCP;lr;Maddr=239.255.255.1?Subject=Project%20X&Priority=urgent")).toEqual({
      scheme: "sips",
      user: "Alice",
      password: "secret",
      host: "Atlanta.COM",
      port: 5061,
      params: { transport: "TCP", lr: null, maddr: "239.255.255.1" },
      headers: { Subject: "Project X", Priority: "urgent" },
    });
  });

  it("accepts an empty password", () => {
    expect(uri("sip:alice:@atlanta.com")).toEqual({ scheme: "sip", user: "alice", password: "", host: "atlanta.com", params: {}, headers: {} });
  });

  it("accepts an empty header value", () => {
    expect(uri("sip:alice@atlanta.com?subject=")).toEqual({
      scheme: "sip",
      user: "alice",
      host: "atlanta.com",
      params: {},
      headers: { subject: "" },
    });
  });

  it("accepts a user that is a telephone-subscriber with params and a user=phone param", () => {
    expect(uri("sip:+1-212-555-1212;isub=1411;postd=pp22@gateway.com;user=phone")).toEqual({
      scheme: "sip",
      user: "+1-212-555-1212;isub=1411;postd=pp22",
      host: "gateway.com",
      params: { user: "phone" },
      headers: {},
    });
  });

  it("accepts a hostname with one trailing dot and digits in non-top labels", () => {
    expect(uri("sip:3com.example.com.")).toEqual({ scheme: "sip", host: "3com.example.com.", params: {}, headers: {} });
  });

  it("RFC 4475 esc01: unescapes the user part once", () => {
    expect(uri("sip:sips%3Auser%40example.com@example.net")).toEqual({
      scheme: "sip",
      user: "sips:user@example.com",
      host: "example.net",
      params: {},
      headers: {},
    });
  });

  it("RFC 4475 esc01: unescaping of params is not recursive", () => {
    expect(uri("sip:caller@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31")).toEqual({
      scheme: "sip",
      user: "caller",
      host: "host5.example.net",
      params: { lr: null, name: "value%41" },
      headers: {},
    });
  });

  it("RFC 4475 escnull: %00 stays a NUL character", () => {
    expect(uri("sip:null-%00-null@example.com").user).toBe("null-\u0000-null");
    expect(uri("sip:%00%00@host5.example.com").user).toBe("\u0000\u0000");
  });

  it("decodes escaped UTF-8 and keeps invalid UTF-8 octets as single characters", () => {
    expect(uri("sip:%C3%A9t%C3%A9@example.com").user).toBe("été");
    expect(uri("sip:%FF@example.com").user).toBe("\u00FF");
  });

  it("RFC 4475 intmeth: unusual user and password characters", () => {
    expect(uri("sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com")).toEqual({
      scheme: "sip",
      user: "1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*",
      password: "&it+has=1,weird!*pas$wo~d_too.(doesn't-it)",
      host: "example.com",
      params: {},
      headers: {},
    });
  });

  it("RFC 4475 semiuri: a semicolon before @ belongs to the user", () => {
    expect(uri("sip:user;par=u%40example.net@example.com")).toEqual({
      scheme: "sip",
      user: "user;par=u@example.net",
      host: "example.com",
      params: {},
      headers: {},
    });
  });

  it("RFC 4475 wsinv: unknown parameter without value", () => {
    expect(uri("sip:vivekg@chair-dnrc.example.com;unknownparam")).toEqual({
      scheme: "sip",
      user: "vivekg",
      host: "chair-dnrc.example.com",
      params: { unknownparam: null },
      headers: {},
    });
  });

  it("accepts headers in a Request-URI (RFC 4475 escruri is rejected semantically, not by the grammar)", () => {
    expect(uri("sip:user@example.com?Route=%3Csip:example.com%3E")).toEqual({
      scheme: "sip",
      user: "user",
      host: "example.com",
      params: {},
      headers: { Route: "<sip:example.com>" },
    });
  });

  it("keeps the first of duplicated parameters", () => {
    expect(uri("sip:a@b.example;transport=tcp;transport=udp").params).toEqual({ transport: "tcp" });
  });

  describe("IPv6 (RFC 5118)", () => {
    it("§4.1 IPv6 reference", () => {
      expect(uri("sip:[2001:db8::10]")).toEqual({ scheme: "sip", host: "[2001:db8::10]", params: {}, headers: {} });
    });

    it("§4.3 port outside the brackets", () => {
      expect(uri("sip:[2001:db8::10]:5070")).toEqual({ scheme: "sip", host: "[2001:db8::10]", port: 5070, params: {}, headers: {} });
    });

    it("§4.3 port-like group inside the brackets is part of the address", () => {
      expect(uri("sip:[2001:db8::10:5070]")).toEqual({ scheme: "sip", host: "[2001:db8::10:5070]", params: {}, headers: {} });
    });

    it("§4.4 embedded IPv4 with two colons", () => {
      expect(uri("sip:user@[2001:db8::192.0.2.1]")).toEqual({
        scheme: "sip",
        user: "user",
        host: "[2001:db8::192.0.2.1]",
        params: {},
        headers: {},
      });
    });

    it("§4.4 three colons are accepted for robustness, spelling kept", () => {
      expect(uri("sip:user@[2001:db8:::192.0.2.1]").host).toBe("[2001:db8:::192.0.2.1]");
    });

    it("§4.8 IPv4-mapped address", () => {
      expect(uri("sip:ted@[::ffff:192.0.2.2]:5060")).toEqual({
        scheme: "sip",
        user: "ted",
        host: "[::ffff:192.0.2.2]",
        port: 5060,
        params: {},
        headers: {},
      });
    });

    it("full eight groups and the loopback address", () => {
      expect(uri("sip:[2001:DB8:0:0:8:800:200C:417A]").host).toBe("[2001:DB8:0:0:8:800:200C:417A]");
      expect(uri("sip:[::1]").host).toBe("[::1]");
    });

    it.each([
      "sip:2001:db8::10", // RFC 5118 §4.2 ipv6-bad: no brackets
      "sip:[2001:db8::10",
      "sip:[2001:db8::1::2]",
      "sip:[2001:db8::g]",
      "sip:[1:2:3:4:5:6:7]",
      "sip:[1:2:3:4:5:6:7:8:9]",
      "sip:[12345::1]",
      "sip:[::ffff:192.0.2.256]",
      "sip:[::ffff:192.0.2]",
      "sip:[]",
    ])("rejects %s", (v) => {
      expect(() => uri(v)).toThrow(ParseError);
    });
  });

  describe("tel URI (RFC 3966)", () => {
    it("global number", () => {
      expect(uri("tel:+1-201-555-0123")).toEqual({ scheme: "tel", user: "+1-201-555-0123", host: "", params: {}, headers: {} });
    });

    it("local number with phone-context", () => {
      expect(uri("tel:7042;phone-context=example.com")).toEqual({
        scheme: "tel",
        user: "7042",
        host: "",
        params: { "phone-context": "example.com" },
        headers: {},
      });
    });

    it("lower-cases scheme and parameter names, unescapes values", () => {
      expect(uri("TEL:863-1234;Phone-Context=+1-914-555;ext=22;foo=a%20b")).toEqual({
        scheme: "tel",
        user: "863-1234",
        host: "",
        params: { "phone-context": "+1-914-555", ext: "22", foo: "a b" },
        headers: {},
      });
    });

    it.each(["tel:7042", "tel:+", "tel:+-.", "tel:", "tel:+1 234", "tel:+1;;ext=1", "tel:+1;ext="])("rejects %s", (v) => {
      expect(() => uri(v)).toThrow(ParseError);
    });
  });

  describe("other absolute URIs", () => {
    it("keeps the part after the scheme as opaque", () => {
      expect(uri("urn:service:sos")).toEqual({ scheme: "urn", host: "", params: {}, headers: {}, opaque: "service:sos" });
      expect(uri("Mailto:Bob@Example.com")).toEqual({ scheme: "mailto", host: "", params: {}, headers: {}, opaque: "Bob@Example.com" });
      expect(uri("http://www.example.com/a;b?c=d,e")).toEqual({
        scheme: "http",
        host: "",
        params: {},
        headers: {},
        opaque: "//www.example.com/a;b?c=d,e",
      });
    });

    it.each(["urn:", "1urn:x", "urn:a b", "urn:a%2", "urn:a\"b"])("rejects %s", (v) => {
      expect(() => uri(v)).toThrow(ParseError);
    });
  });

  describe("invalid", () => {
    it.each([
      ["<sip:user@example.com>", "RFC 4475 ltgtruri"],
      ["sip:user@example.com; lr", "RFC 4475 lwsruri"],
      [" sip:user@example.com", "leading LWS"],
      ["sip:user@example.com ", "trailing LWS"],
      ["sip:user@example.com;;lr", "empty parameter"],
      ["sip:user@example.com;lr=", "empty parameter value"],
      ["sip:user@example.com;", "trailing semicolon"],
      ["sip:user@example.com?", "empty headers"],
      ["sip:user@example.com?a", "header without ="],
      ["sip:user@example.com?=b", "header without name"],
      ["sip:", "no host"],
      ["sip:user@", "no host after user"],
      ["sip:@example.com", "empty user"],
      ["sip:us er@example.com", "space in user"],
      ["sip:user@exa mple.com", "space in host"],
      ["sip:user@-example.com", "label starts with -"],
      ["sip:user@example-.com", "label ends with -"],
      ["sip:user@example..com", "empty label"],
      ["sip:user@1example", "toplabel starts with a digit"],
      ["sip:user@1.2.3", "three-part IPv4"],
      ["sip:user@256.1.1.1", "octet above 255"],
      ["sip:user@example.com:", "empty port"],
      ["sip:user@example.com:70000", "port above 65535"],
      ["sip:user@example.com:50a", "non-digit port"],
      ["sip:user@host%41.com", "escape in host"],
      ["sip:user%4@example.com", "truncated escape"],
      ["sip:user%GG@example.com", "bad escape"],
      ["sip:user@example.com;a%2=b", "bad escape in param"],
      ["sip:user@example.com;a=b c", "space in param"],
      ["sip:user@example.com>", "stray >"],
      ["sip:user@[::1]x", "junk after IPv6 reference"],
      ["", "empty"],
    ])("rejects %j (%s)", (v) => {
      expect(() => uri(v)).toThrow(ParseError);
    });
  });
});
