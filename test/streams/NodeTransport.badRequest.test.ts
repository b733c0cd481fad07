import { afterEach, describe, expect, it } from "vitest";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { TransportError } from "../../src/streams/TransportError.js";
import { record, until } from "./helpers/observe.js";
import { UdpPeer } from "./helpers/udpPeer.js";

/**
 * RFC 3261 §18.3 / §21.4.1: a request that cannot be read gets a 400 on the wire (513 when
 * too large), not silence; a response or an ACK gets nothing. And a response too large for
 * a UDP datagram is a typed error, never a silent loss.
 */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function setup() {
  const t = new NodeTransport(undefined, { listen: { protocol: "UDP", host: "127.0.0.1", port: 0 } });
  cleanups.push(() => t.dispose());
  const errors = record(t.errors$);
  const messages = record(t.messages$);
  await t.connect();
  const port = t.localAddresses.find((a) => a.protocol === "UDP")!.port;
  const peer = await UdpPeer.start();
  cleanups.push(() => peer.stop());
  return { t, errors, messages, port, peer };
}

function request(opts: { method?: string; cseq?: string; contentLength?: string; extra?: string; body?: string } = {}): string {
  const method = opts.method ?? "OPTIONS";
  return (
    `${method} sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bK-bad-${Math.random().toString(36).slice(2)};rport\r\n` +
    `From: <sip:alice@example.test>;tag=a1\r\nTo: <sip:bob@example.test>\r\nCall-ID: bad-request@test\r\n` +
    `CSeq: ${opts.cseq ?? `7 ${method}`}\r\nMax-Forwards: 70\r\n${opts.extra ?? ""}Content-Length: ${opts.contentLength ?? "0"}\r\n\r\n${opts.body ?? ""}`
  );
}

const CASES: Array<{ what: string; text: string; status: string }> = [
  { what: "Content-Length larger than the datagram (§18.3)", text: request({ contentLength: "500", body: "abc" }), status: "400 Body Shorter Than Content-Length" },
  { what: "a negative Content-Length", text: request({ contentLength: "-5" }), status: "400 Bad Content-Length" },
  { what: "two Content-Length values that disagree", text: request({ extra: "Content-Length: 3\r\n", contentLength: "5", body: "abcde" }), status: "400 Bad Content-Length" },
  { what: "a malformed CSeq (not a number)", text: request({ cseq: "x7 OPTIONS" }), status: "400 Malformed CSeq" },
  { what: "a CSeq without a method", text: request({ cseq: "7" }), status: "400 Malformed CSeq" },
  { what: "a NUL in a header", text: request({ extra: "Subject: a\u0000b\r\n" }), status: "400 Malformed Header Line" },
];

describe("NodeTransport over UDP: unreadable requests get the RFC's answer", () => {
  for (const c of CASES) {
    it(`${c.what}: ${c.status}, with the request's Via, From, To (tagged), Call-ID and CSeq`, async () => {
      const { errors, messages, port, peer } = await setup();
      await peer.send(c.text, port);
      await until(() => peer.received.length > 0, 3000, "the answer");
      const answer = peer.received[0]!.text;
      expect(answer.startsWith(`SIP/2.0 ${c.status}\r\n`)).toBe(true);
      // the answer copies what the request had (a malformed CSeq too: the client's own text)
      expect(answer).toMatch(/\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:5999;branch=z9hG4bK-bad-\w+;rport=\d+;received=127\.0\.0\.1\r\n|\r\nVia: SIP\/2\.0\/UDP 127\.0\.0\.1:5999;branch=z9hG4bK-bad-\w+;rport\r\n/);
      expect(answer).toContain("\r\nCall-ID: bad-request@test\r\n");
      expect(answer).toMatch(/\r\nTo: <sip:bob@example\.test>;tag=\w+\r\n/);
      expect(answer).toContain("\r\nFrom: <sip:alice@example.test>;tag=a1\r\n");
      expect(answer).not.toContain("\u0000");
      expect(errors.values.length).toBe(1); // still reported to the application
      expect(messages.values).toEqual([]); // and never handed up as a message
    });
  }

  it("an ACK or a response that cannot be read gets no answer (an ACK is never answered; §17)", async () => {
    const { errors, port, peer } = await setup();
    await peer.send(request({ method: "ACK", contentLength: "-1" }), port);
    await peer.send(
      "SIP/2.0 200 OK\r\nVia: SIP/2.0/UDP 127.0.0.1:5999;branch=z9hG4bKr\r\nFrom: <sip:a@x>;tag=1\r\nTo: <sip:b@x>;tag=2\r\nCall-ID: r\r\nCSeq: 1 OPTIONS\r\nContent-Length: 99\r\n\r\n",
      port,
    );
    await until(() => errors.values.length === 2, 3000, "both faults reported");
    await new Promise((r) => setTimeout(r, 100));
    expect(peer.received).toEqual([]);
  });

  it("a response too large for a UDP datagram is a typed error on errors$ and a rejected send, not a silent loss", async () => {
    const { t, errors, messages, port, peer } = await setup();
    await peer.send(request(), port);
    await until(() => messages.values.length === 1, 3000, "the request");
    const req = messages.values[0]!;
    const big =
      `SIP/2.0 200 OK\r\n${req.getHeaders("via").map((v) => `Via: ${v}`).join("\r\n")}\r\nFrom: ${req.getHeader("from")}\r\nTo: ${req.getHeader("to")};tag=b\r\n` +
      `Call-ID: ${req.callId}\r\nCSeq: ${req.getHeader("cseq")}\r\nContent-Type: text/plain\r\nContent-Length: 70000\r\n\r\n${"x".repeat(70000)}`;
    const sent = t.send(big);
    await expect(sent).rejects.toBeInstanceOf(TransportError);
    await expect(sent).rejects.toMatchObject({ code: "MESSAGE_TOO_LARGE" });
    expect(errors.values.map((e) => e.code)).toEqual(["MESSAGE_TOO_LARGE"]);
  });
});
