import type { CSeqData, NameAddrData, Params, ViaData } from "../../grammar/ast.js";
import { HOSTCHAR, lowerAscii, TOKEN, upperAscii, WORD } from "../charClasses.js";
import { fastUri, validHost } from "./fastUri.js";

/*
 * Hand-written fast paths for the headers every message carries. Each accepts only the
 * common, unambiguous shape and returns `null` otherwise, so that the grammar decides;
 * what a fast path accepts it returns exactly as the grammar would (checked by
 * test/core/messages/fastPaths.test.ts against the grammar).
 */

const MAX_U32 = 4294967295;

/** 1*DIGIT up to 2^32-1 (leading zeros allowed); -1 when not that. */
export function fastInteger(s: string): number {
  const n = s.length;
  if (n === 0 || n > 10) return -1; // longer runs (leading zeros) are left to the grammar
  let v = 0;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return -1;
    v = v * 10 + (c - 48);
  }
  return v > MAX_U32 ? -1 : v;
}

/** CSeq: `1*DIGIT LWS Method` with one space. */
export function fastCSeq(s: string): CSeqData | null {
  const sp = s.indexOf(" ");
  if (sp <= 0) return null;
  const seq = fastInteger(s.slice(0, sp));
  if (seq < 0) return null;
  const method = s.slice(sp + 1);
  if (method.length === 0 || !isToken(method)) return null;
  return { seq, method };
}

/** Call-ID: `word ["@" word]`. */
export function fastCallId(s: string): string | null {
  if (s.length === 0) return null;
  let at = false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 64) {
      if (at || i === 0 || i === s.length - 1) return null;
      at = true;
    } else if (c >= 128 || WORD[c] === 0) return null;
  }
  return s;
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) return false;
  }
  return true;
}

/**
 * `;name[=token]` header parameters from `i` to the end of `s`, no whitespace.
 * Returns null when anything else appears.
 */
function fastParams(s: string, i: number, end: number, params: Params): boolean {
  while (i < end) {
    if (s.charCodeAt(i) !== 59) return false;
    i++;
    const ns = i;
    while (i < end) {
      const c = s.charCodeAt(i);
      if (c >= 128 || TOKEN[c] === 0) break;
      i++;
    }
    if (i === ns) return false;
    const name = lowerAscii(s.slice(ns, i));
    let value: string | null = null;
    if (i < end && s.charCodeAt(i) === 61) {
      i++;
      const vs = i;
      if (s.charCodeAt(i) === 34) {
        // quoted-string without quoted-pairs (the grammar takes those)
        const close = s.indexOf('"', i + 1);
        if (close === -1 || close >= end) return false;
        for (let j = i + 1; j < close; j++) {
          const c = s.charCodeAt(j);
          if (c === 92 || (c < 32 && c !== 9) || c === 127) return false;
        }
        value = s.slice(i + 1, close);
        i = close + 1;
      } else {
        while (i < end) {
          const c = s.charCodeAt(i);
          if (c >= 128 || TOKEN[c] === 0) break;
          i++;
        }
        if (i === vs) return false;
        value = s.slice(vs, i);
      }
    }
    if (name in params) return false;
    params[name] = value;
  }
  return true;
}

/** `token;params` values (Event, Subscription-State) and `delta;params` (Session-Expires). */
export function fastTokenWithParams(s: string): { head: string; params: Params } | null {
  let i = 0;
  while (i < s.length) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) break;
    i++;
  }
  if (i === 0) return null;
  const params: Params = {};
  if (!fastParams(s, i, s.length, params)) return null;
  return { head: s.slice(0, i), params };
}

/** From / To / a single Contact or Route in name-addr form: `["display" | token] <uri>;params`. */
export function fastNameAddr(s: string): NameAddrData | null {
  return fastNameAddrAt(s, 0, s.length);
}

