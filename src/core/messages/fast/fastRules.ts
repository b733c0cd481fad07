import type { ContentTypeData, GrammarRule, GrammarRules, Params } from "../../grammar/ast.js";
import { TOKEN } from "../charClasses.js";
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

type FastRules = { [R in GrammarRule]?: (value: string) => GrammarRules[R] | null };

/**
 * The fast path for each grammar rule that has one. Each returns exactly what the grammar
 * returns, or null to hand the value to the full parser (checked by test/core/messages/fastPaths.test.ts).
 * Only rules where a fast path is measurably faster than the full parser have one (the
 * auth headers and Reason are parsed about as fast by the full parser, so they go to it).
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
  SessionExpires: (s) => {
    const t = fastTokenWithParams(s);
    if (t === null) return null;
    const delta = fastInteger(t.head);
    return delta < 0 ? null : { delta, params: t.params };
  },
};
