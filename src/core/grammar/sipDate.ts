/** SIP-date = rfc1123-date (RFC 3261 §20.17, RFC 2616 §3.3.1), "GMT" required. */
import { Fault, type Scanner } from "./Scanner.js";

const DAYS = "mon tue wed thu fri sat sun".split(" ");
const MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split(" ");

/** month = "Jan" / "Feb" / ... (any case), as 0-11. */
function month(c: Scanner): number | undefined {
  const m = c.src.substr(c.pos, 3);
  const i = /^[a-zA-Z]{3}$/.test(m) ? MONTHS.indexOf(m.toLowerCase()) : -1;
  if (i === -1) return c.fail();
  c.pos += 3;
  return i;
}

/** wkday "," SP date1 SP time SP "GMT", as epoch milliseconds; a day that does not exist is a {@link Fault}. */
export function sipDate(c: Scanner): number | undefined {
  if (!DAYS.includes(c.src.substr(0, 3).toLowerCase())) return c.fail();
  c.pos = 3;
  if (!c.eat(44) || !c.lws()) return undefined;
  const d = c.fixedDigits(2);
  if (d === undefined || !c.lws()) return undefined;
  const mon = month(c);
  if (mon === undefined || !c.lws()) return undefined;
  const y = c.fixedDigits(4);
  if (y === undefined || !c.lws()) return undefined;
  const h = c.fixedDigits(2);
  if (h === undefined || !c.eat(58)) return undefined;
  const m = c.fixedDigits(2);
  if (m === undefined || !c.eat(58)) return undefined;
  const s = c.fixedDigits(2);
  if (s === undefined || !c.lws() || !c.lit("GMT")) return undefined;
  const t = Date.UTC(y, mon, d, h, m, s);
  if (d < 1 || h > 23 || m > 59 || s > 59 || new Date(t).getUTCDate() !== d) throw new Fault(0, "invalid date");
  return t;
}
