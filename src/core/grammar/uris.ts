/**
 * URIs (RFC 3261 §19.1 and §25.1 SIP/SIPS URI, RFC 3966 tel URI, RFC 2396 absoluteURI),
 * in two forms: in a Request-URI or between < and > (`anyUri`), and written bare as an
 * addr-spec (`plainUri`), where RFC 3261 §20.10 leaves "," ";" "?" to the header.
 */
import { HNVCHAR, PARAMCHAR, PASSWORD, USER } from "../messages/charClasses.js";
import type { Params, UriData } from "./ast.js";
import { ALPHA, PLAIN_PASSWORD, PLAIN_URIC, PLAIN_USER, SCHEME, TEL_GLOBAL, TEL_LOCAL, TEL_PNAME, URIC } from "./charSets.js";
import { host, optionalPort } from "./hosts.js";
import { hasOwn, setParam } from "./params.js";
import type { Scanner } from "./Scanner.js";

/** Percent-unescapes once (RFC 4475 §3.1.1.3: not recursively); octets that are not UTF-8 become the character of that code. */
function unesc(s: string): string {
  if (s.indexOf("%") === -1) return s;
  try {
    return decodeURIComponent(s);
  } catch {
    return s.replace(/%([0-9a-fA-F]{2})/g, (_m, h: string) => String.fromCharCode(parseInt(h, 16)));
  }
}

/** "sips" / "sip", case-insensitive, lower-cased. */
function sipScheme(c: Scanner): string | undefined {
  return c.word("sips") ? "sips" : c.word("sip") ? "sip" : undefined;
}

/** userinfo = user [ ":" password ] "@", unescaped. */
function userInfo(c: Scanner, user: Uint8Array, password: Uint8Array): [string, string | undefined] | undefined {
  const at = c.run(user, true);
  const end = c.pos;
  if (end === at) return undefined;
  let p: string | undefined;
  if (c.eat(58)) p = c.from(c.run(password, true));
  // the user's text is cut only once the "@" says it is one (often the run is a host)
  if (c.eat(64)) return [unesc(c.src.slice(at, end)), p === undefined ? p : unesc(p)];
  c.pos = at;
  return undefined;
}

/** uri-parameter = pname [ "=" pvalue ] */
function uriParam(c: Scanner, o: Params, name: Uint8Array, decode: (s: string) => string): boolean {
  const n = c.some(name, name === PARAMCHAR);
  if (n === undefined) return false;
  let v: string | null = null;
  if (c.eat(61)) {
    v = c.some(PARAMCHAR, true) ?? null;
    if (v === null) c.pos--;
    else v = unesc(v);
  }
  setParam(o, decode(n).toLowerCase(), v);
  return true;
}

/** uri-parameters = *( ";" uri-parameter ) */
function uriParams(c: Scanner, name: Uint8Array, decode: (s: string) => string): Params {
  const o: Params = {};
  for (;;) {
    const at = c.pos;
    if (!c.eat(59) || !uriParam(c, o, name, decode)) {
      c.pos = at;
      return o;
    }
  }
}

/** header = hname "=" hvalue */
function uriHeader(c: Scanner, o: Record<string, string>): boolean {
  const at = c.pos;
  const n = c.some(HNVCHAR, true);
  if (n !== undefined && c.eat(61)) {
    setParam(o, unesc(n), unesc(c.from(c.run(HNVCHAR, true))));
    return true;
  }
  c.pos = at;
  return false;
}

/** headers = "?" header *( "&" header ) */
function uriHeaders(c: Scanner): Record<string, string> {
  const o: Record<string, string> = {};
  const at = c.pos;
  if (!c.eat(63) || !uriHeader(c, o)) {
    c.pos = at;
    return o;
  }
  for (;;) {
    const amp = c.pos;
    if (!c.eat(38) || !uriHeader(c, o)) {
      c.pos = amp;
      return o;
    }
  }
}

/** SIP-URI / SIPS-URI; `plain`: written bare, without parameters or headers. */
function sipUri(c: Scanner, plain: boolean): UriData | undefined {
  const at = c.pos;
  const scheme = sipScheme(c);
  if (scheme === undefined) return undefined;
  if (c.eat(58)) {
    const ui = userInfo(c, plain ? PLAIN_USER : USER, plain ? PLAIN_PASSWORD : PASSWORD);
    const h = host(c);
    if (h !== undefined) {
      const port = optionalPort(c);
      const u: UriData = { scheme, host: h, params: plain ? {} : uriParams(c, PARAMCHAR, unesc), headers: plain ? {} : uriHeaders(c) };
      if (ui !== undefined) {
        u.user = ui[0];
        if (ui[1] !== undefined) u.password = ui[1];
      }
      if (port !== null) u.port = port;
      return u;
    }
  }
  c.pos = at;
  return undefined;
}

/** A tel number with at least one character matching `digit`. */
function telDigits(c: Scanner, set: Uint8Array, digit: RegExp): string | undefined {
  const n = c.some(set);
  if (n !== undefined && digit.test(n)) return n;
  c.pos -= n?.length ?? 0;
  return undefined;
}

/** "+" global-number-digits */
function globalNumber(c: Scanner): string | undefined {
  const at = c.pos;
  const n = c.eat(43) ? telDigits(c, TEL_GLOBAL, /[0-9]/) : undefined;
  if (n !== undefined) return "+" + n;
  c.pos = at;
  return undefined;
}

/** RFC 3966 telephone-uri; a local number needs a phone-context; `plain`: global number alone. */
function telUri(c: Scanner, plain: boolean): UriData | undefined {
  const at = c.pos;
  if (c.word("tel:")) {
    const n = plain ? globalNumber(c) : (globalNumber(c) ?? telDigits(c, TEL_LOCAL, /[0-9a-fA-F*#]/));
    if (n !== undefined) {
      const params = plain ? {} : uriParams(c, TEL_PNAME, (s) => s);
      if (n.charCodeAt(0) === 43 || hasOwn.call(params, "phone-context")) {
        return { scheme: "tel", user: n, host: "", params, headers: {} };
      }
    }
  }
  c.pos = at;
  return undefined;
}

/** absoluteURI = scheme ":" 1*uric, for any scheme but sip, sips and tel. */
function absoluteUri(c: Scanner, uric: Uint8Array): UriData | undefined {
  const at = c.pos;
  if (c.some(ALPHA) !== undefined) {
    c.pos = at + 1;
    c.run(SCHEME);
    const scheme = c.from(at).toLowerCase();
    if (c.eat(58) && scheme !== "sip" && scheme !== "sips" && scheme !== "tel") {
      const opaque = c.some(uric, true);
      if (opaque !== undefined) return { scheme, host: "", params: {}, headers: {}, opaque };
    }
  }
  c.pos = at;
  return undefined;
}

/** Request-URI, or a URI between < and >: SIP-URI / SIPS-URI / tel / absoluteURI. */
export function anyUri(c: Scanner): UriData | undefined {
  return sipUri(c, false) ?? telUri(c, false) ?? absoluteUri(c, URIC);
}

/** An addr-spec written without <>: no URI parameters or headers, no "," ";" "?" anywhere. */
export function plainUri(c: Scanner): UriData | undefined {
  return sipUri(c, true) ?? telUri(c, true) ?? absoluteUri(c, PLAIN_URIC);
}
