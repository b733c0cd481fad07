/**
 * A seeded generator of header values: well-formed pieces of SIP syntax put together at
 * random, then mutated (characters inserted, dropped, doubled, pieces spliced), so the two
 * parsers meet both valid values and values broken in every place.
 */
import { mulberry32 } from "../../../../src/testing/mulberry32.js";

type Pick = <T>(xs: readonly T[]) => T;

const TOKENS = ["alice", "Bob", "x", "INVITE", "z9hG4bK-7.a", "UDP", "tcp", "WSS", "2.0", "SIP", "Digest", "realm", "0", "5060", "65536", "4294967295", "4294967296", "0099", "a-b", "-a", "a-", "~!%*_+`'", "phone-context", "received", "lr", "maddr", "tag", "q", "expires", "user", "transport", "Mon", "GMT", "Nov"];
const HOSTS = ["example.com", "a.example.com.", "192.0.2.1", "256.1.1.1", "1.2.3", "[2001:db8::1]", "[::1]", "[::ffff:192.0.2.1]", "[2001:db8:::192.0.2.1]", "[1:2:3:4:5:6:7:8]", "[1::2::3]", "host-", "-host", "1host.com", "h.1", "localhost", "a..b"];
const QUOTED = ['""', '"Alice"', '"a \\"b\\" c"', '"tab\there"', '"bad\\\r"', '"über"', '"unterminated', '"back\\\\"'];
const USERS = ["alice", "al%41ce", "%zz", "a;b", "a,b", "a?b", "+1-555", "tel%3A", "a:secret", "a:", "%E2%82%AC", "%ff"];
const PARAMS = [";lr", ";transport=tcp", ";maddr=[::1]", ";x=%41", ";TAG=abc", ";tag=1;tag=2", ";__proto__=x", ";x=", ";=y", "; q = 0.5", ";received=192.0.2.1", ";received=::1", ";received=[2001:db8::2]", ';n="q v"', ";rport", ";phone-context=example.com", ";ext=1"];
const URIS = ["sip:alice@example.com", "SIPS:bob@[2001:db8::1]:5061", "sip:example.com:5060", "sip:a:b@host", "tel:+1-555-0100", "tel:5550100;phone-context=+1", "tel:abc", "tel:+", "mailto:a@b.example", "http://www.example.com/x?y=1", "urn:service:sos", "sip:", "sip:host:99999", "sip:%61lice@host?Subject=hi&Priority=urgent", "sip:host?x", "sip:user@host;lr;maddr=h", "tel:+1;x=1"];
const SPACES = ["", " ", "  ", "\t", " \t "];
const WORDS = ["abc", "a@b", "x(y)<z>:\\\"/[]?{}", "3848276298220188511@atlanta.example.com"];
const DATES = ["Sat, 13 Nov 2010 23:29:00 GMT", "sat, 29 Feb 2012 00:00:00 GMT", "Mon, 29 Feb 2011 10:00:00 GMT", "Sun, 31 Apr 2020 24:00:00 GMT", "Tue, 01 Jan 0099 00:00:00 GMT", "Wed,  1 Jan 2020 00:00:00 gmt"];
const NUMBERS = ["0", "70", "3600", "0099", "65535", "4294967295", "4294967296", "36893488147419103232"];
const COMMENTS = ["(x)", " (a (b) c\\) )", "(unclosed", "( ( ) ", "(\\\u0080)", "()"];

