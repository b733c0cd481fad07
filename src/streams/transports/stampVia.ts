import { headerKey } from "../../core/messages/headerNames.js";
import type { SipRequest } from "../../core/messages/SipRequest.js";
import type { SipResponse } from "../../core/messages/SipResponse.js";
import { splitList } from "../../core/messages/splitList.js";
import type { Via } from "../../core/messages/Via.js";
import { normalizeHost } from "./Flow.js";

/**
 * What a server transport does to the top Via of every request it receives (RFC 3261
 * §18.2.1, RFC 3581 §4): adds `received` with the source IP when the sent-by host is a
 * name or another address, and, when the client asked with an empty `rport`, fills in the
 * source port and adds `received` in any case. The response then goes back to where the
 * request came from (§18.2.2). Returns whether the message changed.
 */
export function stampVia(request: SipRequest, source: { host: string; port: number }): boolean {
  const ip = normalizeHost(source.host);
  return rewriteTopVia(request, (top) => {
    const params = top.params;
    let changed = false;
    const wantsRport = "rport" in params && (params["rport"] === null || params["rport"] === "");
    if (wantsRport) {
      params["rport"] = String(source.port);
      changed = true;
    }
    if ((wantsRport || normalizeHost(top.host) !== ip) && params["received"] !== ip) {
      params["received"] = ip;
      changed = true;
    }
    return changed;
  });
}

/**
 * Lets `mutate` change the top Via of a message and writes it back when it says it did.
 * Only the first Via line is rewritten; the other lines, and their order, stay as they were.
 */
export function rewriteTopVia(message: SipRequest | SipResponse, mutate: (top: Via) => boolean): boolean {
  const top = message.vias[0];
  if (top === undefined || !mutate(top)) return false;
  const lines = message.headers.filter(([name]) => headerKey(name) === "via").map(([, value]) => value);
  const first = splitList(lines[0]!);
  first[0] = top.toString();
  lines[0] = first.join(", ");
  message.setHeader("Via", lines[lines.length - 1]!);
  for (let i = lines.length - 2; i >= 0; i--) message.prependHeader("Via", lines[i]!);
  return true;
}
