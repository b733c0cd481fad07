import { describe, expect, it } from "vitest";
import {
  HeaderInjectionError,
  NameAddr,
  ParseError,
  parseMessage,
  SipRequest,
  SipResponse,
  Uri,
} from "../../../src/core/messages/index.js";

const INVITE = [
  "INVITE sip:bob@biloxi.example.com SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds, SIP/2.0/TCP proxy.example.com:5061;branch=z9hG4bKx1;received=192.0.2.4",
  "Max-Forwards: 70",
  "To: Bob <sip:bob@biloxi.example.com>",
  'From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>;expires=60, <sip:alice@192.0.2.9:5070>",
  "Content-Type: application/sdp",
  "Content-Length: 4",
  "",
  "v=0\n",
].join("\r\n");

describe("parseMessage", () => {
  it("reads the request line and the headers every message needs", () => {
    const m = parseMessage(INVITE) as SipRequest;
    expect(m).toBeInstanceOf(SipRequest);
    expect(m.method).toBe("INVITE");
    expect(m.ruri.toString()).toBe("sip:bob@biloxi.example.com");
    expect(m.callId).toBe("a84b4c76e66710@pc33.atlanta.example.com");
    expect(m.cseq).toEqual({ seq: 314159, method: "INVITE" });
    expect(m.from.displayName).toBe("Alice Liddell");
    expect(m.from.tag).toBe("1928301774");
    expect(m.to.displayName).toBe("Bob");
    expect(m.to.tag).toBeUndefined();
    expect(m.via.host).toBe("pc33.atlanta.example.com");
    expect(m.via.branch).toBe("z9hG4bK776asdhds");
    expect(m.vias[1]!.port).toBe(5061);
    expect(m.vias[1]!.received).toBe("192.0.2.4");
    expect(m.contacts.map((c) => c.uri.toString())).toEqual([
      "sip:alice@pc33.atlanta.example.com;transport=tcp",
      "sip:alice@192.0.2.9:5070",
    ]);
    expect(m.contacts[0]!.params).toEqual({ expires: "60" });
    expect(m.maxForwards).toBe(70);
    expect(m.body).toBe("v=0\n");
  });

  it("reads headers named like Object.prototype members as unknown text headers, without crashing", () => {
    const m = parseMessage(INVITE.replace("Content-Type:", "constructor: hi\r\ntoString: there\r\n__proto__: x\r\nconstructor: again\r\nContent-Type:"));
    expect(m.parseHeader("constructor")).toBe("hi");
    expect(m.parseHeaders("toString")).toEqual(["there"]);
    expect(m.parseHeader("__proto__")).toBe("x");
    expect(m.getHeaders("constructor")).toEqual(["hi", "again"]);
  });

  it("reads a response's status line", () => {
    const m = parseMessage(
      "SIP/2.0 180 Ringing\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\r\nTo: <sip:b@example.com>;tag=x\r\nFrom: <sip:a@example.com>;tag=y\r\nCall-ID: c1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n",
    ) as SipResponse;
    expect(m).toBeInstanceOf(SipResponse);
    expect(m.statusCode).toBe(180);
    expect(m.reasonPhrase).toBe("Ringing");
    expect(m.to.tag).toBe("x");
  });

  it("understands compact header names and any case", () => {
    const m = parseMessage(
      "OPTIONS sip:a@example.com SIP/2.0\r\nv: SIP/2.0/TCP h.example.com;branch=z9hG4bKq\r\nf: <sip:x@example.com>;tag=1\r\nt: <sip:a@example.com>\r\ni: abc\r\nCSEQ: 2 OPTIONS\r\nm: <sip:x@h.example.com>\r\nk: timer, 100rel\r\nl: 0\r\n\r\n",
    );
    expect(m.callId).toBe("abc");
    expect(m.getHeader("Call-ID")).toBe("abc");
    expect(m.getHeaders("supported")).toEqual(["timer", "100rel"]);
    expect(m.contacts).toHaveLength(1);
    expect(m.via.transport).toBe("TCP");
  });

  it("splits list headers on commas, but not inside quotes or <>", () => {
    const m = parseMessage(
      'REGISTER sip:example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContact: "A, B" <sip:a@h>, <sip:b,c@h;x=1>\r\nRoute: <sip:p1;lr>,<sip:p2;lr>\r\nRoute: <sip:p3;lr>\r\nContent-Length: 0\r\n\r\n',
    );
    expect(m.getHeaders("Contact")).toEqual(['"A, B" <sip:a@h>', "<sip:b,c@h;x=1>"]);
    expect(m.getHeaders("route")).toEqual(["<sip:p1;lr>", "<sip:p2;lr>", "<sip:p3;lr>"]);
    expect(m.routes.map((r) => r.uri.host)).toEqual(["p1", "p2", "p3"]);
  });

  it("Content-Length counts octets: a UTF-8 body is cut by bytes, from text and from bytes", () => {
    const body = "héllo ☃ 𝄞";
    const bytes = new TextEncoder().encode(body).length;
    const text = `MESSAGE sip:a@example.com SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Type: text/plain\r\nContent-Length: ${bytes}\r\n\r\n${body}trailing`;
    expect(parseMessage(text).body).toBe(body);
    expect(parseMessage(new TextEncoder().encode(text)).body).toBe(body);
  });

  it("skips CRLFs before the start line (RFC 3261 §7.5)", () => {
    const m = parseMessage("\r\n\r\nOPTIONS sip:a@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 0\r\n\r\n");
    expect((m as SipRequest).method).toBe("OPTIONS");
  });

  it("skips CRLFs before the start line of a datagram too, and cuts its body by Content-Length", () => {
    const text = "\r\n\r\n\r\nMESSAGE sip:a@h SIP/2.0\r\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\r\nContent-Length: 5\r\n\r\nhello, and more";
    const m = parseMessage(new TextEncoder().encode(text)) as SipRequest;
    expect(m.method).toBe("MESSAGE");
    expect(m.body).toBe("hello");
  });

  it("says where a bare CR or LF stands in the start line, and refuses a datagram above the size limit", () => {
    expect(() => parseMessage("OPTIONS sip:a@h\nX SIP/2.0\r\n\r\n")).toThrow(expect.objectContaining({ code: "HEADER_LINE", offset: 15 }));
    expect(() => parseMessage("\r\nOPTIONS sip:a@h\rX SIP/2.0\r\n\r\n")).toThrow(expect.objectContaining({ code: "HEADER_LINE", offset: 17 }));
    const big = new TextEncoder().encode("OPTIONS sip:a@h SIP/2.0\r\nX: " + "a".repeat(200) + "\r\n\r\n");
    expect(() => parseMessage(big, { maxSize: 100 })).toThrow(expect.objectContaining({ code: "TOO_LARGE", offset: 100 }));
  });

  it.each([
    ["", "EMPTY"],
    ["OPTIONS sip:a@h SIP/2.0\r\nVia: SIP/2.0/UDP h\r\n", "NO_HEADER_END"],
    ["OPTIONS sip:a@h\r\n\r\n", "START_LINE"],
    ["OPTIONS sip:a@h SIP/2\r\n\r\n", "VERSION"],
    ["OPTIONS sip:a@h SIP/2.0\r\nno colon here\r\n\r\n", "HEADER_LINE"],
    ["OPTIONS sip:a@h SIP/2.0\r\nBad Name: x\r\n\r\n", "HEADER_LINE"],
    ["SIP/2.0 2000 OK\r\n\r\n", "STATUS_CODE"],
    ["SIP/2.0 099 Low\r\n\r\n", "STATUS_CODE"],
    ["OPT(IONS sip:a@h SIP/2.0\r\n\r\n", "METHOD"],
    ["OPTIONS sip:a@h SIP/2.0\r\nContent-Length: 10\r\n\r\nshort", "BODY_TRUNCATED"],
    ["OPTIONS sip:a@h SIP/2.0\r\nContent-Length: x\r\n\r\n", "CONTENT_LENGTH"],
    ["OPTIONS sip:a@h SIP/2.0\r\nCSeq: x OPTIONS\r\n\r\n", "HEADER_VALUE"],
  ])("rejects %j with %s", (input, code) => {
    try {
      parseMessage(input);
      throw new Error("parsed");
    } catch (e) {
      expect(e).toBeInstanceOf(ParseError);
      expect((e as ParseError).code).toBe(code);
    }
  });

  it("refuses a message above the size limit before parsing it", () => {
    const big = "OPTIONS sip:a@h SIP/2.0\r\nX: " + "a".repeat(70000) + "\r\n\r\n";
    expect(() => parseMessage(big)).toThrow(expect.objectContaining({ code: "TOO_LARGE" }));
    expect(() => parseMessage(big, { maxSize: 100000 })).not.toThrow();
  });
});

