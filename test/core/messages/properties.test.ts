import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { NameAddr, ParseError, parseMessage, SipRequest, SipResponse, Uri, Via, type SipMessageAny } from "../../../src/core/messages/index.js";
import { OWN_FIXTURES } from "../../conformance/fixtures/messages.js";
import { loadManifest, tortureBytes } from "../../conformance/torture.js";

// ---- generators ---------------------------------------------------------------------------

const alnum = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
const chars = (set: string, min = 1, max = 12) =>
  fc.array(fc.constantFrom(...set.split("")), { minLength: min, maxLength: max }).map((a) => a.join(""));
const token = chars(alnum + "-.!%*_+`'~");
const label = chars("abcdefghijklmnopqrstuvwxyz0123456789", 1, 8).filter((s) => /^[a-z0-9](.*[a-z0-9])?$/.test(s));
const hostname = fc
  .tuple(fc.array(label, { minLength: 0, maxLength: 3 }), chars("abcdefghijklmnopqrstuvwxyz", 2, 6))
  .map(([ls, top]) => [...ls, top].join("."));
const ipv4 = fc.tuple(fc.nat(255), fc.nat(255), fc.nat(255), fc.nat(255)).map((a) => a.join("."));
const host = fc.oneof(hostname, ipv4);
// any printable text, including characters that must be escaped in a URI
const anyText = fc.string({ unit: "grapheme", minLength: 1, maxLength: 10 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s));
const paramName = chars("abcdefghijklmnopqrstuvwxyz", 1, 8);
const uriParams = fc.dictionary(paramName, fc.option(chars(alnum + "-_.", 1, 8), { nil: null }), { maxKeys: 3 });
const headerParams = fc.dictionary(paramName.filter((n) => n !== "tag"), fc.option(token, { nil: null }), { maxKeys: 3 });

const uri = fc
  .record({
    scheme: fc.constantFrom("sip", "sips"),
    user: fc.option(anyText, { nil: undefined }),
    host,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    params: uriParams,
  })
  .map((d) => new Uri({ ...d, headers: {} }));

const nameAddr = fc
  .record({
    displayName: fc.option(anyText.filter((s) => s.trim() === s), { nil: undefined }),
    uri,
    params: headerParams,
    tag: fc.option(token, { nil: undefined }),
  })
  .map(({ tag, ...d }) => {
    const na = new NameAddr(d);
    if (tag !== undefined) na.tag = tag;
    return na;
  });

const via = fc
  .record({
    transport: fc.constantFrom("UDP", "TCP", "TLS", "WS", "WSS", "SCTP"),
    host,
    port: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
    branch: token.map((t) => "z9hG4bK" + t),
  })
  .map((d) => new Via({ protocol: "SIP/2.0", transport: d.transport, host: d.host, ...(d.port ? { port: d.port } : {}), params: { branch: d.branch } }));

const message: fc.Arbitrary<SipMessageAny> = fc
  .record({
    request: fc.boolean(),
    method: token,
    ruri: uri,
    status: fc.integer({ min: 100, max: 699 }),
    reason: fc.string({ maxLength: 20 }).filter((s) => !/[\u0000-\u001f\u007f]/.test(s)),
    vias: fc.array(via, { minLength: 1, maxLength: 4 }),
    from: nameAddr,
    to: nameAddr,
    callId: chars(alnum + "-.!%*_+`'~()<>:\\\"/[]?{}", 1, 20),
    seq: fc.nat(4294967295),
    maxForwards: fc.nat(255),
    contacts: fc.array(nameAddr, { maxLength: 3 }),
    extra: fc.array(fc.tuple(token.map((t) => "X-" + t), fc.string({ maxLength: 30 }).map((s) => s.replace(/[\u0000-\u001f\u007f]/g, "").trim())), { maxLength: 3 }),
    body: fc.string({ unit: "grapheme", maxLength: 80 }),
  })
  .map((d) => {
    const m: SipMessageAny = d.request ? new SipRequest(d.method, d.ruri) : new SipResponse(d.status, d.reason.trim());
    for (const v of d.vias) m.addHeader("Via", v);
    m.addHeader("From", d.from).addHeader("To", d.to).addHeader("Call-ID", d.callId);
    m.addHeader("CSeq", `${d.seq} ${d.method}`).addHeader("Max-Forwards", d.maxForwards);
    if (d.contacts.length) m.addHeader("Contact", d.contacts.join(", "));
    for (const [n, v] of d.extra) m.addHeader(n, v);
    m.body = d.body;
    return m;
  });

/** What a user sees of a message, as plain data. */
function view(m: SipMessageAny) {
  const na = (n: NameAddr) => ({ displayName: n.displayName, uri: n.uri.toString(), params: n.params });
  return {
    start: m instanceof SipRequest ? [m.method, m.ruri.toString()] : [m.statusCode, m.reasonPhrase],
    vias: m.vias.map((v) => ({ ...v })),
    from: na(m.from),
    to: na(m.to),
    callId: m.callId,
    cseq: m.cseq,
    maxForwards: m.maxForwards,
    contacts: m.contacts.map(na),
    headers: m.headers.filter(([n]) => n !== "Content-Length"),
    body: m.body,
  };
}

