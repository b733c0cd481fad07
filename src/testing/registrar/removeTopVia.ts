import { headerKey, splitList, type SipResponse } from "../../core/messages/index.js";

/**
 * Takes the proxy's own Via off a response before relaying it (RFC 3261 §16.7 step 3:
 * "The proxy removes the topmost Via header field value from the response"). Only the
 * first value goes; the others, and how they are spread over lines, stay as they were.
 */
export function removeTopVia(response: SipResponse): void {
  const lines = response.headers.filter(([name]) => headerKey(name) === "via").map(([, value]) => value);
  if (lines.length === 0) return;
  const first = splitList(lines[0]!);
  first.shift();
  if (first.length > 0) lines[0] = first.join(", ");
  else lines.shift();
  if (lines.length === 0) {
    response.removeHeader("Via");
    return;
  }
  response.setHeader("Via", lines[lines.length - 1]!);
  for (let i = lines.length - 2; i >= 0; i--) response.prependHeader("Via", lines[i]!);
}
