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

/** The spellings nearly every message uses, as [spelling, key, spelling, key ...] by length. */
const BY_LENGTH: Array<string[] | undefined> = (() => {
  const spellings: Record<string, string> = {
    Via: "via", From: "from", To: "to", "Call-ID": "call-id", CSeq: "cseq", Contact: "contact",
    "Max-Forwards": "max-forwards", "Content-Length": "content-length", "Content-Type": "content-type",
    "Record-Route": "record-route", Route: "route", Allow: "allow", Supported: "supported",
    "User-Agent": "user-agent", Expires: "expires", Server: "server", Require: "require",
    "Session-Expires": "session-expires", "Min-SE": "min-se", Event: "event",
    "Subscription-State": "subscription-state", "WWW-Authenticate": "www-authenticate",
    Authorization: "authorization", "Proxy-Authenticate": "proxy-authenticate",
    "Proxy-Authorization": "proxy-authorization", "Refer-To": "refer-to", "Referred-By": "referred-by",
    v: "via", f: "from", t: "to", i: "call-id", m: "contact", l: "content-length", c: "content-type", k: "supported",
  };
  const table: Array<string[] | undefined> = [];
  for (const [spelling, key] of Object.entries(spellings)) {
    for (const form of new Set([spelling, key])) (table[form.length] ??= []).push(form, key);
  }
  return table;
})();

/**
 * Headers whose value is a comma-separated list (RFC 3261 §7.3.1): `getHeaders()` splits
 * them into one entry per element. Headers like WWW-Authenticate, whose values contain
 * commas of their own, are not here.
 */
export const LIST_HEADERS = new Set([
  "via",
  "contact",
  "route",
  "record-route",
  "path",
  "service-route",
  "allow",
  "supported",
  "require",
  "proxy-require",
  "unsupported",
  "accept",
  "accept-encoding",
  "accept-language",
  "allow-events",
  "content-encoding",
  "content-language",
  "in-reply-to",
  "warning",
  "reason",
  "alert-info",
  "call-info",
  "error-info",
  "p-asserted-identity",
]);

/** Which grammar rule validates a header value when it is read through `parseHeader()`. */
export const HEADER_RULES: Record<string, GrammarRule> = {
  via: "Via",
  from: "NameAddrOrAddrSpec",
  to: "NameAddrOrAddrSpec",
  "reply-to": "NameAddrOrAddrSpec",
  "refer-to": "NameAddrOrAddrSpec",
  "referred-by": "NameAddrOrAddrSpec",
  "p-asserted-identity": "RouteList",
  contact: "Contact",
  route: "RouteList",
  "record-route": "RouteList",
  path: "RouteList",
  "service-route": "RouteList",
  cseq: "CSeq",
  "call-id": "CallId",
  "max-forwards": "Integer",
  "content-length": "Integer",
  expires: "Integer",
  "min-expires": "Integer",
  "min-se": "Integer",
  rseq: "Integer",
  "content-type": "ContentType",
  allow: "TokenList",
  supported: "TokenList",
  require: "TokenList",
  "proxy-require": "TokenList",
  unsupported: "TokenList",
  "allow-events": "TokenList",
  "content-encoding": "TokenList",
  "www-authenticate": "Challenge",
  "proxy-authenticate": "Challenge",
  authorization: "Credentials",
  "proxy-authorization": "Credentials",
  event: "Event",
  "subscription-state": "SubscriptionState",
  "session-expires": "SessionExpires",
  rack: "RAck",
  replaces: "Replaces",
  reason: "Reason",
  "retry-after": "RetryAfter",
  warning: "Warning",
  accept: "Accept",
  date: "Date",
  subject: "Text",
  organization: "Text",
  "user-agent": "Text",
  server: "Text",
};

/** Headers whose values are secrets: never quoted in errors or logs. */
export const SECRET_HEADERS = new Set(["authorization", "proxy-authorization"]);
