import { describe, expect, it } from "vitest";
import { StreamFramer, type FramerEvent } from "../../../src/core/messages/StreamFramer.js";
import { MessageTooLargeError, ParseError } from "../../../src/core/messages/errors.js";

const enc = new TextEncoder();
const dec = new TextDecoder();

function request(n: number, body = ""): string {
  return (
    `OPTIONS sip:bob@127.0.0.1 SIP/2.0\r\n` +
    `Via: SIP/2.0/TCP 127.0.0.1:5060;branch=z9hG4bK${n}\r\n` +
    `Call-ID: call-${n}\r\nCSeq: ${n} OPTIONS\r\n` +
    `Content-Length: ${enc.encode(body).length}\r\n\r\n${body}`
  );
}

/** Events with message bytes decoded, for comparison. */
function view(events: FramerEvent[]): Array<string | { error: string }> {
  return events.map((e) =>
    e.type === "message" ? dec.decode(e.bytes) : e.type === "error" ? { error: e.error.code } : e.type,
  );
}

function feed(framer: StreamFramer, bytes: Uint8Array, splits: number[]): FramerEvent[] {
  const out: FramerEvent[] = [];
  let at = 0;
  for (const s of splits) {
    out.push(...framer.push(bytes.subarray(at, s)));
    at = s;
  }
  out.push(...framer.push(bytes.subarray(at)));
  return out;
}

