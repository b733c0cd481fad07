import { SipRequest, type SipMessageAny } from "../../src/core/messages/index.js";
import type { InMemoryNetwork } from "../../src/testing/index.js";

export const ANSWER = "v=0\r\no=- 3 1 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0\r\n";

/**
 * A response to `request` with the headers §8.2.6.2 copies and a To tag; a Contact unless
 * `contact` is false; `headers` and `body` added.
 */
export function respond(request: SipRequest, status: string, body = "", options: { contact?: boolean; headers?: string[] } = {}): string {
  const copy = (name: string) => request.getHeaders(name).map((v) => `${name}: ${v}`);
  const to = request.to.tag === undefined ? `${request.getHeader("to")};tag=b1` : request.getHeader("to");
  return [
    `SIP/2.0 ${status}`,
    ...copy("Via"),
    ...copy("From"),
    `To: ${to}`,
    ...copy("Call-ID"),
    ...copy("CSeq"),
    ...(options.contact === false ? [] : ["Contact: <sip:bob@bob.example.test:5060;transport=tcp>"]),
    ...(options.headers ?? []),
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${body.length}`,
    "",
    body,
  ].join("\r\n");
}

/**
 * A callee at bob.example.test:5060 written in the test: `onRequest` answers each request
 * (with `reply(text)`); the methods that reached it are in `got`.
 */
export function rawCallee(network: InMemoryNetwork, onRequest: (request: SipRequest, reply: (text: string) => void) => void) {
  const got: string[] = [];
  const bob = network.endpoint("bob.example.test:5060", { reliable: true });
  bob.onMessage((m: SipMessageAny) => {
    if (!(m instanceof SipRequest)) return;
    got.push(m.method);
    onRequest(m, (text) => bob.sendRaw("alice.example.test:5060", text));
  });
  return { got };
}

/** What a request written in a test says beyond its method, CSeq number and body. */
export interface RawRequestHeaders {
  ruri: string;
  /** Via sent-by host (TCP, port 5060). */
  via: string;
  branch: string;
  from: string;
  to: string;
  callId: string;
  contact: string;
}

/** A request as text, with an application/sdp body when `body` is given. */
export function rawRequest(method: string, cseq: number, h: RawRequestHeaders, body = ""): string {
  return [
    `${method} ${h.ruri} SIP/2.0`,
    `Via: SIP/2.0/TCP ${h.via}:5060;branch=z9hG4bK${h.branch}`,
    "Max-Forwards: 70",
    `From: ${h.from}`,
    `To: ${h.to}`,
    `Call-ID: ${h.callId}`,
    `CSeq: ${cseq} ${method}`,
    `Contact: ${h.contact}`,
    ...(body ? ["Content-Type: application/sdp"] : []),
    `Content-Length: ${body.length}`,
    "",
    body,
  ].join("\r\n");
}