function build(pick: Pick, r: () => number): string {
  const sp = () => pick(SPACES);
  const params = () => {
    let s = "";
    const n = Math.floor(r() * 3);
    for (let i = 0; i < n; i++) s += pick(PARAMS);
    return s;
  };
  const uri = () => {
    if (r() < 0.5) return pick(URIS) + params();
    return (r() < 0.5 ? "sip:" : "sips:") + (r() < 0.6 ? pick(USERS) + "@" : "") + pick(HOSTS) + (r() < 0.3 ? ":" + pick(TOKENS) : "") + params();
  };
  const nameAddr = () => {
    const dn = r() < 0.3 ? pick(QUOTED) + sp() : r() < 0.5 ? pick(TOKENS) + sp() + (r() < 0.5 ? pick(TOKENS) + sp() : "") : "";
    return (r() < 0.7 ? dn + "<" + uri() + ">" : uri()) + params();
  };
  const list = (item: () => string) => {
    let s = item();
    const n = Math.floor(r() * 3);
    for (let i = 0; i < n; i++) s += sp() + "," + sp() + item();
    return s;
  };
  const shapes: (() => string)[] = [
    uri,
    nameAddr,
    () => list(nameAddr),
    () => "*",
    () => list(() => pick(TOKENS) + sp() + "/" + sp() + pick(TOKENS) + "/" + pick(TOKENS) + " " + pick(HOSTS) + (r() < 0.4 ? sp() + ":" + sp() + pick(TOKENS) : "") + params()),
    () => pick(NUMBERS) + sp() + pick(TOKENS),
    () => pick(NUMBERS) + " " + pick(NUMBERS) + " " + pick(TOKENS),
    () => pick(WORDS) + params(),
    () => pick(TOKENS),
    () => pick(TOKENS) + sp() + "/" + sp() + pick(TOKENS) + params(),
    () => list(() => pick(TOKENS)),
    () => pick(TOKENS) + " " + list(() => pick(TOKENS) + sp() + "=" + sp() + (r() < 0.5 ? pick(QUOTED) : pick(TOKENS))),
    () => pick(TOKENS) + "." + pick(TOKENS) + params(),
    () => pick(TOKENS) + " " + pick(TOKENS) + " " + pick(TOKENS),
    () => pick(NUMBERS) + (r() < 0.7 ? pick(SPACES) + pick(COMMENTS) : "") + params(),
    () => list(() => String(Math.floor(r() * 1200)) + " " + (r() < 0.5 ? pick(HOSTS) + (r() < 0.5 ? ":5060" : "") : pick(TOKENS)) + " " + pick(QUOTED)),
    () => list(() => pick(TOKENS) + (r() < 0.5 ? "/" + pick(TOKENS) : "") + params()),
    () => pick(DATES),
    () => pick(QUOTED) + sp() + pick(TOKENS),
  ];
  return pick(shapes)();
}

const NOISE = [";", ",", ":", "=", "<", ">", '"', "\\", "@", "[", "]", "%", "/", "?", "&", "(", ")", " ", "\t", "*", "+", ".", "-", "a", "Z", "0", "9", "f", "\u00e9", "\u20ac", "\u0000", "\u007f", "\r", "\n", "\ud83d", "#"];

function mutate(s: string, pick: Pick, r: () => number, other: string): string {
  const at = Math.floor(r() * (s.length + 1));
  switch (Math.floor(r() * 5)) {
    case 0:
      return s.slice(0, at) + pick(NOISE) + s.slice(at);
    case 1:
      return s.slice(0, at) + s.slice(at + 1);
    case 2:
      return s.slice(0, at) + s.slice(at, at + 3) + s.slice(at);
    case 3:
      return s.slice(0, at) + other.slice(Math.floor(r() * other.length));
    default:
      return s.slice(0, at) + pick(NOISE) + s.slice(at + 1);
  }
}

/** `count` values from `seed`, each built from syntax pieces or a `samples` entry, then mutated 0-3 times. */
export function randomValues(seed: number, count: number, samples: readonly string[]): string[] {
  const r = mulberry32(seed);
  const pick: Pick = (xs) => xs[Math.floor(r() * xs.length)]!;
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    let s = samples.length > 0 && r() < 0.3 ? pick(samples) : build(pick, r);
    const n = Math.floor(r() * 4);
    for (let k = 0; k < n; k++) s = mutate(s, pick, r, r() < 0.5 && samples.length > 0 ? pick(samples) : build(pick, r));
    out.push(s);
  }
  return out;
}
