import type { ContentTypeData, GrammarRule, GrammarRules, Params } from "../../grammar/ast.js";
import { fastCallId, fastCSeq, fastInteger, fastNameAddr, fastNameAddrList, fastVia, isToken } from "./fastHeaders.js";

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
 * Only rules where a fast path is measurably faster than the full parser have one (Allow,
 * Event, auth headers, Reason ... are parsed as fast by the full parser).
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
  ContentType: fastContentType,
  Text: fastText,
};
