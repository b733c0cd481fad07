/**
 * Reading the challenges of WWW-Authenticate / Proxy-Authenticate values as servers write them.
 * RFC 3261 §25.1 puts one challenge in a header, but a value may list several (RFC 7235 §4.1:
 * `Basic realm="x", Digest realm="x", nonce="n"`), and other schemes may have no parameters or
 * a token68 (`Negotiate`, `Negotiate YIIB...=`), which the SIP challenge grammar cannot read.
 * Each challenge is parsed on its own and an unreadable one is left out, so it cannot hide
 * the Digest challenges beside it.
 */
import type { AuthData } from "../grammar/ast.js";
import { parseHeaderValue } from "../grammar/index.js";

/**
 * What follows a comma that starts another challenge: `scheme LWS token` or a lone `scheme`
 * (an auth-param has "=" after its name, never another token).
 */
const NEXT_CHALLENGE = /[ \t]*[\w!%*+`'~.-]+(?:[ \t]+[\w!%*+`'~.-]|[ \t]*(?:,|$))/y;

/**
 * @internal The challenges of the header values given (several per value allowed), in order;
 * the ones that cannot be read are skipped.
 */
export function readChallenges(values: readonly string[]): AuthData[] {
  const out: AuthData[] = [];
  for (const value of values) {
    let start = 0;
    let quoted = false;
    for (let i = 0; i <= value.length; i++) {
      const ch = value[i];
      if (quoted) {
        if (ch === "\\") i++;
        else if (ch === '"') quoted = false;
      } else if (ch === '"') {
        quoted = true;
      } else if (i === value.length || (ch === "," && ((NEXT_CHALLENGE.lastIndex = i + 1), NEXT_CHALLENGE.test(value)))) {
        try {
          out.push(parseHeaderValue("Challenge", value.slice(start, i).trim()));
        } catch {
          // another scheme's syntax (token68, no parameters) or a malformed challenge: not one we answer
        }
        start = i + 1;
      }
    }
  }
  return out;
}
