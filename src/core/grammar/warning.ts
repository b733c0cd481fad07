/** Warning (RFC 3261 §20.43). */
import type { WarningData } from "./ast.js";
import { host, optionalPort } from "./hosts.js";
import type { Scanner } from "./Scanner.js";

/** warn-agent = hostport / pseudonym (a hostport only when whitespace follows it). */
function warnAgent(c: Scanner): string | undefined {
  const at = c.pos;
  c.quiet++;
  if (host(c) !== undefined) {
    optionalPort(c);
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
  const code = c.fixedDigits(3);
  const agent = code !== undefined && c.lws() ? warnAgent(c) : undefined;
  const text = agent !== undefined && c.lws() ? c.quoted() : undefined;
  if (text === undefined) {
    c.pos = at;
    return undefined;
  }
  return { code: code!, agent: agent!, text };
}
