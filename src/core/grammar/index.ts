/**
 * Entry point of the SIP header-value parser: hand-written rules (./headerRules.ts and the
 * files it imports) that give exactly the results of the grammar in sip.peggy. That grammar
 * is the specification and the test oracle (`npm run grammar` compiles it for the tests);
 * nothing here imports it. The module has no side effects.
 */
import { ParseError } from "../messages/errors.js";
import type { GrammarRule, GrammarRules } from "./ast.js";
import { RULES } from "./headerRules.js";
import { Fault, Scanner } from "./Scanner.js";

export type * from "./ast.js";

/** Headers whose values are credentials: never quoted in an error message. */
function isSecret(rule: GrammarRule, headerName: string | undefined): boolean {
  if (rule === "Credentials") return true;
  if (headerName === undefined) return false;
  const h = headerName.toLowerCase();
  return h === "authorization" || h === "proxy-authorization";
}

/**
 * Parses one header value with the start rule `rule`.
 *
 * `value` is what follows the header's colon, trimmed, with line folding already replaced
 * by one space (the message framer does this).
 *
 * @param headerName the header the value comes from; carried by the error and used to keep
 *   credentials (Authorization, Proxy-Authorization) out of error messages.
 * @throws ParseError with code `"HEADER_VALUE"`, `offset` = the offset of the fault in
 *   `value`, and `header` = `headerName`.
 *
 * @example
 * ```ts
 * import { parseHeaderValue } from "rxsip/core";
 *
 * const [via] = parseHeaderValue("Via", "SIP/2.0/TCP 192.0.2.4:5060;branch=z9hG4bK776");
 * const expires = parseHeaderValue("SessionExpires", "1800;refresher=uac"); // { delta: 1800, params: { refresher: "uac" } }
 * ```
 */
export function parseHeaderValue<R extends GrammarRule>(rule: R, value: string, headerName?: string): GrammarRules[R] {
  const c = new Scanner(value);
  let offset: number;
  let why: string;
  try {
    const r = (RULES[rule] as (c: Scanner) => GrammarRules[R] | undefined)(c);
    if (r !== undefined) {
      if (c.pos === value.length) return r;
      c.fail();
    }
    offset = c.far;
    why = offset < value.length ? "unexpected " + JSON.stringify(String.fromCodePoint(value.codePointAt(offset)!)) : "unexpected end of input";
  } catch (e) {
    if (!(e instanceof Fault)) throw e;
    offset = e.at;
    why = e.why;
  }
  const what = headerName ?? rule;
  const message = isSecret(rule, headerName)
    ? `malformed ${what} header value at offset ${offset}`
    : `malformed ${what} header value ${JSON.stringify(value.length > 200 ? value.slice(0, 200) + "…" : value)} at offset ${offset}: ${why}`;
  throw new ParseError("HEADER_VALUE", message, offset, headerName);
}
