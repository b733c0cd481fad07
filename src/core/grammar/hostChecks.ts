/**
 * Checks the grammar makes on a matched run of host characters (RFC 3261 §25.1 hostname and
 * IPv4address, RFC 4291 / RFC 5118 IPv6 addresses).
 */

function isAlpha(c: number): boolean {
  return (c | 32) >= 97 && (c | 32) <= 122;
}

/** IPv4address with every octet of 1-3 digits and at most 255 (`s` from `start` to `end`). */
export function isIPv4(s: string, start = 0, end = s.length): boolean {
  let dots = 0;
  let digits = 0;
  let v = 0;
  for (let i = start; i < end; i++) {
    const c = s.charCodeAt(i);
    if (c === 46) {
      if (digits === 0) return false;
      dots++;
      digits = 0;
      v = 0;
    } else if (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      if (++digits > 3 || v > 255) return false;
    } else return false;
  }
  return dots === 3 && digits > 0;
}

/**
 * hostname = *( domainlabel "." ) toplabel [ "." ] (labels of alphanum with inner "-", the
 * toplabel starting with a letter) or an IPv4address. `s` from `from` to `n` holds only
 * alphanum, "-" and "." (checked in place: no substring).
 */
export function isHost(s: string, from: number, n: number): boolean {
  if (isIPv4(s, from, n)) return true;
  if (n > from + 1 && s.charCodeAt(n - 1) === 46) n--; // one trailing dot
  let start = from;
  for (let i = from; i <= n; i++) {
    if (i < n && s.charCodeAt(i) !== 46) continue;
    if (i === start || s.charCodeAt(start) === 45 || s.charCodeAt(i - 1) === 45) return false;
    if (i === n) return isAlpha(s.charCodeAt(start));
    start = i + 1;
  }
  return false;
}

/** Groups of 1-4 hex digits. */
function hex4(parts: string[]): boolean {
  return parts.every((p) => /^[0-9a-fA-F]{1,4}$/.test(p));
}

/**
 * RFC 4291 textual IPv6 address (RFC 5118 §4.3, §4.5), IPv4 tail allowed. RFC 5118 §4.4:
 * "x:::a.b.c.d", which RFC 3261's ABNF admitted by mistake, is read as "x::a.b.c.d".
 */
export function isIPv6(s: string): boolean {
  if (s.indexOf(":") === -1) return false;
  let h = s;
  const dot = s.indexOf(".");
  if (dot !== -1) {
    const c = s.lastIndexOf(":");
    if (c === -1 || c > dot || !isIPv4(s.slice(c + 1))) return false;
    h = s.slice(0, c + 1);
    if (h.endsWith("::", h.length - 1)) h = h.slice(0, -1);
    h += "0:0";
  }
  const dc = h.indexOf("::");
  if (dc === -1) {
    const g = h.split(":");
    return g.length === 8 && hex4(g);
  }
  if (h.indexOf("::", dc + 1) !== -1) return false;
  const left = dc === 0 ? [] : h.slice(0, dc).split(":");
  const right = dc + 2 === h.length ? [] : h.slice(dc + 2).split(":");
  return left.length + right.length <= 7 && hex4(left) && hex4(right);
}