describe("serialization", () => {
  it("writes Content-Length as the body's UTF-8 octet count", () => {
    const r = new SipRequest("MESSAGE", new Uri({ scheme: "sip", user: "bob", host: "example.com", params: {}, headers: {} }));
    r.setHeader("Via", "SIP/2.0/UDP h;branch=z9hG4bK1").setHeader("Content-Type", "text/plain");
    r.body = "日本語";
    const wire = r.toString();
    expect(wire).toContain("Content-Length: 9\r\n");
    const back = parseMessage(wire);
    expect(back.body).toBe("日本語");
  });

  it("refuses CR or LF in a caller-supplied header name or value (header injection)", () => {
    const r = new SipRequest("OPTIONS", Uri.sip("a", "h"));
    expect(() => r.setHeader("X-Evil", "a\r\nVia: forged")).toThrow(HeaderInjectionError);
    expect(() => r.addHeader("X-Evil", "a\nb")).toThrow(HeaderInjectionError);
    expect(() => r.addHeader("X-Ev\ril", "a")).toThrow(HeaderInjectionError);
    expect(() => r.addHeader("X Evil", "a")).toThrow(HeaderInjectionError);
    expect(r.headers).toEqual([]);
  });

  it("round-trips a parsed message", () => {
    const m = parseMessage(INVITE);
    const again = parseMessage(m.toString());
    expect(again.toString()).toBe(m.toString());
    expect(again.headers).toEqual(m.headers);
  });

  it("writes name-addrs and URIs with the escapes the ABNF requires", () => {
    const na = new NameAddr({
      displayName: 'Alice "A" Liddell',
      uri: new Uri({ scheme: "sip", user: "a b@c", host: "example.com", port: 5070, params: { transport: "tcp", lr: null }, headers: { Subject: "hi there" } }),
      params: { tag: "x1" },
    });
    expect(na.toString()).toBe('"Alice \\"A\\" Liddell" <sip:a%20b%40c@example.com:5070;transport=tcp;lr?Subject=hi%20there>;tag=x1');
  });
});

