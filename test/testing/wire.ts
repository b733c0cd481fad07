/**
 * Hand-written wire messages for the in-memory network tests: requests and responses in
 * the simple shape the message layer parses, with the parts that decide routing as options.
 */
import { parseMessage, type SipRequest, type SipResponse } from "../../src/core/messages/index.js";

export interface RequestShape {
  method?: string;
  ruri?: string;
  routes?: string[];
  via?: string;
  callId?: string;
  cseq?: number;
}

export function request(shape: RequestShape = {}): SipRequest {
  const method = shape.method ?? "OPTIONS";
  const lines = [
    `${method} ${shape.ruri ?? "sip:bob@bob.example.test:5060"} SIP/2.0`,
    `Via: ${shape.via ?? "SIP/2.0/UDP alice.example.test:5060;branch=z9hG4bK776asdhds;rport"}`,
    ...(shape.routes ?? []).map((r) => `Route: ${r}`),
    "Max-Forwards: 70",
    "From: Alice <sip:alice@example.test>;tag=1928301774",
    "To: Bob <sip:bob@example.test>",
    `Call-ID: ${shape.callId ?? "a84b4c76e66710"}`,
    `CSeq: ${shape.cseq ?? 1} ${method}`,
    "Content-Length: 0",
  ];
  return parseMessage(lines.join("\r\n") + "\r\n\r\n") as SipRequest;
}

export function response(status: number, via: string, reason = "OK"): SipResponse {
  const lines = [
    `SIP/2.0 ${status} ${reason}`,
    `Via: ${via}`,
    "From: Alice <sip:alice@example.test>;tag=1928301774",
    "To: Bob <sip:bob@example.test>;tag=a6c85cf",
    "Call-ID: a84b4c76e66710",
    "CSeq: 1 OPTIONS",
    "Content-Length: 0",
  ];
  return parseMessage(lines.join("\r\n") + "\r\n\r\n") as SipResponse;
}

/** "CSeq number" of what arrived, e.g. "3" — tells apart the messages of a burst. */
export function seq(message: SipRequest | SipResponse): number {
  return message.cseq.seq;
}
