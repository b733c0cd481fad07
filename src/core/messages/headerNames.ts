import type { GrammarRule } from "../grammar/ast.js";

/** Compact forms (RFC 3261 §7.3.3 and the extension RFCs) to their lower-cased long names. */
const COMPACT: Record<string, string> = {
  a: "accept-contact",
  b: "referred-by",
  c: "content-type",
  d: "request-disposition",
  e: "content-encoding",
  f: "from",
  i: "call-id",
  j: "reject-contact",
  k: "supported",
  l: "content-length",
  m: "contact",
  o: "event",
  r: "refer-to",
  s: "subject",
  t: "to",
  u: "allow-events",
  v: "via",
  x: "session-expires",
  y: "identity",
};

/**
 * The lower-cased long form of a header name: `V` and `via` both give `via`.
 *
 * @example
 * ```ts
 * import { headerKey } from "rxsip/core";
 *
 * headerKey("i"); // "call-id": compact forms expanded
 * headerKey("Call-ID"); // "call-id"
 * ```
 */
export function headerKey(name: string): string {
  // common spellings first, by length and ===: no hashing or internalizing of the name
  const candidates = BY_LENGTH[name.length];
  if (candidates !== undefined) {
    for (let i = 0; i < candidates.length; i += 2) if (candidates[i] === name) return candidates[i + 1]!;
  }
  let key = KEYS.get(name);
  if (key !== undefined) return key;
  const lower = name.toLowerCase();
  key = lower.length === 1 ? (COMPACT[lower] ?? lower) : lower;
  if (KEYS.size < 512) KEYS.set(name, key); // header names repeat; bounded against hostile input
  return key;
}

const KEYS = new Map<string, string>();

/**
 * `name` itself, or the same spelling from the table of common ones: one copy shared by
 * every message whose header list is made again from its compact form (see
 * `SipMessage.compact`), rather than a piece of that form per name.
 */
export function sharedSpelling(name: string): string {
  const candidates = BY_LENGTH[name.length];
  if (candidates !== undefined) {
    for (let i = 0; i < candidates.length; i += 2) if (candidates[i] === name) return candidates[i]!;
  }
  return name;
}

/**
 * Which grammar rule validates a header value when it is read through `parseHeader()`
 * (a table without prototype: a header named "constructor" is just an unknown header).
 */
export const HEADER_RULES: Record<string, GrammarRule> = Object.create(null);

/**
 * Headers whose value is a comma-separated list (RFC 3261 §7.3.1): `getHeaders()` splits
 * them into one entry per element. Headers like WWW-Authenticate, whose values contain
 * commas of their own, are not here. Those with a list rule are added below.
 */
export const LIST_HEADERS = new Set("accept-encoding accept-language content-language in-reply-to alert-info call-info error-info".split(" "));

/** The headers of each rule (lower-cased long names). */
const RULE_HEADERS: { [R in GrammarRule]?: string } = {
  Via: "via",
  NameAddrOrAddrSpec: "from to reply-to refer-to referred-by",
  RouteList: "route record-route path service-route",
  IdentityList: "p-asserted-identity p-preferred-identity",
  Contact: "contact",
  CSeq: "cseq",
  CallId: "call-id",
  Integer: "max-forwards content-length expires min-expires min-se rseq",
  ContentType: "content-type",
  TokenList: "allow supported require proxy-require unsupported allow-events content-encoding",
  Challenge: "www-authenticate proxy-authenticate",
  Credentials: "authorization proxy-authorization",
  Event: "event",
  SubscriptionState: "subscription-state",
  SessionExpires: "session-expires",
  RAck: "rack",
  Replaces: "replaces",
  Reason: "reason",
  RetryAfter: "retry-after",
  Warning: "warning",
  Accept: "accept",
  Date: "date",
  Text: "subject organization user-agent server",
};

/** Spellings that are not each dash-separated word capitalised. */
const SPELLED: Record<string, string> = { "call-id": "Call-ID", cseq: "CSeq", "www-authenticate": "WWW-Authenticate", "min-se": "Min-SE", rack: "RAck", rseq: "RSeq" };

/** The usual spelling of a lower-cased long header name: `call-id` gives `Call-ID`, `max-forwards` `Max-Forwards`. */
export function headerSpelling(key: string): string {
  return SPELLED[key] ?? key.replace(/(^|-)[a-z]/g, (start) => start.toUpperCase());
}

/**
 * The spellings `headerKey` and `sharedSpelling` find without a look-up: every name with a
 * rule, as usually written and lower-cased, and the common compact forms, as
 * [spelling, key, spelling, key ...] by length.
 */
const BY_LENGTH: Array<string[] | undefined> = [];
const remember = (spelling: string, key: string) => (BY_LENGTH[spelling.length] ??= []).push(spelling, key);
for (const rule in RULE_HEADERS) {
  for (const name of RULE_HEADERS[rule as GrammarRule]!.split(" ")) {
    HEADER_RULES[name] = rule as GrammarRule;
    // the rules whose values are comma-separated lists
    if (/^(Via|Contact|RouteList|IdentityList|TokenList|Reason|Warning|Accept)$/.test(rule)) LIST_HEADERS.add(name);
    remember(headerSpelling(name), name);
    remember(name, name);
  }
}
for (const letter of "vftimlck") remember(letter, COMPACT[letter]!);