// ---- properties ---------------------------------------------------------------------------

describe("properties of parse and serialize", () => {
  it("parseMessage(serialize(m)) equals m", () => {
    fc.assert(
      fc.property(message, (m) => {
        const wire = m.toString();
        const back = parseMessage(wire);
        expect(view(back)).toEqual(view(m));
        expect(back.toString()).toBe(wire);
      }),
      { numRuns: 400 },
    );
  });

  it("the typed values written by Uri / NameAddr / Via read back equal", () => {
    fc.assert(
      fc.property(nameAddr, (na) => {
        const m = parseMessage(`OPTIONS sip:x@h SIP/2.0\r\nFrom: ${na}\r\nContent-Length: 0\r\n\r\n`);
        expect(m.from.uri.equals(na.uri)).toBe(true);
        expect(m.from.uri.user).toBe(na.uri.user);
        expect(m.from.displayName).toBe(na.displayName);
        expect(m.from.params).toEqual(na.params);
      }),
      { numRuns: 400 },
    );
  });

  const onlyParseErrors = (input: string | Uint8Array) => {
    try {
      const m = parseMessage(input);
      for (const [name] of m.headers) {
        try {
          m.parseHeaders(name);
        } catch (e) {
          if (!(e instanceof ParseError)) throw e;
        }
      }
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
    }
  };

  it("arbitrary bytes never throw anything but ParseError", () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => onlyParseErrors(b)), { numRuns: 1500 });
    fc.assert(fc.property(fc.string({ maxLength: 600 }), (s) => onlyParseErrors(s)), { numRuns: 1500 });
  });

  // the project's own well-formed messages always; the RFC corpus's too when it is beside the checkout
  const corpus = [
    ...OWN_FIXTURES.filter((f) => f.expect !== "invalid").map((f) => Buffer.from(f.text, "utf8").toString("latin1")),
    ...loadManifest()
      .filter((e) => e.expect !== "invalid")
      .map((e) => Buffer.from(tortureBytes(e.file)).toString("latin1")),
  ];

  it("mutated valid messages never throw anything but ParseError", () => {
    const mutation = fc.tuple(
      fc.nat(corpus.length - 1),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom("delete", "insert", "replace", "duplicate"), fc.constantFrom(..."\r\n :;,<>\"\\@%=/[]?0aZ\u00e9\u0000".split(""))), { minLength: 1, maxLength: 8 }),
    );
    fc.assert(
      fc.property(mutation, ([which, edits]) => {
        let s = corpus[which]!;
        for (const [at, op, ch] of edits) {
          const i = at % (s.length + 1);
          if (op === "delete") s = s.slice(0, i) + s.slice(i + 1);
          else if (op === "insert") s = s.slice(0, i) + ch + s.slice(i);
          else if (op === "replace") s = s.slice(0, i) + ch + s.slice(i + 1);
          else s = s.slice(0, i) + s.slice(i, i + 40) + s.slice(i);
        }
        onlyParseErrors(s);
        onlyParseErrors(Buffer.from(s, "latin1"));
      }),
      { numRuns: 2000 },
    );
  });

  it("parse time grows linearly with size (no quadratic path on folding, lists or long values)", () => {
    const build = (n: number) => {
      const lines = ["INVITE sip:bob@example.com SIP/2.0"];
      for (let i = 0; i < n; i++) lines.push(`Via: SIP/2.0/UDP h${i}.example.com;branch=z9hG4bK${i}`);
      lines.push("X-Folded: a" + "\r\n b".repeat(n));
      lines.push("Contact: " + Array.from({ length: n }, (_, i) => `<sip:c${i}@h.example.com>`).join(", "));
      lines.push('X-Quote: "' + "q".repeat(n * 20) + '"');
      lines.push("From: <sip:a@example.com>;tag=1", "To: <sip:bob@example.com>", "Call-ID: x", "CSeq: 1 INVITE", "Content-Length: 0", "", "");
      return lines.join("\r\n");
    };
    const time = (s: string) => {
      const reps = 30;
      let best = Infinity;
      for (let r = 0; r < 5; r++) {
        const t0 = performance.now();
        for (let i = 0; i < reps; i++) {
          const m = parseMessage(s, { maxSize: 1 << 24 });
          void m.contacts.length;
          void m.getHeader("X-Folded");
        }
        best = Math.min(best, performance.now() - t0);
      }
      return best;
    };
    const small = build(200);
    const large = build(1600);
    time(small);
    const ratio = time(large) / time(small);
    // 8x the input: linear gives ~8x; quadratic would give ~64x
    expect(ratio).toBeLessThan(24);
  });
});