describe("feature parameters re-sent (RFC 3840 §9)", () => {
  it("keeps the quotes a feature tag's value must have, and writes q and expires bare", () => {
    const contact =
      '<sip:alice@192.0.2.4:5060>;+g.3gpp.icsi-ref="urn%3Aurn-7%3A3gpp-service.ims.icsi.mmtel";mobility="fixed";audio;' +
      '+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>";q=0.5;expires=600';
    const m = parseMessage(INVITE.replace(/^Contact: .*$/m, `Contact: ${contact}`));
    expect(m.contacts[0]!.toString()).toBe(contact);
  });
});

describe("generic parameter values re-sent (RFC 3261 §25.1 gen-value = token / host / quoted-string)", () => {
  it("quotes a value with colons that is not an IPv6 address (a registrar's received=\"sip:...\")", () => {
    const contact = '<sip:alice@10.0.0.2:5060>;expires=600;received="sip:198.51.100.7:34567";x="urn:abc"';
    const m = parseMessage(INVITE.replace(/^Contact: .*$/m, `Contact: ${contact}`));
    const again = m.contacts[0]!.toString();
    expect(again).toBe(contact);
    // and what we write, we (and a strict peer) can read back
    expect(parseMessage(INVITE.replace(/^Contact: .*$/m, `Contact: ${again}`)).contacts[0]!.params).toEqual(m.contacts[0]!.params);
  });

  it("writes IPv6 addresses and references bare (RFC 5118 received, maddr)", () => {
    const via = "SIP/2.0/UDP [2001:db8::1]:5060;branch=z9hG4bK1;received=2001:db8::9;maddr=[2001:db8::2];rport=5060";
    expect(parseMessage(INVITE.replace(/^Via: .*$/m, `Via: ${via}`)).via.toString()).toBe(via);
  });
});

