import { describe, expect, it } from "vitest";
import { HEADER_RULES, headerKey, headerSpelling } from "../../../src/core/messages/headerNames.js";

/**
 * Every header name with a grammar rule, spelled as its RFC spells it (RFC 3261 §20, RFC 3262,
 * 3265/6665, 3326, 3515, 3892, 4028, 3325 (P-Asserted-Identity, P-Preferred-Identity), 3327, 3608, 3891): the oracle `headerSpelling`
 * (capitalised words plus a few exceptions) must reproduce, name by name.
 */
const RFC_SPELLINGS = (
  "Via From To Reply-To Refer-To Referred-By P-Asserted-Identity P-Preferred-Identity Route Record-Route Path Service-Route Contact CSeq Call-ID " +
  "Max-Forwards Content-Length Expires Min-Expires Min-SE RSeq Content-Type Allow Supported Require Proxy-Require Unsupported " +
  "Allow-Events Content-Encoding WWW-Authenticate Proxy-Authenticate Authorization Proxy-Authorization Event Subscription-State " +
  "Session-Expires RAck Replaces Reason Retry-After Warning Accept Date Subject Organization User-Agent Server"
).split(" ");

/** RFC 3261 §7.3.3 and the registered compact forms (IANA SIP header fields registry), letter by letter. */
const COMPACT_FORMS = Object.fromEntries(
  (
    "a=accept-contact b=referred-by c=content-type d=request-disposition e=content-encoding f=from i=call-id j=reject-contact " +
    "k=supported l=content-length m=contact o=event r=refer-to s=subject t=to u=allow-events v=via x=session-expires y=identity"
  )
    .split(" ")
    .map((pair) => pair.split("=")),
) as Record<string, string>;

describe("header names", () => {
  it("the oracle lists exactly the names that have a rule", () => {
    expect(new Set(RFC_SPELLINGS.map((s) => s.toLowerCase()))).toEqual(new Set(Object.keys(HEADER_RULES)));
  });

  it.each(RFC_SPELLINGS)("%s: headerSpelling gives the RFC's spelling; every spelling of it has the same key", (spelling) => {
    const key = spelling.toLowerCase();
    expect(headerSpelling(key)).toBe(spelling);
    for (const form of [spelling, key, spelling.toUpperCase(), `${spelling[0]!.toLowerCase()}${spelling.slice(1)}`]) expect(headerKey(form)).toBe(key);
  });

  it("compact forms, in either case, give their long names (RFC 3261 §7.3.3)", () => {
    for (const [letter, long] of Object.entries(COMPACT_FORMS)) {
      expect(headerKey(letter)).toBe(long);
      expect(headerKey(letter.toUpperCase())).toBe(long);
    }
    for (const letter of "ghnpqwz") expect(headerKey(letter)).toBe(letter); // not compact forms
  });

  it("other names are lower-cased as they are", () => {
    expect(headerKey("X-Custom-Thing")).toBe("x-custom-thing");
    expect(headerKey("constructor")).toBe("constructor");
  });
});