function fastNameAddrAt(s: string, start: number, end: number): NameAddrData | null {
  let i = start;
  let displayName: string | undefined;
  const c0 = s.charCodeAt(i);
  if (c0 === 34) {
    // quoted display name without quoted-pairs
    const close = s.indexOf('"', i + 1);
    if (close === -1 || close >= end) return null;
    for (let j = i + 1; j < close; j++) {
      const c = s.charCodeAt(j);
      if (c === 92 || c < 32 || c === 127) return null;
    }
    displayName = s.slice(i + 1, close);
    i = close + 1;
    if (s.charCodeAt(i) === 32) i++;
    if (s.charCodeAt(i) !== 60) return null;
  } else if (c0 !== 60) {
    // token display name: tokens separated by single spaces, then one space and "<"
    const lt = s.indexOf("<", i);
    if (lt === -1 || lt >= end || lt < i + 2 || s.charCodeAt(lt - 1) !== 32) return null;
    let prevSpace = false;
    for (let j = i; j < lt - 1; j++) {
      const c = s.charCodeAt(j);
      if (c === 32) {
        if (prevSpace) return null;
        prevSpace = true;
      } else if (c >= 128 || TOKEN[c] === 0) return null;
      else prevSpace = false;
    }
    if (prevSpace) return null;
    displayName = s.slice(i, lt - 1);
    i = lt;
  }
  const gt = s.indexOf(">", i);
  if (gt === -1 || gt >= end) return null;
  const uri = fastUri(s, i + 1, gt);
  if (uri === null) return null;
  const params: Params = {};
  if (!fastParams(s, gt + 1, end, params)) return null;
  const na: NameAddrData = { uri, params };
  if (displayName !== undefined) na.displayName = displayName;
  return na;
}

/** Contact / Route lists: name-addr values separated by "," (outside quotes and <>) with optional spaces. */
export function fastNameAddrList(s: string): NameAddrData[] | null {
  const out: NameAddrData[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    // the element ends at the first comma outside a quoted string and outside <...>
    let end = i;
    let quoted = false;
    let angle = false;
    for (; end < n; end++) {
      const c = s.charCodeAt(end);
      if (quoted) {
        if (c === 92) return null; // quoted-pair: leave to the grammar
        if (c === 34) quoted = false;
      } else if (c === 34) quoted = true;
      else if (c === 60) angle = true;
      else if (c === 62) angle = false;
      else if (c === 44 && !angle) break;
    }
    if (quoted || angle) return null;
    let e = end;
    while (e > i && s.charCodeAt(e - 1) === 32) e--;
    const na = fastNameAddrAt(s, i, e);
    if (na === null) return null;
    out.push(na);
    i = end + 1;
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (end < n && i >= n) return null; // trailing comma
  }
  return out.length > 0 ? out : null;
}

/** Via list: `SIP/2.0/TRANSPORT host[:port];params` values separated by ",". */
export function fastVia(s: string): ViaData[] | null {
  const out: ViaData[] = [];
  const n = s.length;
  let i = 0;
  while (i < n) {
    if (s.charCodeAt(i) !== 83 || s.charCodeAt(i + 1) !== 73 || s.charCodeAt(i + 2) !== 80 || s.charCodeAt(i + 3) !== 47) {
      return null;
    }
    const slash = s.indexOf("/", i + 4);
    const sp = s.indexOf(" ", i + 4);
    if (slash === -1 || sp === -1 || slash > sp) return null;
    const version = s.slice(i + 4, slash);
    if (!isToken(version)) return null;
    const transport = s.slice(slash + 1, sp);
    if (!isToken(transport)) return null;
    let end = s.indexOf(",", sp);
    if (end === -1) end = n;
    let e = end;
    while (e > sp && s.charCodeAt(e - 1) === 32) e--;
    // sent-by: hostname or IPv4 (IPv6 references go to the grammar), optional port
    const hs = sp + 1;
    let j = hs;
    while (j < e) {
      const c = s.charCodeAt(j);
      if (c === 58 || c === 59) break;
      j++;
    }
    for (let k = hs; k < j; k++) {
      const c = s.charCodeAt(k);
      if (c >= 128 || HOSTCHAR[c] === 0) return null;
    }
    if (j === hs || !validHost(s, hs, j)) return null;
    const host = s.slice(hs, j);
    let port: number | undefined;
    if (j < e && s.charCodeAt(j) === 58) {
      let k = j + 1;
      let p = 0;
      while (k < e) {
        const c = s.charCodeAt(k);
        if (c < 48 || c > 57) break;
        p = p * 10 + (c - 48);
        k++;
      }
      if (k === j + 1 || k - j - 1 > 5 || p > 65535 || p === 0) return null;
      port = p;
      j = k;
    }
    const params: Params = {};
    if (!fastParams(s, j, e, params)) return null;
    const via: ViaData = { protocol: version === "2.0" ? "SIP/2.0" : "SIP/" + version, transport: upperAscii(transport), host, params };
    if (port !== undefined) via.port = port;
    out.push(via);
    i = end + 1;
    while (i < n && s.charCodeAt(i) === 32) i++;
    if (end < n && i >= n) return null;
  }
  return out.length > 0 ? out : null;
}
