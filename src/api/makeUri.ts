import { parseHeaderValue } from "../core/grammar/index.js";
import { Uri } from "../core/messages/index.js";

/**
 * Parses a SIP/SIPS/tel URI written as text; undefined when it is not one.
 *
 * @example
 * ```ts
 * import { makeUri } from "rxsip";
 *
 * const bob = makeUri("sip:bob@example.com;transport=tcp");
 * console.log(bob?.host, bob?.params["transport"]); // example.com tcp
 * console.log(makeUri("not a uri")); // undefined
 * ```
 */
export function makeUri(text: string): Uri | undefined {
  try {
    return new Uri(parseHeaderValue("Uri", text.trim()));
  } catch {
    return undefined;
  }
}
