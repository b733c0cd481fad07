import type { AuthData, ContentTypeData, GrammarRule, GrammarRules, Params, ReasonData } from "../../grammar/ast.js";
import { lowerAscii, TOKEN } from "../charClasses.js";
import { fastCallId, fastCSeq, fastInteger, fastNameAddr, fastNameAddrList, fastTokenWithParams, fastVia, isToken } from "./fastHeaders.js";

/** Allow / Supported / Require ...: tokens separated by "," with optional spaces. */
export function fastTokenList(s: string): string[] | null {
  if (s.length === 0) return [];
  if (s.charCodeAt(s.length - 1) === 32) return null; // values arrive trimmed; leave oddities to the grammar
  const out: string[] = [];
  let i = 0;
  const n = s.length;
  while (true) {
    const start = i;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c >= 128 || TOKEN[c] === 0) break;
      i++;
    }
    if (i === start) return null;
    out.push(s.slice(start, i));
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (i === n) return out;
    if (s.charCodeAt(i) !== 44) return null;
    i++;
    while (i < n && s.charCodeAt(i) === 32) i++;
  }
}

/** Content-Type: `type/subtype` with `;name=token` parameters and no whitespace. */
export function fastContentType(s: string): ContentTypeData | null {
  const slash = s.indexOf("/");
  if (slash <= 0) return null;
  let end = s.indexOf(";", slash);
  if (end === -1) end = s.length;
  const type = s.slice(0, slash);
  const subtype = s.slice(slash + 1, end);
  if (!isToken(type) || !isToken(subtype)) return null;
  const params: Params = {};
  let i = end;
  while (i < s.length) {
    // here s[i] === ";"
    let next = s.indexOf(";", i + 1);
    if (next === -1) next = s.length;
    const eq = s.indexOf("=", i + 1);
    if (eq === -1 || eq > next) return null;
    const name = s.slice(i + 1, eq);
    const value = s.slice(eq + 1, next);
    if (!isToken(name) || !isToken(value)) return null;
    const key = name.toLowerCase();
    if (key in params) return null;
    params[key] = value;
    i = next;
  }
  return { type, subtype, params };
}

/** TEXT-UTF8 (Subject, User-Agent, Server ...): every character printable, SP or HT. */
export function fastText(s: string): string | null {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 32 ? c !== 9 : c === 127) return null;
  }
  return s;
}

/** `Scheme name=value, name="value"` (WWW-Authenticate, Authorization ...): no quoted-pairs, no duplicates. */
export function fastAuth(s: string): AuthData | null {
  const n = s.length;
  let i = 0;
  while (i < n && s.charCodeAt(i) < 128 && TOKEN[s.charCodeAt(i)] === 1) i++;
  if (i === 0 || i >= n || s.charCodeAt(i) !== 32) return null;
  const scheme = s.slice(0, i);
  while (i < n && s.charCodeAt(i) === 32) i++;
  const params: Record<string, string> = {};
  while (true) {
    const ns = i;
    while (i < n && s.charCodeAt(i) < 128 && TOKEN[s.charCodeAt(i)] === 1) i++;
    if (i === ns) return null;
    const name = lowerAscii(s.slice(ns, i));
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (s.charCodeAt(i) !== 61) return null;
    i++;
    while (i < n && s.charCodeAt(i) === 32) i++;
    let value: string;
    if (s.charCodeAt(i) === 34) {
      const close = s.indexOf('"', i + 1);
      if (close === -1) return null;
      for (let j = i + 1; j < close; j++) {
        const c = s.charCodeAt(j);
        if (c === 92 || (c < 32 && c !== 9) || c === 127) return null;
      }
      value = s.slice(i + 1, close);
      i = close + 1;
    } else {
      const vs = i;
      while (i < n && s.charCodeAt(i) < 128 && TOKEN[s.charCodeAt(i)] === 1) i++;
      if (i === vs) return null;
      value = s.slice(vs, i);
    }
    if (name in params) return null;
    params[name] = value;
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (i === n) return { scheme, params };
    if (s.charCodeAt(i) !== 44) return null;
    i++;
    while (i < n && s.charCodeAt(i) === 32) i++;
  }
}

/** Reason: `protocol;params` values separated by commas outside quoted strings. */
export function fastReason(s: string): ReasonData[] | null {
  const out: ReasonData[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i <= s.length; i++) {
    const c = i < s.length ? s.charCodeAt(i) : 44;
    if (quoted) {
      if (c === 92) return null;
      if (c === 34) quoted = false;
      continue;
    }
    if (c === 34) quoted = true;
    else if (c === 44) {
      let a = start;
      let b = i;
      while (a < b && s.charCodeAt(a) === 32) a++;
      while (b > a && s.charCodeAt(b - 1) === 32) b--;
      const t = fastTokenWithParams(s.slice(a, b));
      if (t === null) return null;
      out.push({ protocol: t.head, params: t.params });
      start = i + 1;
    }
  }
  return quoted || out.length === 0 ? null : out;
}

type FastRules = { [R in GrammarRule]?: (value: string) => GrammarRules[R] | null };

/**
 * The fast path for each grammar rule that has one. Each returns exactly what the grammar
 * returns, or null to hand the value to the grammar (checked by test/core/messages/fastPaths.test.ts).
 */
export const FAST_RULES: FastRules = {
  Via: fastVia,
  NameAddrOrAddrSpec: fastNameAddr,
  RouteList: fastNameAddrList,
  Contact: (s) => {
    const contacts = fastNameAddrList(s);
    return contacts === null ? null : { star: false, contacts };
  },
  CSeq: fastCSeq,
  CallId: fastCallId,
  Integer: (s) => {
    const n = fastInteger(s);
    return n < 0 ? null : n;
  },
  TokenList: fastTokenList,
  ContentType: fastContentType,
  Text: fastText,
  Event: (s) => {
    const t = fastTokenWithParams(s);
    // event-type = token-nodot *("." token-nodot): no leading, trailing or doubled dots
    return t === null || /^\.|\.$|\.\./.test(t.head) ? null : { event: t.head, params: t.params };
  },
  SubscriptionState: (s) => {
    const t = fastTokenWithParams(s);
    return t === null ? null : { state: t.head, params: t.params };
  },
  Challenge: fastAuth,
  Credentials: fastAuth,
  Reason: fastReason,
  SessionExpires: (s) => {
    const t = fastTokenWithParams(s);
    if (t === null) return null;
    const delta = fastInteger(t.head);
    return delta < 0 ? null : { delta, params: t.params };
  },
};
