import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseHeaderValue } from "../../../src/core/grammar/index.js";
import { fastCallId, fastCSeq, fastNameAddr, fastNameAddrList, fastVia } from "../../../src/core/messages/fast/fastHeaders.js";
import { fastUri } from "../../../src/core/messages/fast/fastUri.js";
import { FAST_RULES, fastContentType, fastText, fastTokenList } from "../../../src/core/messages/fast/fastRules.js";

/**
 * The hand-written fast paths must never disagree with the grammar: whatever a fast path
 * accepts, the grammar accepts with the same result. Values are generated around the
 * shapes the fast paths handle, including near misses.
 */
const pieces = {
  scheme: fc.constantFrom("sip:", "sips:", "SIP:", "tel:", "sip"),
  user: fc.constantFrom("", "alice@", "a.b-c_d!~*'()&=+$,;?/@", "a%41@", "@", "bob:pw@", "a b@"),
  host: fc.constantFrom("example.com", "a-b.example.com", "192.0.2.1", "256.1.1.1", "1.2.3", "-bad.com", "x.", "[2001:db8::1]", "h", "9abc", "a..b", "ex_ample.com"),
  port: fc.constantFrom("", ":5060", ":0", ":65535", ":65536", ":", ":123456"),
  params: fc.constantFrom("", ";lr", ";transport=tcp", ";a=b;c", ";;", ";a=", ";a=%41", ";x=[::1]", ";a=1;a=2", ";ob;maddr=1.2.3.4", "?Replaces=abc%3Bto-tag%3Dx", "?a=1&b=%41", "?a=", "?=1", "?a=1&a=2", "?a=%C3%A9", "?a=%4", "?a=b&", "?Subject=hi%20there"),
  display: fc.constantFrom("", '"Alice" ', '"A \\"q\\"" ', "Bob ", "Bob  Smith ", "Bob Smith ", 'caller', '"" ', "a,b ", '"x"'),
  hparams: fc.constantFrom("", ";tag=abc", ";tag=a;expires=3600", ";q=0.5", ";tag", ";tag=", " ;tag=1", ";tag=\"q\"", ";+sip.instance=\"<urn:uuid:1>\"", ";a=b c"),
};

const uriString = fc.tuple(pieces.scheme, pieces.user, pieces.host, pieces.port, pieces.params).map((p) => p.join(""));

function grammarOrNull<T>(f: () => T): T | null {
  try {
    return f();
  } catch {
    return null;
  }
}

describe("fast paths agree with the grammar", () => {
  it("URI", () => {
    fc.assert(
      fc.property(uriString, (s) => {
        const fast = fastUri(s, 0, s.length);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("Uri", s))).toEqual(fast);
      }),
      { numRuns: 3000 },
    );
  });

  it("name-addr (From / To)", () => {
    const value = fc.tuple(pieces.display, uriString, pieces.hparams, fc.boolean()).map(([d, u, h, angle]) => (angle || d ? `${d}<${u}>${h}` : `${u}${h}`));
    fc.assert(
      fc.property(value, (s) => {
        const fast = fastNameAddr(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("NameAddrOrAddrSpec", s))).toEqual(fast);
        const list = fastNameAddrList(s);
        if (list !== null) {
          const g = grammarOrNull(() => parseHeaderValue("Contact", s));
          expect(g).toEqual({ star: false, contacts: list });
        }
      }),
      { numRuns: 3000 },
    );
  });

  it("Via", () => {
    const one = fc
      .tuple(fc.constantFrom("SIP/2.0/", "SIP/2.0/ ", "sip/2.0/", "SIP/3.1/", "SIP/2.0"), fc.constantFrom("UDP", "tcp", "WSS", "X-Y", ""), fc.constantFrom(" ", "  ", ""), pieces.host, pieces.port, fc.constantFrom("", ";branch=z9hG4bK1", ";branch=z9hG4bK1;rport", ";rport=5060;received=192.0.2.1", ";received=2001:db8::9", ";branch="))
      .map((p) => p.join(""));
    fc.assert(
      fc.property(fc.array(one, { minLength: 1, maxLength: 3 }), fc.constantFrom(",", ", ", " , "), (vs, sep) => {
        const s = vs.join(sep);
        const fast = fastVia(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("Via", s))).toEqual(fast);
      }),
      { numRuns: 3000 },
    );
  });

  it("CSeq and Call-ID", () => {
    const cseq = fc.tuple(fc.constantFrom("1", "0009", "4294967295", "4294967296", "", "x"), fc.constantFrom(" ", "  ", ""), fc.constantFrom("INVITE", "ACK", "", "IN VITE", "%x!")).map((p) => p.join(""));
    fc.assert(
      fc.property(cseq, (s) => {
        const fast = fastCSeq(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("CSeq", s))).toEqual(fast);
      }),
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 20 }), (s) => {
        const fast = fastCallId(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("CallId", s))).toEqual(fast);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fast paths of lazily read headers agree with the grammar", () => {
  it("TokenList, ContentType and Text", () => {
    const tok = fc.constantFrom("INVITE", "100rel", "timer", "", "a b", "x,", "é", "sip.instance");
    const sep = fc.constantFrom(",", ", ", " ,", " , ", ",,", " ");
    fc.assert(
      fc.property(fc.array(fc.tuple(tok, sep), { maxLength: 5 }), tok, (parts, last) => {
        const s = parts.map(([t, p]) => t + p).join("") + last;
        const fast = fastTokenList(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("TokenList", s))).toEqual(fast);
      }),
      { numRuns: 2000 },
    );
    const ct = fc
      .tuple(fc.constantFrom("application", "Text", "", "a b"), fc.constantFrom("/", " / ", ""), fc.constantFrom("sdp", "SDP", "plain", ""), fc.constantFrom("", ";charset=UTF-8", ";Charset=utf-8;x=1", ";x", ";x=", ";x=\"q\"", " ;x=1", ";a=1;A=2"))
      .map((p) => p.join(""));
    fc.assert(
      fc.property(ct, (s) => {
        const fast = fastContentType(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("ContentType", s))).toEqual(fast);
      }),
      { numRuns: 2000 },
    );
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const fast = fastText(s);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("Text", s))).toEqual(fast);
      }),
      { numRuns: 2000 },
    );
  });
});

describe("fast paths of parameterised tokens agree with the grammar", () => {
  it("Event, Subscription-State, Session-Expires and quoted parameter values", () => {
    const head = fc.constantFrom("refer", "presence.winfo", "dialog", ".bad", "a..b", "1800", "90", "", "x y", "4294967296");
    const param = fc.constantFrom("", ";id=6615", ";refresher=uas", ";expires=60;reason=timeout", ';+sip.instance="<urn:uuid:1>"', ';a="x\\"y"', ";a=", ";;", ' ;a=1', ';a="b', ";A=1;a=2");
    fc.assert(
      fc.property(head, param, param, (h, p1, p2) => {
        const s = h + p1 + p2;
        for (const rule of ["Event", "SubscriptionState", "SessionExpires"] as const) {
          const fast = FAST_RULES[rule]!(s);
          if (fast !== null) expect(grammarOrNull(() => parseHeaderValue(rule, s))).toEqual(fast);
        }
        const contact = `<sip:a@example.com>${p1}${p2}`;
        const fast = fastNameAddr(contact);
        if (fast !== null) expect(grammarOrNull(() => parseHeaderValue("NameAddrOrAddrSpec", contact))).toEqual(fast);
      }),
      { numRuns: 1500 },
    );
  });
});
