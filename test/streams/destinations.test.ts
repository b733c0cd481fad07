import { describe, expect, it } from "vitest";
import { parseMessage } from "../../src/core/messages/parseMessage.js";
import type { SipRequest } from "../../src/core/messages/SipRequest.js";
import type { SipResponse } from "../../src/core/messages/SipResponse.js";
import { requestDestination, responseDestination } from "../../src/streams/transports/destinations.js";
import type { TransportError } from "../../src/streams/TransportError.js";

const response = (via: string) =>
  parseMessage(`SIP/2.0 200 OK\r\nVia: ${via}\r\nCall-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`) as SipResponse;
const request = (ruri: string, route?: string) =>
  parseMessage(`OPTIONS ${ruri} SIP/2.0\r\nVia: SIP/2.0/UDP a.invalid;branch=z9hG4bK1\r\n${route ? `Route: ${route}\r\n` : ""}Call-ID: x\r\nCSeq: 1 OPTIONS\r\nContent-Length: 0\r\n\r\n`) as SipRequest;

describe("responseDestination (RFC 3261 §18.2.2, RFC 3581 §4)", () => {
  it("UDP: received and rport when present", () => {
    expect(responseDestination(response("SIP/2.0/UDP a.invalid:5070;branch=z9hG4bK1;received=192.0.2.7;rport=40000"))).toEqual({
      protocol: "UDP",
      host: "192.0.2.7",
      port: 40000,
    });
  });

  it("UDP: received and the sent-by port without rport; 5060 without either", () => {
    expect(responseDestination(response("SIP/2.0/UDP a.invalid:5070;branch=z9hG4bK1;received=192.0.2.7")).port).toBe(5070);
    expect(responseDestination(response("SIP/2.0/UDP 192.0.2.8;branch=z9hG4bK1"))).toEqual({ protocol: "UDP", host: "192.0.2.8", port: 5060 });
  });

  it("TCP / TLS: the sent-by port for a new connection, rport as the port of the old one", () => {
    expect(responseDestination(response("SIP/2.0/TCP a.invalid;branch=z9hG4bK1;received=192.0.2.7;rport=40001"))).toEqual({
      protocol: "TCP",
      host: "192.0.2.7",
      port: 5060,
      sourcePort: 40001,
    });
    expect(responseDestination(response("SIP/2.0/TLS 192.0.2.9;branch=z9hG4bK1")).port).toBe(5061);
  });

  it("refuses a Via transport it does not know with NO_ROUTE", () => {
    expect(() => responseDestination(response("SIP/2.0/SCTP 192.0.2.9;branch=z9hG4bK1"))).toThrow(
      expect.objectContaining({ code: "NO_ROUTE" }) as unknown as TransportError,
    );
  });
});

describe("requestDestination (no server configured)", () => {
  it("goes to the Request-URI, with its transport parameter", () => {
    expect(requestDestination(request("sip:bob@192.0.2.1:5080;transport=tcp"), "UDP")).toEqual({ protocol: "TCP", host: "192.0.2.1", port: 5080 });
    expect(requestDestination(request("sip:bob@192.0.2.1"), "UDP")).toEqual({ protocol: "UDP", host: "192.0.2.1", port: 5060 });
  });

  it("prefers the first Route", () => {
    expect(requestDestination(request("sip:bob@192.0.2.1", "<sip:192.0.2.50:5090;lr>"), "TCP")).toEqual({
      protocol: "TCP",
      host: "192.0.2.50",
      port: 5090,
    });
  });

  it("treats sips: as TLS on 5061", () => {
    expect(requestDestination(request("sips:bob@192.0.2.1"), "UDP")).toEqual({ protocol: "TLS", host: "192.0.2.1", port: 5061 });
  });
});
