/** Warning (RFC 3261 §20.43). */
import type { WarningData } from "./ast.js";
import { host, optionalPort } from "./hosts.js";
import type { Scanner } from "./Scanner.js";

/** warn-agent = hostport / pseudonym (a hostport only when whitespace follows it). */
function warnAgent(c: Scanner): string | undefined {
  const at = c.pos;
  c.quiet++;
  if (host(c) !== undefined) {
    optionalPort(c, (c) => c.eat(58));
    const next = c.src.charCodeAt(c.pos);
    if (next !== 32 && next !== 9) c.pos = at;
  }
  const agent = c.pos > at ? c.from(at) : c.token();
  c.quiet--;
  return agent ?? c.fail();
}

/** warning-value = warn-code SP warn-agent SP warn-text */
export function warningValue(c: Scanner): WarningData | undefined {
  const at = c.pos;
  for (let i = 0; i < 3; i++) {
    const d = c.src.charCodeAt(c.pos);
    if (!(d >= 48 && d <= 57)) {
      c.fail();
      c.pos = at;
      return undefined;
    }
    c.pos++;
  }
  const code = +c.from(at);
  const agent = c.lws() ? warnAgent(c) : undefined;
  const text = agent !== undefined && c.lws() ? c.quoted() : undefined;
  if (text === undefined) {
    c.pos = at;
    return undefined;
  }
  return { code, agent: agent!, text };
}
