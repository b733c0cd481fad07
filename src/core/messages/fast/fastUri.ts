import type { Params, UriData } from "../../grammar/ast.js";
import { HNVCHAR, HOSTCHAR, lowerAscii, PARAMCHAR, USER } from "../charClasses.js";

/**
 * Hand-written fast path for the common shape of a SIP/SIPS URI:
 * `sip[s]:[user@]host[:port][;param[=value]]*`, with no escapes, no password, no IPv6
 * reference and no `?headers`. It returns `null` for anything else (or anything it
 * cannot vouch for), and the caller then asks the grammar, which is the authority.
 * What it accepts it returns exactly as the grammar would.
 */
export function fastUri(s: string, start: number, end: number): UriData | null {
  let i = start;
  let scheme: string;
  if (
    end - i > 4 &&
    (s.charCodeAt(i) | 32) === 115 && // s
    (s.charCodeAt(i + 1) | 32) === 105 && // i
    (s.charCodeAt(i + 2) | 32) === 112 // p
  ) {
    if (s.charCodeAt(i + 3) === 58) {
      scheme = "sip";
      i += 4;
    } else if ((s.charCodeAt(i + 3) | 32) === 115 && s.charCodeAt(i + 4) === 58) {
      scheme = "sips";
      i += 5;
    } else return null;
  } else return null;

  // userinfo: up to the first "@" before any ";" that could start parameters.
  let user: string | undefined;
  const at = s.indexOf("@", i);
  if (at !== -1 && at < end) {
    if (at === i) return null;
    for (let j = i; j < at; j++) {
      const c = s.charCodeAt(j);
      if (c >= 128 || USER[c] === 0) return null; // "%", ":" (password) or an illegal char
    }
    user = s.slice(i, at);
    i = at + 1;
  }

  // host: hostname or IPv4address
  const hostStart = i;
  while (i < end) {
    const c = s.charCodeAt(i);
    if (c >= 128 || HOSTCHAR[c] === 0) break;
    i++;
  }
  if (i === hostStart || !validHost(s, hostStart, i)) return null;
  const host = s.slice(hostStart, i);

  let port: number | undefined;
  if (i < end && s.charCodeAt(i) === 58) {
    i++;
    const ps = i;
    let p = 0;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      p = p * 10 + (c - 48);
      i++;
    }
    if (i === ps || i - ps > 5 || p > 65535) return null;
    port = p;
  }

  const params: Params = {};
  while (i < end && s.charCodeAt(i) === 59) {
    i++;
    const ns = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c >= 128 || PARAMCHAR[c] === 0) break;
      i++;
    }
    if (i === ns) return null;
    const name = lowerAscii(s.slice(ns, i));
    let value: string | null = null;
    if (i < end && s.charCodeAt(i) === 61) {
      i++;
      const vs = i;
      while (i < end) {
        const c = s.charCodeAt(i);
        if (c >= 128 || PARAMCHAR[c] === 0) break;
        i++;
      }
      if (i === vs) return null;
      value = s.slice(vs, i);
    }
    if (name in params) return null; // duplicate names: leave to the grammar
    params[name] = value;
  }
  const headers: Record<string, string> = {};
  if (i < end && s.charCodeAt(i) === 63) {
    // ?hname=hvalue&... (RFC 3261 §19.1.1), escapes of ASCII characters undone once
    i++;
    while (true) {
      const ns = i;
      while (i < end && s.charCodeAt(i) !== 61 && s.charCodeAt(i) !== 38) i++;
      const name = unescapeAscii(s, ns, i, HNVCHAR);
      if (name === null || name === "" || i >= end || s.charCodeAt(i) !== 61) return null;
      i++;
      const vs = i;
      while (i < end && s.charCodeAt(i) !== 38) i++;
      const value = unescapeAscii(s, vs, i, HNVCHAR);
      if (value === null || name in headers) return null;
      headers[name] = value;
      if (i === end) break;
      i++; // "&"
    }
  }
  if (i !== end) return null;
  const uri: UriData = { scheme, host, params, headers };
  if (user !== undefined) uri.user = user;
  if (port !== undefined) uri.port = port;
  return uri;
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ], labels of alphanum and inner "-",
 * toplabel starting with a letter; or an IPv4address of four decimal octets.
 */
export function validHost(s: string, start: number, end: number): boolean {
  let labelStart = start;
  let allDigits = true;
  let labels = 0;
  let lastLabelStart = start;
  let lastLabelEnd = end;
  let i = start;
  for (; i <= end; i++) {
    const c = i < end ? s.charCodeAt(i) : 46;
    if (c === 46) {
      if (i === labelStart) {
        // empty label: allowed only as a single trailing dot of a hostname
        if (i === end && labels > 0 && s.charCodeAt(end - 1) === 46) break;
        return false;
      }
      if (s.charCodeAt(labelStart) === 45 || s.charCodeAt(i - 1) === 45) return false;
      labels++;
      lastLabelStart = labelStart;
      lastLabelEnd = i;
      labelStart = i + 1;
    } else if (c < 48 || c > 57) {
      allDigits = false;
    }
  }
  if (allDigits) {
    if (labels !== 4 || s.charCodeAt(end - 1) === 46) return false;
    let label = 0;
    let digits = 0;
    for (let j = start; j <= end; j++) {
      const c = j < end ? s.charCodeAt(j) : 46;
      if (c === 46) {
        if (digits > 3 || label > 255) return false;
        label = 0;
        digits = 0;
      } else {
        label = label * 10 + (c - 48);
        digits++;
      }
    }
    return true;
  }
  const top = s.charCodeAt(lastLabelStart);
  if (!((top >= 65 && top <= 90) || (top >= 97 && top <= 122))) return false;
  return lastLabelEnd > lastLabelStart;
}

/**
 * The characters of `s` from `start` to `end`, all in `allowed` or `%HH` escapes of ASCII
 * characters, with the escapes undone (once). Null for anything else (non-ASCII escapes,
 * bad escapes, other characters): the grammar decides those.
 */
function unescapeAscii(s: string, start: number, end: number, allowed: Uint8Array): string | null {
  let out = "";
  let from = start;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 37) {
      if (i + 2 >= end) return null;
      const h = hexValue(s.charCodeAt(i + 1));
      const l = hexValue(s.charCodeAt(i + 2));
      if (h < 0 || l < 0) return null;
      const code = h * 16 + l;
      if (code >= 128) return null;
      out += s.slice(from, i) + String.fromCharCode(code);
      i += 2;
      from = i + 1;
    } else if (c >= 128 || allowed[c] === 0) return null;
  }
  return from === start ? s.slice(start, end) : out + s.slice(from, end);
}

function hexValue(c: number): number {
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 70) return c - 55;
  if (c >= 97 && c <= 102) return c - 87;
  return -1;
}
