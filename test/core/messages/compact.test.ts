import { describe, expect, it } from "vitest";
import { NameAddr, parseMessage, SipRequest, SipResponse, Uri } from "../../../src/core/messages/index.js";

const INVITE = [
  "INVITE sip:bob@biloxi.example.com;transport=tcp SIP/2.0",
  "Via: SIP/2.0/UDP pc33.atlanta.example.com;branch=z9hG4bK776asdhds, SIP/2.0/TCP proxy.example.com:5061;branch=z9hG4bKx1",
  "Max-Forwards: 70",
  "t: Bob <sip:bob@biloxi.example.com>",
  'From: "Alice Liddell" <sip:alice@atlanta.example.com>;tag=1928301774',
  "Call-ID: a84b4c76e66710@pc33.atlanta.example.com",
  "CSeq: 314159 INVITE",
  "Contact: <sip:alice@pc33.atlanta.example.com;transport=tcp>;expires=60, <sip:alice@192.0.2.9:5070>",
  "Subject: folded",
  "  across lines",
  "X-Empty:",
  "Session-Expires: 1800;refresher=uac",
  "Content-Type: application/sdp",
  "Content-Length: 23",
  "",
  "v=0\r\no=- 1 1 IN IP4 x\r\n",
].join("\r\n");

/** Everything a reader of the message can see, as plain data. */
function view(m: SipRequest | SipResponse) {
  return {
    text: m.toString(),
    headers: m.headers,
    body: m.body,
    from: m.from.toString(),
    to: m.to.toString(),
    vias: m.vias.map((v) => v.toString()),
    callId: m.callId,
    cseq: m.cseq,
    contacts: m.contacts.map((c) => c.toString()),
    maxForwards: m.maxForwards,
    subject: m.getHeader("subject"),
    empty: m.getHeader("x-empty"),
    sessionExpires: m.parseHeader("session-expires", "SessionExpires"),
    ruri: m instanceof SipRequest ? m.ruri.toString() : undefined,
  };
}

describe("SipMessage.compact()", () => {
  it("changes nothing a reader of a parsed request can see", () => {
    const m = parseMessage(INVITE) as SipRequest;
    const before = view(m);
    m.compact();
    expect(view(m)).toEqual(before);
    // compacted again after being read: still the same
    m.compact();
    m.compact();
    expect(view(m)).toEqual(before);
    expect(m.getHeaders("via")).toHaveLength(2);
    expect(m.hasHeader("t")).toBe(true);
  });

  it("changes nothing of a built request, and the message can still be changed", () => {
    const req = new SipRequest("INVITE", Uri.sip("bob", "example.com"));
    req.addHeader("From", new NameAddr({ uri: Uri.sip("alice", "example.com"), params: { tag: "abc" } }));
    req.addHeader("To", "<sip:bob@example.com>").addHeader("Call-ID", "x1").addHeader("CSeq", "1 INVITE");
    req.addHeader("Via", "SIP/2.0/TCP a.invalid;branch=z9hG4bK1").addHeader("X-Spaces", "  padded ");
    req.body = "v=0\r\n";
    const before = view(req);
    req.compact();
    expect(view(req)).toEqual(before);
    expect(req.getHeader("x-spaces")).toBe("  padded ");
    req.compact();
    req.setHeader("CSeq", "2 INVITE").removeHeader("x-spaces").prependHeader("Via", "SIP/2.0/TCP b.invalid;branch=z9hG4bK2");
    expect(req.cseq.seq).toBe(2);
    expect(req.vias.map((v) => v.host)).toEqual(["b.invalid", "a.invalid"]);
    expect(req.hasHeader("x-spaces")).toBe(false);
    req.compact();
    req.ruri = Uri.sip("carol", "example.com");
    expect(req.startLine).toBe("INVITE sip:carol@example.com SIP/2.0");
    req.compact();
    expect(req.startLine).toBe("INVITE sip:carol@example.com SIP/2.0");
    expect(req.ruri.user).toBe("carol");
  });

  it("changes nothing of a response, nor of one without headers", () => {
    const res = parseMessage("SIP/2.0 200 OK\r\nVia: SIP/2.0/TCP a.invalid;branch=z9hG4bK1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n") as SipResponse;
    const text = res.toString();
    res.compact();
    expect(res.toString()).toBe(text);
    expect(res.cseq).toEqual({ seq: 1, method: "INVITE" });
    const bare = new SipResponse(100, "Trying");
    bare.compact();
    expect(bare.headers).toEqual([]);
    expect(bare.toString()).toBe("SIP/2.0 100 Trying\r\nContent-Length: 0\r\n\r\n");
  });

  it("keeps the octets of a body parsed from bytes", () => {
    const bytes = new TextEncoder().encode("MESSAGE sip:b@x SIP/2.0\r\nVia: SIP/2.0/UDP a;branch=z9hG4bK1\r\nContent-Length: 5\r\n\r\nhéé");
    const m = parseMessage(bytes);
    const octets = Array.from(m.bodyBytes!);
    m.compact();
    expect(Array.from(m.bodyBytes!)).toEqual(octets);
    expect(m.body).toBe("héé");
    expect(m.bodyLength).toBe(5);
  });
});
