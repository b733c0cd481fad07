/**
 * Parameter lists of header values (RFC 3261 §25.1 generic-param, m-parameter) and the
 * record they are collected in: names lower-cased, the first occurrence of a name wins,
 * `null` for a parameter without a value.
 */
import { lowerAscii } from "../messages/charClasses.js";
import type { Params } from "./ast.js";
import type { Scanner } from "./Scanner.js";
import { ipv6Reference } from "./hosts.js";

export const hasOwn = Object.prototype.hasOwnProperty;

/** Adds a parameter unless its name is already there ("__proto__" is an ordinary name). */
export function setParam<T>(o: Record<string, T>, name: string, value: T): void {
  if (hasOwn.call(o, name)) return;
  if (name === "__proto__") Object.defineProperty(o, name, { value, enumerable: true, writable: true, configurable: true });
  else o[name] = value;
}

/** `name EQUAL (token / quoted-string)` (auth-param, m-parameter), added to `o`. */
export function nameValue(c: Scanner, o: Record<string, string | null>): boolean {
  const at = c.pos;
  c.quiet++;
  const name = c.token();
  const value = name !== undefined && c.sep(61) ? (c.token() ?? c.quoted()) : undefined;
  c.quiet--;
  if (value === undefined) {
    c.pos = at;
    return c.fail() ?? false;
  }
  setParam(o, lowerAscii(name!), value);
  return true;
}

/** generic-param = token [ EQUAL gen-value ], gen-value = token / host / quoted-string */
export function genericParam(c: Scanner, o: Params): boolean {
  c.quiet++;
  const name = c.token();
  let value: string | null = null;
  if (name !== undefined) {
    const at = c.pos;
    if (c.sep(61)) value = c.token() ?? c.quoted() ?? ipv6Reference(c) ?? null;
    if (value === null) c.pos = at;
  }
  c.quiet--;
  if (name === undefined) return c.fail() ?? false;
  setParam(o, lowerAscii(name), value);
  return true;
}

/** `*(SEMI item)`, each item adding itself to one record. */
export function paramList<T>(c: Scanner, item: (c: Scanner, o: Record<string, T>) => boolean): Record<string, T> {
  const o: Record<string, T> = {};
  for (;;) {
    const at = c.pos;
    if (!c.sep(59)) return o;
    if (!item(c, o)) {
      c.pos = at;
      return o;
    }
  }
}

/** *( SEMI generic-param ) */
export function headerParams(c: Scanner): Params {
  return paramList(c, genericParam);
}

/** item *(COMMA item) */
export function commaList<T>(c: Scanner, item: (c: Scanner) => T | undefined): T[] | undefined {
  const first = item(c);
  if (first === undefined) return undefined;
  const out = [first];
  for (;;) {
    const at = c.pos;
    if (!c.sep(44)) return out;
    const next = item(c);
    if (next === undefined) {
      c.pos = at;
      return out;
    }
    out.push(next);
  }
}
