import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/core/messages/parseMessage.js";
import type { SipRequest } from "../../src/core/messages/SipRequest.js";
import { stampVia } from "../../src/streams/transports/stampVia.js";

const request = (via: string, more = "") =>
  parseMessage(`OPTIONS sip:b@127.0.0.1 SIP/2.0\r\nVia: ${via}\r\n${more}Call-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`) as SipRequest;

describe("stampVia (RFC 3261 §18.2.1, RFC 3581 §4)", () => {
  it("adds received when the sent-by host is a name", () => {
    const req = request("SIP/2.0/UDP client.invalid;branch=z9hG4bK1");
    expect(stampVia(req, { host: "127.0.0.1", port: 40000 })).toBe(true);
    expect(req.via.received).toBe("127.0.0.1");
    expect(req.via.rport).toBeUndefined();
    expect(req.getHeader("via")).toBe("SIP/2.0/UDP client.invalid;branch=z9hG4bK1;received=127.0.0.1");
  });

  it("adds received when the sent-by address is another address", () => {
    const req = request("SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK1");
    stampVia(req, { host: "127.0.0.1", port: 5060 });
    expect(req.via.received).toBe("127.0.0.1");
  });

  it("changes nothing when the sent-by address is the source and there is no rport", () => {
    const req = request("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1");
    expect(stampVia(req, { host: "127.0.0.1", port: 5060 })).toBe(false);
    expect(req.getHeader("via")).toBe("SIP/2.0/UDP 127.0.0.1;branch=z9hG4bK1");
  });

  it("fills an empty rport with the source port and adds received even when it matches", () => {
    const req = request("SIP/2.0/TCP 127.0.0.1;branch=z9hG4bK1;rport");
    stampVia(req, { host: "::ffff:127.0.0.1", port: 40001 });
    expect(req.via.rport).toBe(40001);
    expect(req.via.received).toBe("127.0.0.1");
  });

  it("keeps a sent-by port as it was", () => {
    const req = request("SIP/2.0/UDP 192.0.2.4:5999;branch=z9hG4bK1;rport");
    stampVia(req, { host: "127.0.0.1", port: 40002 });
    expect(req.via.host).toBe("192.0.2.4");
    expect(req.via.port).toBe(5999);
    expect(req.via.rport).toBe(40002);
  });

  it("rewrites only the top Via and keeps the others in order", () => {
    const req = request("SIP/2.0/UDP a.invalid;branch=z9hG4bK1, SIP/2.0/UDP 192.0.2.9;branch=z9hG4bK0", "Via: SIP/2.0/UDP 192.0.2.10;branch=z9hG4bKz\r\n");
    stampVia(req, { host: "127.0.0.1", port: 5060 });
    expect(req.vias.map((v) => v.branch)).toEqual(["z9hG4bK1", "z9hG4bK0", "z9hG4bKz"]);
    expect(req.vias[0]!.received).toBe("127.0.0.1");
    expect(req.vias[1]!.received).toBeUndefined();
  });
});
