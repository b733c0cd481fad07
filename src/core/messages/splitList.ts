/**
 * Splits a header value at the commas that separate list elements (RFC 3261 §7.3.1),
 * ignoring commas inside quoted strings and inside `<...>`. Elements are trimmed;
 * empty elements are kept out.
 *
 * @example
 * ```ts
 * import { splitList } from "rxsip/core";
 *
 * splitList("INVITE, ACK , BYE"); // ["INVITE", "ACK", "BYE"]
 * splitList('a, "b,c"'); // ["a", '"b,c"']: commas in quotes stay
 * ```
 */
export function splitList(value: string): string[] {
  if (value.indexOf(",") === -1) return [value];
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (quoted) {
      if (c === 92) i++; // quoted-pair
      else if (c === 34) quoted = false;
    } else if (c === 34) quoted = true;
    else if (c === 60) angle = true;
    else if (c === 62) angle = false;
    else if (c === 44 && !angle) {
      const part = value.slice(start, i).trim();
      if (part) out.push(part);
      start = i + 1;
    }
  }
  const last = value.slice(start).trim();
  if (last) out.push(last);
  return out;
}
