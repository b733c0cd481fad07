import type { ParseError } from "../../core/messages/errors.js";
import { headerKey } from "../../core/messages/headerNames.js";
import { randomToken } from "../randomToken.js";

/** Headers a response copies from its request (RFC 3261 §8.2.6.2), by canonical key. */
const COPIED: Record<string, string> = { via: "Via", from: "From", to: "To", "call-id": "Call-ID", cseq: "CSeq" };

/** A short, fixed reason phrase per fault (never text taken from the message); others get "Bad Request". */
const REASONS: Partial<Record<ParseError["code"], string>> = {
  CONTENT_LENGTH: "Bad Content-Length",
  BODY_TRUNCATED: "Body Shorter Than Content-Length",
  HEADER_LINE: "Malformed Header Line",
  MISSING_HEADER: "Missing Header",
  HEADER_VALUE: "Malformed Header",
};

/**
 * The 400 (Bad Request) for a request that could not be parsed (RFC 3261 §21.4.1; §18.3:
 * a datagram whose body is shorter than its Content-Length "SHOULD" get a 400), or undefined
 * when there must be no answer: a response, an ACK (§17.1.1.3: never answered), something
 * that is not a request line, a request without a usable Via to send the answer along, or
 * a message larger than any answer is worth (TOO_LARGE gets 513 instead, see below).
 *
 * Only the Via, From, To, Call-ID and CSeq lines are copied, as they arrived (unfolded,
 * without control characters), so that the client can match the answer to its transaction;
 * the To gets a tag when it has none. `text` is the header section as received.
 */
export function badRequestFor(text: string, error: ParseError): string | undefined {
  const headEnd = text.indexOf("\r\n\r\n");
  const head = (headEnd === -1 ? text : text.slice(0, headEnd)).replace(/^(\r\n)+/, "");
  const lines = head.replace(/\r?\n[ \t]+/g, " ").split(/\r?\n/);
  const start = lines[0] ?? "";
  const m = /^([A-Za-z0-9.!%*_+`'~-]+) .+ SIP\/\d+\.\d+$/.exec(start);
  if (m === null || m[1]!.toUpperCase() === "ACK") return undefined;
  const copied: string[] = [];
  let vias = 0;
  for (const line of lines.slice(1)) {
    const colon = line.indexOf(":");
    if (colon <= 0) continue;
    const name = COPIED[headerKey(line.slice(0, colon).trim())];
    if (name === undefined) continue;
    const value = line.slice(colon + 1).trim();
    // eslint-disable-next-line no-control-regex
    if (/[\x00-\x08\x0a-\x1f\x7f]/.test(value)) continue; // never echo what could forge a line
    if (name === "To" && !/;\s*tag\s*=/i.test(value)) copied.push(`To: ${value};tag=${randomToken(10)}`);
    else copied.push(`${name}: ${value}`);
    if (name === "Via") vias++;
  }
  if (vias === 0) return undefined;
  const status =
    error.code === "TOO_LARGE"
      ? "513 Message Too Large"
      : `400 ${error.code === "HEADER_VALUE" && error.header === "cseq" ? "Malformed CSeq" : (REASONS[error.code] ?? "Bad Request")}`;
  return `SIP/2.0 ${status}\r\n${copied.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`;
}
