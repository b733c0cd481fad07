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
import { splitList } from "../messages/splitList.js";

/**
 * A list element that starts another challenge: `scheme LWS token` or a lone `scheme` (an
 * auth-param has "=" after its name, never another token).
 */
const STARTS_CHALLENGE = /^[\w!%*+`'~.-]+(?:[ \t]+[\w!%*+`'~.-]|$)/;

/**
 * @internal The challenges of the header values given (several per value allowed), in order;
 * the ones that cannot be read are skipped.
 */
export function readChallenges(values: readonly string[]): AuthData[] {
  const out: AuthData[] = [];
  for (const value of values) {
    // the list's elements (commas in quoted strings stay), each auth-param joined to its challenge
    const challenges: string[] = [];
    for (const element of splitList(value)) {
      if (challenges.length === 0 || STARTS_CHALLENGE.test(element)) challenges.push(element);
      else challenges[challenges.length - 1] += ", " + element;
    }
    for (const challenge of challenges) {
      try {
        out.push(parseHeaderValue("Challenge", challenge));
      } catch {
        // another scheme's syntax (token68, no parameters) or a malformed challenge: not one we answer
      }
    }
  }
  return out;
}
