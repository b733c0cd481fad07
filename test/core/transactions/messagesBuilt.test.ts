import { describe, expect, it } from "vitest";
import { parseMessage, type SipRequest } from "../../../src/core/messages/index.js";
import { buildAck, buildCancel, buildResponse } from "../../../src/core/transactions/index.js";
import { request, response } from "./fixtures.js";

const ROUTES = ["<sip:p1.atlanta.com;lr>", "<sip:p2.biloxi.com;lr>"];

function invite(): SipRequest {
  return request({ routes: ROUTES, extraVias: ["SIP/2.0/UDP proxy.atlanta.com;branch=z9hG4bKnashds8"] });
}

describe("messages the transaction layer builds", () => {
  describe("buildAck (RFC 3261 §17.1.1.3)", () => {
    const inv = invite();
    const ack = buildAck(inv, response(inv, 486, "bob-tag"));

    it("the ACK MUST contain values for the Call-ID, From, and Request-URI equal to those of the original request", () => {
      expect(ack.method).toBe("ACK");
      expect(ack.ruri.toString()).toBe("sip:bob@biloxi.com");
      expect(ack.callId).toBe(inv.callId);
      expect(ack.getHeader("from")).toBe(inv.getHeader("from"));
    });

    it("the To header field in the ACK MUST equal the To header field in the response being acknowledged", () => {
      expect(ack.to.tag).toBe("bob-tag");
    });

    it("the ACK MUST contain a single Via header field, equal to the top Via header field of the original request", () => {
      expect(ack.getHeaders("via")).toEqual(["SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bK776asdhds"]);
    });

    it("the CSeq MUST contain the same sequence number as the original request, with the method ACK", () => {
      expect(ack.cseq).toEqual({ seq: 314159, method: "ACK" });
    });

    it("if the INVITE had Route header fields, those header fields MUST appear in the ACK", () => {
      expect(ack.getHeaders("route")).toEqual(ROUTES);
    });

    it("serializes to a message the parser reads back", () => {
      const again = parseMessage(ack.toString()) as SipRequest;
      expect(again.method).toBe("ACK");
      expect(again.getHeader("content-length")).toBe("0");
      expect(again.maxForwards).toBe(70);
    });
  });

  describe("buildCancel (RFC 3261 §9.1)", () => {
    const inv = invite();
    const cancel = buildCancel(inv);

    it("the Request-URI, Call-ID, To, the numeric part of CSeq, and From MUST be identical to those of the request being cancelled", () => {
      expect(cancel.method).toBe("CANCEL");
      expect(cancel.ruri.toString()).toBe(inv.ruri.toString());
      expect(cancel.callId).toBe(inv.callId);
      expect(cancel.getHeader("to")).toBe(inv.getHeader("to"));
      expect(cancel.getHeader("from")).toBe(inv.getHeader("from"));
      expect(cancel.cseq).toEqual({ seq: 314159, method: "CANCEL" });
    });

    it("a CANCEL MUST have only a single Via header field value matching the top Via value in the request being cancelled", () => {
      expect(cancel.getHeaders("via")).toEqual(["SIP/2.0/UDP pc33.atlanta.com:5060;branch=z9hG4bK776asdhds"]);
    });

    it("if the request being cancelled contains a Route header field, the CANCEL MUST include that Route header field's values", () => {
      expect(cancel.getHeaders("route")).toEqual(ROUTES);
    });
  });

  describe("buildResponse (RFC 3261 §8.2.6)", () => {
    it("the Via header field values in the response MUST equal those in the request, in the same order", () => {
      const inv = invite();
      const res = buildResponse(inv, 487, "Request Terminated", "t1");
      expect(res.getHeaders("via")).toEqual(inv.getHeaders("via"));
      expect(res.callId).toBe(inv.callId);
      expect(res.getHeader("cseq")).toBe("314159 INVITE");
      expect(res.getHeader("from")).toBe(inv.getHeader("from"));
    });

    it("the UAS MUST add a tag to the To header field when the request had none", () => {
      expect(buildResponse(invite(), 200, "OK", "t1").to.tag).toBe("t1");
    });

    it("if the request contained a To tag, the To header field in the response MUST equal that of the request", () => {
      expect(buildResponse(request({ toTag: "dialog" }), 200, "OK", "t1").to.tag).toBe("dialog");
    });

    it("a 100 (Trying) copies the request's Timestamp header field (§8.2.6.1)", () => {
      const inv = invite().addHeader("Timestamp", "54");
      expect(buildResponse(inv, 100, "Trying").getHeader("timestamp")).toBe("54");
      expect(buildResponse(inv, 100, "Trying").to.tag).toBeUndefined();
    });
  });
});
