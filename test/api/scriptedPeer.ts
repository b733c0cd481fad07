import { SipRequest, SipResponse } from "../../src/core/messages/index.js";
import type { InMemoryNetwork } from "../../src/testing/index.js";

/**
 * A peer scripted in raw SIP text at `name.example.test:5060` (TCP-like): no rxsip engine on its
 * side. It records what arrives and answers or sends what the test writes, to `to` (default alice).
 */
export function scriptedPeer(network: InMemoryNetwork, name: string, to = "alice.example.test:5060") {
  const address = `${name}.example.test:5060`;
  const endpoint = network.endpoint(address, { reliable: true });
  const requests: SipRequest[] = [];
  const responses: SipResponse[] = [];
  endpoint.onMessage((m) => {
    if (m instanceof SipResponse) responses.push(m);
    else if (m instanceof SipRequest) requests.push(m);
  });
  let seq = 100;
  let branch = 0;
  const send = (lines: string[], body = "") => endpoint.sendRaw(to, [...lines, `Content-Length: ${Buffer.byteLength(body)}`, "", body].join("\r\n"));
  return {
    address,
    requests,
    responses,
    /** Raw header lines (start line first) and a body; Content-Length is added. */
    send,
    /** Leaves the network: nothing more is answered or sent. */
    close: () => endpoint.close(),
    /** Calls `handler` with each request that arrives from now on. */
    onRequest(handler: (r: SipRequest) => void): void {
      endpoint.onMessage((m) => m instanceof SipRequest && handler(m));
    },
    /** A response to `request`, with `toTag` added to its To when it has none. */
    reply(request: SipRequest, status: string, toTag: string, headers: string[] = [], body = ""): void {
      const toText = request.getHeader("to")!;
      send(
        [
          `SIP/2.0 ${status}`,
          ...request.getHeaders("via").map((v) => `Via: ${v}`),
          `From: ${request.getHeader("from")}`,
          `To: ${request.to.tag === undefined ? `${toText};tag=${toTag}` : toText}`,
          `Call-ID: ${request.callId}`,
          `CSeq: ${request.getHeader("cseq")}`,
          ...headers,
        ],
        body,
      );
    },
    /** A request in the dialog `request` (received from alice) made, as its UAS with local tag `tag`. */
    requestInDialog(request: SipRequest, tag: string, method: string, headers: string[], body = ""): void {
      send(
        [
          `${method} ${request.contacts[0]!.uri.toString()} SIP/2.0`,
          `Via: SIP/2.0/TCP ${address};branch=z9hG4bK-${name}-${++branch}`,
          "Max-Forwards: 70",
          `From: ${request.getHeader("to")};tag=${tag}`,
          `To: ${request.getHeader("from")}`,
          `Call-ID: ${request.callId}`,
          `CSeq: ${++seq} ${method}`,
          `Contact: <sip:${name}@${address};transport=tcp>`,
          ...headers,
        ],
        body,
      );
    },
  };
}