describe("P-Asserted-Identity (RFC 3325 §9.1)", () => {
  it("reads an identity written as a bare addr-spec, as in the RFC's example, beside a name-addr", () => {
    const m = parseMessage(INVITE.replace("Content-Type:", 'P-Asserted-Identity: "Cullen Jennings" <sip:fluffy@cisco.com>, tel:+14085264000\r\nContent-Type:'));
    const ids = m.parseHeader("P-Asserted-Identity", "IdentityList")!.map((d) => new NameAddr(d).toString());
    expect(ids).toEqual(['"Cullen Jennings" <sip:fluffy@cisco.com>', "<tel:+14085264000>"]);
    expect(m.parseHeader("p-asserted-identity")).toEqual(m.parseHeader("P-Asserted-Identity", "IdentityList")); // the header's own rule
    expect(m.getHeaders("p-asserted-identity")).toEqual(['"Cullen Jennings" <sip:fluffy@cisco.com>', "tel:+14085264000"]);
  });
});

describe("display names with quoted-pairs re-sent (RFC 3261 §25.1 quoted-pair)", () => {
  it("writes control characters back as quoted-pairs, so the name-addr can be sent again (a BYE's To)", () => {
    const from = 'From: "Bob\\\x01\\\x00\\\x7f\tB" <sip:bob@example.com>;tag=9';
    const m = parseMessage(INVITE.replace(/^From: .*$/m, from));
    expect(m.from.displayName).toBe("Bob\x01\x00\x7f\tB");
    const again = m.from.toString();
    const bye = new SipRequest("BYE", Uri.sip("bob", "example.com"));
    expect(() => bye.addHeader("To", again)).not.toThrow();
    expect(parseMessage(INVITE.replace(/^From: .*$/m, `From: ${again}`)).from.displayName).toBe(m.from.displayName);
  });
});

describe("Uri comparison (RFC 3261 §19.1.4)", () => {
  const u = (s: string) => (parseMessage(`OPTIONS ${s} SIP/2.0\r\nContent-Length: 0\r\n\r\n`) as SipRequest).ruri;
  it.each([
    ["sip:%61lice@atlanta.com;transport=TCP", "sip:alice@AtLanTa.CoM;Transport=tcp"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com;newparam=5"],
    ["sip:carol@chicago.com;security=on", "sip:carol@chicago.com;newparam=5"],
    ["sip:carol@chicago.com;constructor=1;toString", "sip:carol@chicago.com"],
    ["sip:alice@atlanta.com?subject=project%20x&priority=urgent", "sip:alice@atlanta.com?priority=urgent&subject=project%20x"],
  ])("%s equals %s", (a, b) => {
    expect(u(a).equals(u(b))).toBe(true);
    expect(u(b).equals(u(a))).toBe(true);
  });
  it.each([
    ["SIP:ALICE@AtLanTa.CoM;Transport=udp", "sip:alice@AtLanTa.CoM;Transport=UDP"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com:5060"],
    ["sip:bob@biloxi.com", "sip:bob@biloxi.com;transport=udp"],
    ["sip:carol@chicago.com;security=on", "sip:carol@chicago.com;security=off"],
    ["sip:alice@atlanta.com", "sips:alice@atlanta.com"],
    ["sip:carol@chicago.com", "sip:carol@chicago.com?Subject=next%20meeting"],
  ])("%s differs from %s", (a, b) => {
    expect(u(a).equals(u(b))).toBe(false);
  });
});
