/** Retry-After (RFC 3261 §20.33) and its comment. */
import type { RetryAfterData } from "./ast.js";
import { headerParams } from "./params.js";
import type { Scanner } from "./Scanner.js";

/** ctext (below U+0080: printable but "(" ")" "\", and SP, HT); every code unit from U+0080. */
function isCtext(c: number): boolean {
  return c >= 128 || c === 9 || (c >= 32 && c < 127 && c !== 40 && c !== 41 && c !== 92);
}

/**
 * comment = LPAREN *(ctext / quoted-pair / comment) RPAREN, preceded by optional whitespace;
 * returned as written inside the outer parentheses, without the whitespace at its ends.
 */
function comment(c: Scanner): string | undefined {
  const s = c.src;
  const at = c.pos;
  c.sws();
  if (s.charCodeAt(c.pos) === 40) {
    c.pos++;
    c.sws();
    const start = c.pos;
    let depth = 0;
    for (let i = start; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      if (ch === 40) depth++;
      else if (ch === 41) {
        if (depth-- > 0) continue;
        c.pos = i + 1;
        return s.slice(start, i).trimEnd();
      } else if (ch === 92) {
        const n = s.charCodeAt(++i);
        if (!(n < 128 && n !== 10 && n !== 13)) break;
      } else if (!isCtext(ch)) break;
    }
  }
  c.pos = at;
  return c.fail();
}

/** Retry-After = delta-seconds [ comment ] *( SEMI retry-param ) */
export function retryAfter(c: Scanner): RetryAfterData | undefined {
  const delta = c.uint();
  if (delta === undefined) return undefined;
  const text = comment(c);
  const r: RetryAfterData = { delta, params: headerParams(c) };
  if (text !== undefined) r.comment = text;
  return r;
}
