/** host, port and IPv6 references (RFC 3261 §25.1, RFC 5118). */
import { HOSTCHAR } from "../messages/charClasses.js";
import { IPV6 } from "./charSets.js";
import { isHost, isIPv6 } from "./hostChecks.js";
import type { Scanner } from "./Scanner.js";

/** A run of `IPV6` characters that is an IPv6 address. */
export function ipv6Address(c: Scanner): string | undefined {
  const a = c.some(IPV6);
  if (a !== undefined && isIPv6(a)) return a;
  c.pos -= a?.length ?? 0;
  return undefined;
}

/** IPv6reference = "[" IPv6address "]", kept with its brackets. */
export function ipv6Reference(c: Scanner): string | undefined {
  const at = c.pos;
  if (c.eat(91)) {
    const a = c.some(IPV6);
    if (a !== undefined && c.eat(93) && isIPv6(a)) return "[" + a + "]";
  }
  c.pos = at;
  return undefined;
}

/** host = hostname / IPv4address / IPv6reference, as written. */
export function host(c: Scanner): string | undefined {
  c.quiet++;
  let h = ipv6Reference(c);
  if (h === undefined) {
    const at = c.run(HOSTCHAR);
    if (c.pos > at && isHost(c.src, at, c.pos)) h = c.from(at);
    else c.pos = at;
  }
  c.quiet--;
  return h ?? c.fail();
}

/** port = 1*DIGIT, at most 65535. */
function port(c: Scanner): number | undefined {
  const at = c.pos;
  const p = c.digits();
  if (p !== undefined && p <= 65535) return p;
  c.pos = at;
  return c.fail();
}

/** [ ":" port ] (SP/HT around the colon when `spaced`): the port, or `null` (and nothing consumed) when there is none. */
export function optionalPort(c: Scanner, spaced?: boolean): number | null {
  const at = c.pos;
  if (spaced ? c.sep(58) : c.eat(58)) {
    const p = port(c);
    if (p !== undefined) return p;
  }
  c.pos = at;
  return null;
}
