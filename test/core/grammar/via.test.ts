import { describe, expect, it } from "vitest";
import { parseHeaderValue } from "../../../src/core/grammar/index.js";
import { ParseError } from "../../../src/core/messages/errors.js";

const via = (v: string) => parseHeaderValue("Via", v);

describe("Via", () => {
  it("a simple Via", () => {
    expect(via("SIP/2.0/UDP pc33.atlanta.com;branch=z9hG4bK776asdhds")).toEqual([
      { protocol: "SIP/2.0", transport: "UDP", host: "pc33.atlanta.com", params: { branch: "z9hG4bK776asdhds" } },
    ]);
  });

  it("port, received, valueless rport; transport upper-cased, protocol as written", () => {
    expect(via("sip/2.0/tls client.biloxi.example.com:5061;branch=z9hG4bKnashd92;rport;received=192.0.2.201")).toEqual([
      {
        protocol: "sip/2.0",
        transport: "TLS",
        host: "client.biloxi.example.com",
        port: 5061,
        params: { branch: "z9hG4bKnashd92", rport: null, received: "192.0.2.201" },
      },
    ]);
  });

  it("WSS with a .invalid host (RFC 7118)", () => {
    expect(via("SIP/2.0/WSS df7jal23ls0d.invalid;branch=z9hG4bK56sdasks;rport=5060")).toEqual([
      { protocol: "SIP/2.0", transport: "WSS", host: "df7jal23ls0d.invalid", params: { branch: "z9hG4bK56sdasks", rport: "5060" } },
    ]);
  });

  it("RFC 4475 wsinv: LWS around every / ; = and ,", () => {
    expect(via("SIP  /   2.0 /UDP     192.0.2.2;branch=390skdjuw")).toEqual([
      { protocol: "SIP/2.0", transport: "UDP", host: "192.0.2.2", params: { branch: "390skdjuw" } },
    ]);
    expect(
      via("SIP  / 2.0  / TCP     spindle.example.com   ; branch  =   z9hG4bK9ikj8  , SIP  /    2.0   / UDP  192.168.255.111   ; branch= z9hG4bK30239"),
    ).toEqual([
      { protocol: "SIP/2.0", transport: "TCP", host: "spindle.example.com", params: { branch: "z9hG4bK9ikj8" } },
      { protocol: "SIP/2.0", transport: "UDP", host: "192.168.255.111", params: { branch: "z9hG4bK30239" } },
    ]);
  });

  it("LWS around the sent-by colon; ttl and maddr", () => {
    expect(via("SIP/2.0/UDP host.example.com : 5060 ; ttl = 16 ; maddr = 224.2.0.1 ;branch=z9hG4bKa")).toEqual([
      {
        protocol: "SIP/2.0",
        transport: "UDP",
        host: "host.example.com",
        port: 5060,
        params: { ttl: "16", maddr: "224.2.0.1", branch: "z9hG4bKa" },
      },
    ]);
  });

  it("RFC 4475 transports: an unknown transport is a token", () => {
    expect(via("SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en")).toEqual([
      { protocol: "SIP/2.0", transport: "UNKNOWN", host: "t4.example.com", params: { branch: "z9hG4bKasd0f3en" } },
    ]);
  });

  it("RFC 4475 intmeth: branch with unusual token characters", () => {
    expect(via("SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~")[0]!.params).toEqual({ branch: "z9hG4bK-.!%66*_+`'~" });
  });

  it("a quoted extension parameter is stored unquoted; names lower-cased", () => {
    expect(via('SIP/2.0/UDP h.example.com;Branch=z9hG4bKx;X-Note="a, b; c"')[0]!.params).toEqual({ branch: "z9hG4bKx", "x-note": "a, b; c" });
  });

  describe("IPv6 (RFC 5118)", () => {
    it("§4.6 several Vias mixing IPv6 and IPv4", () => {
      expect(via("SIP/2.0/UDP [2001:db8::9:1]:6050;branch=z9hG4bKas3-111, SIP/2.0/TCP [2001:db8::9:255];branch=z9hG4bK451jj;received=192.0.2.200")).toEqual([
        { protocol: "SIP/2.0", transport: "UDP", host: "[2001:db8::9:1]", port: 6050, params: { branch: "z9hG4bKas3-111" } },
        {
          protocol: "SIP/2.0",
          transport: "TCP",
          host: "[2001:db8::9:255]",
          params: { branch: "z9hG4bK451jj", received: "192.0.2.200" },
        },
      ]);
    });

    it("§4.5 received without brackets (RFC 3261 grammar)", () => {
      expect(via("SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:255;branch=z9hG4bKas3")).toEqual([
        {
          protocol: "SIP/2.0",
          transport: "UDP",
          host: "[2001:db8::9:1]",
          params: { received: "2001:db8::9:255", branch: "z9hG4bKas3" },
        },
      ]);
    });

    it("§4.5 received with brackets (accepted for robustness)", () => {
      expect(via("SIP/2.0/UDP [2001:db8::9:1];received=[2001:db8::9:255];branch=z9hG4bKas3-111")[0]!.params).toEqual({
        received: "[2001:db8::9:255]",
        branch: "z9hG4bKas3-111",
      });
    });

    it("§4.8 IPv4-mapped sent-by with port", () => {
      expect(via("SIP/2.0/UDP [::ffff:192.0.2.10]:19823;branch=z9hG4bKbh19")).toEqual([
        { protocol: "SIP/2.0", transport: "UDP", host: "[::ffff:192.0.2.10]", port: 19823, params: { branch: "z9hG4bKbh19" } },
      ]);
    });

    it.each([
      "SIP/2.0/UDP 2001:db8::9:1;branch=z9hG4bKx",
      "SIP/2.0/UDP [2001:db8::9:1;branch=z9hG4bKx",
      "SIP/2.0/UDP [2001:db8::9:1]branch=z9hG4bKx",
      "SIP/2.0/UDP [2001:db8::9:1];received=2001:db8::9:zz",
    ])("rejects %j", (v) => {
      expect(() => via(v)).toThrow(ParseError);
    });
  });

  it.each([
    ["SIP/2.0/UDP 192.0.2.15;;,;,,", "RFC 4475 badinv01"],
    ["SIP/2.0/UDP host.example.com;branch=", "empty value"],
    ["SIP/2.0/UDP host.example.com;", "trailing ;"],
    ["SIP/2.0/UDP host.example.com,", "trailing ,"],
    ["SIP/2.0/UDP host.example.com,,SIP/2.0/UDP h2.example.com", "empty element"],
    ["SIP/2.0 host.example.com", "no transport"],
    ["SIP/2.0/UDP", "no sent-by"],
    ["SIP/2.0/UDPhost.example.com", "no LWS before sent-by"],
    ["SIP/2.0/UDP host.example.com:", "empty port"],
    ["SIP/2.0/UDP host.example.com:65536", "port too large"],
    ["SIP/2.0/UDP host_1.example.com", "underscore in host"],
    ["SIP/2.0/UDP host.example.com branch=z9hG4bK", "params without ;"],
    ["SIP/2.0/UDP host.example.com;branch=a b", "space in token"],
    ["", "empty"],
  ])("rejects %j (%s)", (v) => {
    expect(() => via(v)).toThrow(ParseError);
  });
});