/** Deterministic PRNG (mulberry32) so that a failing split can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const stream =
  "\r\n\r\n" + // a ping before anything
  request(1) +
  request(2, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n") +
  "\r\n" + // a pong
  request(3, "héllo wörld ☎") +
  "\r\n\r\n" +
  request(4);

const expected = [
  "pong",
  "ping",
  request(1),
  request(2, "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n"),
  "pong",
  request(3, "héllo wörld ☎"),
  "pong",
  "ping",
  request(4),
];

describe("StreamFramer", () => {
  describe("framing (RFC 3261 §18.3)", () => {
    it("cuts several messages and keep-alives out of one chunk", () => {
      expect(view(new StreamFramer().push(enc.encode(stream)))).toEqual(expected);
    });

    it("gives the same result when fed one byte at a time", () => {
      const bytes = enc.encode(stream);
      const framer = new StreamFramer();
      const out: FramerEvent[] = [];
      for (let i = 0; i < bytes.length; i++) out.push(...framer.push(bytes.subarray(i, i + 1)));
      expect(view(out)).toEqual(expected);
      expect(framer.pending).toBe(false);
      expect(framer.buffered).toBe(0);
    });

    it("gives the same result for 300 random splits", () => {
      const bytes = enc.encode(stream);
      for (let seed = 1; seed <= 300; seed++) {
        const rnd = prng(seed);
        const count = Math.floor(rnd() * 12);
        const splits = Array.from({ length: count }, () => Math.floor(rnd() * bytes.length)).sort((a, b) => a - b);
        expect(view(feed(new StreamFramer(), bytes, splits)), `seed ${seed}`).toEqual(expected);
      }
    });

    it("counts Content-Length in octets, so a multi-byte UTF-8 body is cut whole", () => {
      const [e] = new StreamFramer().push(enc.encode(request(5, "€€€")));
      expect(e?.type).toBe("message");
      expect(dec.decode((e as { bytes: Uint8Array }).bytes).endsWith("€€€")).toBe(true);
    });

    it("understands the compact form l:, any case, whitespace before the colon and folding", () => {
      const variants = [
        "INVITE sip:a@b SIP/2.0\r\nl: 3\r\n\r\nabc",
        "INVITE sip:a@b SIP/2.0\r\nL:3\r\n\r\nabc",
        "INVITE sip:a@b SIP/2.0\r\ncontent-LENGTH \t: 3 \r\n\r\nabc",
        "INVITE sip:a@b SIP/2.0\r\nContent-Length:\r\n  3\r\n\r\nabc",
      ];
      for (const v of variants) expect(view(new StreamFramer().push(enc.encode(v + "X")))).toEqual([v]);
    });

    it("does not take a header that merely ends in l for Content-Length", () => {
      const msg = "INVITE sip:a@b SIP/2.0\r\nUrl: 99\r\nContent-Length: 0\r\n\r\n";
      expect(view(new StreamFramer().push(enc.encode(msg)))).toEqual([msg]);
    });

    it("accepts a message of exactly maxSize octets", () => {
      const msg = request(6);
      const framer = new StreamFramer({ maxSize: enc.encode(msg).length });
      expect(view(framer.push(enc.encode(msg)))).toEqual([msg]);
    });

    it("reports pending while part of a message is buffered", () => {
      const framer = new StreamFramer();
      const bytes = enc.encode(request(7, "abc"));
      framer.push(bytes.subarray(0, 10));
      expect(framer.pending).toBe(true);
      expect(framer.buffered).toBe(10);
      framer.push(bytes.subarray(10));
      expect(framer.pending).toBe(false);
    });
  });

  describe("keep-alives (RFC 5626 §4.4.1)", () => {
    it("reports a lone CRLF as a pong", () => {
      expect(view(new StreamFramer().push(enc.encode("\r\n")))).toEqual(["pong"]);
    });

    it("reports a CRLF CRLF as a ping (after the pong its first half looked like)", () => {
      expect(view(new StreamFramer().push(enc.encode("\r\n\r\n")))).toEqual(["pong", "ping"]);
    });

    it("reports the ping the same way when its bytes come one at a time", () => {
      const framer = new StreamFramer();
      const out = ["\r", "\n", "\r", "\n"].flatMap((c) => view(framer.push(enc.encode(c))));
      expect(out).toEqual(["pong", "ping"]);
    });

    it("reads two pongs in a row, however far apart, as pong then ping (the bytes are the same)", () => {
      const framer = new StreamFramer();
      expect(view(framer.push(enc.encode("\r\n")))).toEqual(["pong"]);
      expect(view(framer.push(enc.encode("\r\n")))).toEqual(["ping"]);
    });

    it("starts counting afresh after a message", () => {
      const framer = new StreamFramer();
      expect(view(framer.push(enc.encode("\r\n" + request(1) + "\r\n")))).toEqual(["pong", request(1), "pong"]);
    });

    it("reports two pings for CRLF CRLF CRLF CRLF", () => {
      expect(view(new StreamFramer().push(enc.encode("\r\n\r\n\r\n\r\n")))).toEqual(["pong", "ping", "pong", "ping"]);
    });
  });

  describe("errors", () => {
    it("fails with MISSING_HEADER when a message on a stream has no Content-Length", () => {
      const framer = new StreamFramer();
      const out = framer.push(enc.encode("OPTIONS sip:a@b SIP/2.0\r\nCall-ID: x\r\n\r\n" + request(8)));
      expect(out).toHaveLength(1);
      const e = out[0] as { type: "error"; error: ParseError };
      expect(e.type).toBe("error");
      expect(e.error).toBeInstanceOf(ParseError);
      expect(e.error.code).toBe("MISSING_HEADER");
      expect(framer.failed).toBe(true);
      // after an error, input is ignored until reset
      expect(framer.push(enc.encode(request(9)))).toEqual([]);
      framer.reset();
      expect(view(framer.push(enc.encode(request(9))))).toEqual([request(9)]);
    });

    it("fails with CONTENT_LENGTH on a malformed or conflicting value", () => {
      for (const h of ["Content-Length: abc", "Content-Length: 1 2", "Content-Length: -1", "l: 1\r\nContent-Length: 2"]) {
        const out = view(new StreamFramer().push(enc.encode(`MESSAGE sip:a@b SIP/2.0\r\n${h}\r\n\r\nxx`)));
        expect(out, h).toEqual([{ error: "CONTENT_LENGTH" }]);
      }
    });

    it("sees garbage without CRLF as a message too large, cut at the limit (10 MB peer)", () => {
      const framer = new StreamFramer({ maxSize: 65536 });
      const chunk = new Uint8Array(64 * 1024).fill(0x41);
      let events: FramerEvent[] = [];
      let pushed = 0;
      while (events.length === 0 && pushed < 10 * 1024 * 1024) {
        events = framer.push(chunk);
        pushed += chunk.length;
        expect(framer.buffered).toBeLessThanOrEqual(65536);
      }
      expect(pushed).toBe(2 * 64 * 1024); // the chunk that passes the limit fails
      expect(events).toHaveLength(1);
      const e = events[0] as { type: "error"; error: MessageTooLargeError };
      expect(e.error).toBeInstanceOf(MessageTooLargeError);
      expect(e.error.code).toBe("MESSAGE_TOO_LARGE");
      expect(e.error.limit).toBe(65536);
      expect(framer.buffered).toBe(0);
    });

    it("skips a message whose Content-Length passes the limit as soon as that is known, without buffering its body, and frames what follows", () => {
      const framer = new StreamFramer({ maxSize: 1000 });
      const head = "MESSAGE sip:a@b SIP/2.0\r\nContent-Length: 5000\r\n\r\n";
      const out = framer.push(enc.encode(head));
      expect(out.map((e) => e.type)).toEqual(["skipped"]);
      const skipped = out[0] as Extract<FramerEvent, { type: "skipped" }>;
      expect(skipped.error).toBeInstanceOf(MessageTooLargeError);
      expect(skipped.error.size).toBeGreaterThan(1000);
      expect(dec.decode(skipped.head)).toBe(head);
      expect(framer.pending).toBe(true);
      const rest: FramerEvent[] = [];
      for (let i = 0; i < 5; i++) {
        rest.push(...framer.push(enc.encode("z".repeat(i < 4 ? 1000 : 999))));
        expect(framer.buffered).toBe(0);
      }
      expect(framer.failed).toBe(false);
      expect(view(feed(framer, enc.encode("z" + "\r\n\r\n" + request(7)), []))).toEqual(["pong", "ping", request(7)]);
      expect(rest).toEqual([]);
    });

    it("fails when the header section alone passes the limit, even byte by byte", () => {
      const framer = new StreamFramer({ maxSize: 100 });
      const bytes = enc.encode("MESSAGE sip:a@b SIP/2.0\r\nX: " + "y".repeat(200) + "\r\nl: 0\r\n\r\n");
      const out: FramerEvent[] = [];
      for (let i = 0; i < bytes.length; i++) {
        out.push(...framer.push(bytes.subarray(i, i + 1)));
        expect(framer.buffered).toBeLessThanOrEqual(100);
      }
      expect(view(out)).toEqual([{ error: "MESSAGE_TOO_LARGE" }]);
    });
  });

  describe("cost", () => {
    it("is linear: a 60 KiB message fed one byte at a time frames quickly", () => {
      const body = "x".repeat(30000);
      const msg = "MESSAGE sip:a@b SIP/2.0\r\nX-Pad: " + "p".repeat(30000) + `\r\nContent-Length: ${body.length}\r\n\r\n` + body;
      const bytes = enc.encode(msg);
      const framer = new StreamFramer();
      const started = performance.now();
      const out: FramerEvent[] = [];
      for (let i = 0; i < bytes.length; i++) out.push(...framer.push(bytes.subarray(i, i + 1)));
      expect(out).toHaveLength(1);
      // a rescan per chunk would be ~1.8e9 steps here; linear takes milliseconds
      expect(performance.now() - started).toBeLessThan(1500);
    });
  });
});
