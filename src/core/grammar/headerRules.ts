/**
 * The start rules of the header-value parser, one per header family (`GrammarRules` in
 * ast.ts lists them and what each returns). Each parses from the start of the value and
 * stops where its syntax ends; the caller checks that the whole value was read.
 */
import { TOKEN, WORD } from "../messages/charClasses.js";
import type { GrammarRule, GrammarRules, MediaRangeData, ReasonData } from "./ast.js";
import { TEXT, TOKEN_NODOT } from "./charSets.js";
import { nameAddr, nameAddrOrAddrSpec } from "./nameAddr.js";
import { commaList, headerParams, nameValue, paramList } from "./params.js";
import { retryAfter } from "./retryAfter.js";
import type { Scanner } from "./Scanner.js";
import { sipDate } from "./sipDate.js";
import { anyUri } from "./uris.js";
import { viaParm } from "./via.js";
import { warningValue } from "./warning.js";

/** `item *(SEP item)` where each item is a run of `set` (event-type, callid). */
function dotted(c: Scanner, set: Uint8Array, sep: number, once: boolean): string | undefined {
  const at = c.pos;
  c.quiet++;
  if (c.some(set) !== undefined) {
    for (let more = true; more; more = !once) {
      const b = c.pos;
      if (!c.eat(sep) || c.some(set) === undefined) {
        c.pos = b;
        break;
      }
    }
  }
  c.quiet--;
  return c.pos > at ? c.from(at) : c.fail();
}

/** callid = word [ "@" word ] */
const callId = (c: Scanner): string | undefined => dotted(c, WORD, 64, true);

/** The whole value is consumed: `!.` */
const atEnd = (c: Scanner): boolean => c.pos === c.src.length;

/** `[ item *(COMMA item) ]` */
function optionalList<T>(c: Scanner, item: (c: Scanner) => T | undefined): T[] | undefined {
  return commaList(c, item) ?? (atEnd(c) ? [] : undefined);
}

/** `type [SLASH subtype]`: with `required`, the subtype must be there. */
function mediaRange(c: Scanner, required: boolean): { type: string; subtype?: string } | undefined {
  const at = c.pos;
  const type = c.token();
  if (type === undefined) return undefined;
  const slash = c.pos;
  const subtype = c.sep(47) ? c.token() : undefined;
  if (subtype !== undefined) return { type, subtype };
  c.pos = required ? at : slash;
  return required ? undefined : { type };
}

const token = (c: Scanner): string | undefined => c.token();

/** reason-value = protocol *(SEMI reason-params) */
function reasonValue(c: Scanner): ReasonData | undefined {
  const protocol = c.token();
  return protocol === undefined ? undefined : { protocol, params: headerParams(c) };
}

/** accept-range (type, optional subtype) or encoding / language, each with its parameters */
function acceptRange(c: Scanner): MediaRangeData | undefined {
  const m = mediaRange(c, false);
  return m && { ...m, params: headerParams(c) };
}

type Rules = { [R in GrammarRule]: (c: Scanner) => GrammarRules[R] | undefined };

export const RULES: Rules = {
  Uri: anyUri,
  NameAddrOrAddrSpec: nameAddrOrAddrSpec,
  Contact: (c) => {
    if (c.eat(42)) {
      if (atEnd(c)) return { star: true };
      c.pos--;
    }
    const contacts = commaList(c, nameAddrOrAddrSpec);
    return contacts && { star: false, contacts };
  },
  RouteList: (c) => commaList(c, nameAddr),
  IdentityList: (c) => commaList(c, nameAddrOrAddrSpec),
  Via: (c) => commaList(c, viaParm),
  CSeq: (c) => {
    const seq = c.uint();
    const method = seq !== undefined && c.lws() ? c.token() : undefined;
    return method === undefined ? undefined : { seq: seq!, method };
  },
  CallId: callId,
  Integer: (c) => c.uint(),
  ContentType: (c) => {
    const m = mediaRange(c, true);
    return m && { type: m.type, subtype: m.subtype!, params: paramList(c, nameValue) };
  },
  TokenList: (c) => optionalList(c, token),
  Challenge: authValue,
  Credentials: authValue,
  Event: (c) => {
    const event = dotted(c, TOKEN_NODOT, 46, false);
    return event === undefined ? undefined : { event, params: headerParams(c) };
  },
  SubscriptionState: (c) => {
    const state = c.token();
    return state === undefined ? undefined : { state, params: headerParams(c) };
  },
  SessionExpires: (c) => {
    const delta = c.uint();
    return delta === undefined ? undefined : { delta, params: headerParams(c) };
  },
  RAck: (c) => {
    const rseq = c.uint();
    const cseq = rseq !== undefined && c.lws() ? c.uint() : undefined;
    const method = cseq !== undefined && c.lws() ? c.token() : undefined;
    return method === undefined ? undefined : { rseq: rseq!, cseq: cseq!, method };
  },
  Replaces: (c) => {
    const id = callId(c);
    return id === undefined ? undefined : { callId: id, params: headerParams(c) };
  },
  Reason: (c) => commaList(c, reasonValue),
  RetryAfter: retryAfter,
  Warning: (c) => commaList(c, warningValue),
  Accept: (c) => optionalList(c, acceptRange),
  Date: sipDate,
  Text: (c) => {
    c.run(TEXT, false, true);
    return c.from(0);
  },
};

/** auth-scheme LWS auth-param *(COMMA auth-param) (challenge / credentials, RFC 3261 §25.1). */
function authValue(c: Scanner): GrammarRules["Challenge"] | undefined {
  const scheme = c.token();
  if (scheme === undefined || !c.lws()) return undefined;
  const params: Record<string, string> = {};
  const ok = commaList(c, (c) => nameValue(c, params) || undefined);
  return ok && { scheme, params };
}
