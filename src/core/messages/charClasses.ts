/**
 * Character classes of RFC 3261 §25.1 as 128-entry lookup tables, shared by the
 * header-value parser (../grammar) and the serializer's escaping. A char code >= 128 is never in
 * any of these sets.
 */

/** A 128-entry table with 1 for `chars` (and, unless `alnum` is false, for ASCII letters and digits). */
export function table(chars: string, alnum = true): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** unreserved = alphanum / mark */
const MARK = "-_.!~*'()";
/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
export const TOKEN = table("-.!%*_+`'~");
/** user = 1*( unreserved / escaped / user-unreserved ), without "%" (escapes are handled apart) */
export const USER = table(MARK + "&=+$,;?/");
/** password = *( unreserved / escaped / "&" / "=" / "+" / "$" / "," ) without "%" */
export const PASSWORD = table(MARK + "&=+$,");
/** paramchar = param-unreserved / unreserved / escaped, without "%" */
export const PARAMCHAR = table(MARK + "[]/:&+$");
/** hnv-unreserved / unreserved, without "%" */
export const HNVCHAR = table(MARK + "[]/?:+$");
/** word = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~" / "(" / ")" / "<" / ">" / ":" / "\" / DQUOTE / "/" / "[" / "]" / "?" / "{" / "}" ) */
export const WORD = table("-.!%*_+`'~()<>:\\\"/[]?{}");
/** hostname characters (alphanum, "-", "."). */
export const HOSTCHAR = table("-.");

export function allIn(set: Uint8Array, s: string): boolean {
  return firstOut(set, s) === -1;
}

/** The index of the first character of `s` from `from` to `to` that is not in `set` (non-ASCII never is); -1 when there is none. */
export function firstOut(set: Uint8Array, s: string, from = 0, to = s.length): number {
  for (let i = from; i < to; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || set[c] === 0) return i;
  }
  return -1;
}

/** The index of the first control character of `s` (HTAB allowed, DEL not), -1 when there is none. */
export function controlAt(s: string): number {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if ((c < 32 && c !== 9) || c === 127) return i;
  }
  return -1;
}

const HEX = "0123456789ABCDEF";

/**
 * Writes `s` with every character outside `set` percent-escaped as UTF-8 octets
 * (RFC 3261 §19.1.2). Returns `s` itself when nothing needs escaping.
 */
export function escapeWith(set: Uint8Array, s: string): string {
  if (allIn(set, s)) return s;
  let out = "";
  const bytes = new TextEncoder().encode(s);
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i]!;
    if (b < 128 && set[b] === 1) out += String.fromCharCode(b);
    else out += "%" + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/**
 * Writes a quoted-string (RFC 3261 §25.1) with `"`, `\` and the control characters qdtext does not
 * admit (all but HTAB; CR and LF are refused by `checkHeader`) escaped as quoted-pairs.
 */
export function quote(s: string): string {
  return '"' + s.replace(/["\\\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/g, "\\$&") + '"';
}

/**
 * Number of octets `s` takes in UTF-8 (surrogate pairs count 4).
 *
 * @example
 * ```ts
 * import { utf8Length } from "rxsip/core";
 *
 * utf8Length("€"); // 3: the octets Content-Length counts, not the characters
 * ```
 */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // the pair already counted 2 of its 4 octets
      i++;
    } else n += 2; // BMP character, or a lone surrogate (written as U+FFFD)
  }
  return n;
}

/** `s` lower-cased; `s` itself when it has no upper-case ASCII letter (no allocation in the common case). */
export function lowerAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 65 && c <= 90) return s.toLowerCase();
  }
  return s;
}

/** `s` upper-cased; `s` itself when it has no lower-case ASCII letter. */
export function upperAscii(s: string): string {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 97 && c <= 122) return s.toUpperCase();
  }
  return s;
}
