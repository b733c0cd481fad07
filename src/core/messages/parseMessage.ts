import { parseHeaderValue } from "../grammar/index.js";
import { controlAt, firstOut, TOKEN, utf8Length } from "./charClasses.js";
import { ParseError } from "./errors.js";
import { headerKey } from "./headerNames.js";
import { SipRequest } from "./SipRequest.js";
import { SipResponse } from "./SipResponse.js";
import { Uri } from "./Uri.js";

/** A parsed message: a request or a response (tell them apart with `instanceof SipRequest`). */
export type SipMessageAny = SipRequest | SipResponse;

/** Options of {@link parseMessage}. */
export interface ParseOptions {
  /** Largest message accepted, in octets (default 65536). */
  maxSize?: number;
}

/**
 * The largest message {@link parseMessage} and the stream framer accept unless told otherwise: 65536 octets,
 * the largest UDP datagram.
 *
 * @example
 * ```ts
 * import { DEFAULT_MAX_MESSAGE_SIZE, parseMessage } from "rxsip/core";
 * declare const datagram: Uint8Array;
 *
 * // accept larger messages than the default 64 KiB, e.g. with big SDP bodies over TCP
 * parseMessage(datagram, { maxSize: 4 * DEFAULT_MAX_MESSAGE_SIZE });
 * ```
 */
export const DEFAULT_MAX_MESSAGE_SIZE = 65536;

const utf8 = new TextDecoder("utf-8");
const VERSION = /^SIP\/\d+\.\d+$/i;

/**
 * Parses one complete SIP message (a datagram, or a message the stream framer cut out).
 *
 * Framing follows RFC 3261 §7.5 / §18.3: leading CRLFs are skipped, the header section
 * ends at the first empty line, Content-Length (when present) says how many octets of
 * what follows are the body and the rest is ignored (RFC 4475 §3.1.1.8); without it the
 * body is everything that follows. The start line and the headers every message needs
 * are checked here (see `SipMessage.validateCore`); other headers when first read.
 *
 * @throws ParseError with a stable `code` and the offset of the fault.
 *
 * @example
 * ```ts
 * import { parseMessage } from "rxsip/core";
 *
 * const message = parseMessage(
 *   "OPTIONS sip:example.com SIP/2.0\r\n" +
 *     "Via: SIP/2.0/UDP 192.0.2.4;branch=z9hG4bK776\r\n" +
 *     "Max-Forwards: 70\r\n" +
 *     "From: <sip:alice@example.com>;tag=1928301774\r\n" +
 *     "To: <sip:example.com>\r\n" +
 *     "Call-ID: a84b4c76e66710\r\n" +
 *     "CSeq: 1 OPTIONS\r\n" +
 *     "Content-Length: 0\r\n\r\n",
 * );
 * console.log(message.isRequest, message.callId); // true a84b4c76e66710
 * ```
 */
export function parseMessage(input: string | Uint8Array, options?: ParseOptions): SipMessageAny {
  const max = options?.maxSize ?? DEFAULT_MAX_MESSAGE_SIZE;
  let text: string;
  let bytes: Uint8Array | undefined;
  /** Where the body starts in `bytes`, in octets. */
  let bodyOctet = 0;
  const isText = typeof input === "string";
  if (input.length > max || (isText && input.length * 3 > max && utf8Length(input) > max)) {
    throw new ParseError("TOO_LARGE", `message larger than ${max} octets`, max);
  }
  if (isText) {
    text = input;
  } else {
    bytes = input;
    const end = findHeaderEndBytes(input);
    bodyOctet = end + 4;
    // decode only the header section; the body is cut by octets below (without an end, the text has none either)
    text = utf8.decode(end === -1 ? input : input.subarray(0, bodyOctet));
  }

  let pos = 0;
  while (text.charCodeAt(pos) === 13 && text.charCodeAt(pos + 1) === 10) pos += 2;
  if (pos >= text.length) throw new ParseError("EMPTY", "no message", pos);
  const headerEnd = text.indexOf("\r\n\r\n", pos);
  if (headerEnd === -1) throw new ParseError("NO_HEADER_END", "the header section has no end (empty line)", text.length);
  // §25.1: a NUL appears in a header only as a quoted-pair ("\" %x00, RFC 4475 §3.1.1.2);
  // anywhere else it is a fault (an escaped %00 in a URI is text, not a NUL)
  for (let nul = text.indexOf("\0", pos); nul !== -1 && nul < headerEnd; nul = text.indexOf("\0", nul + 1)) {
    if (text.charCodeAt(nul - 1) !== 92) throw new ParseError("HEADER_LINE", "NUL in the header section", nul);
  }

  let lineEnd = text.indexOf("\r\n", pos);
  const msg = parseStartLine(text, pos, lineEnd);

  // header lines
  let contentLength = -1;
  pos = lineEnd + 2;
  while (pos < headerEnd + 2) {
    lineEnd = text.indexOf("\r\n", pos);
    const lineStart = pos;
    const next = lineEnd + 2;
    let name: string;
    let value: string;
    if (next < headerEnd + 2 && (text.charCodeAt(next) === 32 || text.charCodeAt(next) === 9)) {
      // a folded header (RFC 3261 §7.3.1): CRLF followed by SP/HT is one SP
      const line0 = text.slice(pos, lineEnd);
      checkLine(line0, lineStart);
      const parts = [line0.trimEnd()];
      pos = next;
      while (pos < headerEnd + 2 && (text.charCodeAt(pos) === 32 || text.charCodeAt(pos) === 9)) {
        lineEnd = text.indexOf("\r\n", pos);
        const more = text.slice(pos, lineEnd);
        checkLine(more, pos);
        parts.push(more.trim());
        pos = lineEnd + 2;
      }
      const line = parts.join(" ");
      const colon = line.indexOf(":");
      if (colon <= 0) throw new ParseError("HEADER_LINE", "header line without a name and colon", lineStart);
      name = headerName(line, 0, colon, lineStart);
      value = line.slice(colon + 1).trim();
    } else {
      // the common case, read in place: no copy of the line
      if (text.indexOf("\r", pos) !== lineEnd || text.indexOf("\n", pos) !== lineEnd + 1) {
        throw new ParseError("HEADER_LINE", "bare CR or LF inside a line", lineStart);
      }
      const colon = text.indexOf(":", pos);
      if (colon === -1 || colon >= lineEnd || colon === pos) {
        throw new ParseError("HEADER_LINE", "header line without a name and colon", lineStart);
      }
      name = headerName(text, pos, colon, lineStart);
      let vs = colon + 1;
      let ve = lineEnd;
      while (vs < ve && (text.charCodeAt(vs) === 32 || text.charCodeAt(vs) === 9)) vs++;
      while (ve > vs && (text.charCodeAt(ve - 1) === 32 || text.charCodeAt(ve - 1) === 9)) ve--;
      value = text.slice(vs, ve);
      pos = next;
    }
    const key = headerKey(name);
    if (key === "content-length") {
      const cl = contentLengthOf(value, lineStart);
      if (contentLength !== -1 && cl !== contentLength) {
        throw new ParseError("CONTENT_LENGTH", "conflicting Content-Length values", lineStart);
      }
      contentLength = cl;
    }
    msg.pushRaw(name, key, value);
  }

  // body
  const bodyStart = headerEnd + 4;
  if (bytes !== undefined) {
    const available = bytes.length - bodyOctet;
    checkPresent(contentLength, available, bodyStart);
    const body = bytes.subarray(bodyOctet, contentLength === -1 ? bytes.length : bodyOctet + contentLength);
    if (body.length > 0) {
      msg.body = utf8.decode(body);
      msg.bodyBytes = body;
    }
  } else if (bodyStart < text.length || contentLength > 0) {
    msg.setCutBody(cutBody(text, bodyStart, contentLength));
  }

  msg.validateCore();
  return msg;
}

/** The header name of `s` from `start` to the colon at `colon` (HCOLON allows SP/HT before it); a token. */
function headerName(s: string, start: number, colon: number, offset: number): string {
  let end = colon;
  while (end > start && (s.charCodeAt(end - 1) === 32 || s.charCodeAt(end - 1) === 9)) end--;
  if (end === start) throw new ParseError("HEADER_LINE", "empty header name", offset);
  const bad = firstOut(TOKEN, s, start, end);
  if (bad !== -1) throw new ParseError("HEADER_LINE", "header name is not a token", offset + bad - start);
  return s.slice(start, end);
}

/** Lines end in CRLF: a bare CR or LF inside a line is malformed (RFC 3261 §7). */
function checkLine(line: string, offset: number): void {
  const bad = line.search(/[\r\n]/);
  if (bad !== -1) throw new ParseError("HEADER_LINE", "bare CR or LF inside a line", offset + bad);
}

function parseStartLine(text: string, start: number, end: number): SipRequest | SipResponse {
  const line = text.slice(start, end);
  checkLine(line, start);
  if (line.length >= 4 && line.charCodeAt(3) === 47 && line.slice(0, 3).toUpperCase() === "SIP") {
    // Status-Line = SIP-Version SP Status-Code SP Reason-Phrase
    const sp = line.indexOf(" ");
    const version = sp === -1 ? line : line.slice(0, sp);
    if (!VERSION.test(version)) throw new ParseError("VERSION", "malformed SIP-Version", start);
    const code = line.slice(sp + 1, sp + 4);
    const after = line.charCodeAt(sp + 4);
    if (sp === -1 || !/^[1-6]\d\d$/.test(code) || !(Number.isNaN(after) || after === 32)) {
      throw new ParseError("STATUS_CODE", "malformed Status-Code", start + sp + 1);
    }
    const reason = line.slice(sp + 5);
    const bad = controlAt(reason);
    if (bad !== -1) throw new ParseError("START_LINE", "control character in Reason-Phrase", start + sp + 5 + bad);
    const res = new SipResponse(Number(code), reason);
    res.version = version;
    return res;
  }
  // Request-Line = Method SP Request-URI SP SIP-Version
  const sp1 = line.indexOf(" ");
  const sp2 = line.lastIndexOf(" ");
  if (sp1 <= 0 || sp2 === sp1) throw new ParseError("START_LINE", "malformed Request-Line", start);
  const method = line.slice(0, sp1);
  const bad = firstOut(TOKEN, method);
  if (bad !== -1) throw new ParseError("METHOD", "Method is not a token", start + bad);
  const version = line.slice(sp2 + 1);
  if (!VERSION.test(version)) throw new ParseError("VERSION", "malformed SIP-Version", start + sp2 + 1);
  const ruriData = parseRequestUri(line.slice(sp1 + 1, sp2), start + sp1 + 1);
  const req = new SipRequest(method, new Uri(ruriData));
  req.version = version;
  return req;
}

function parseRequestUri(s: string, offset: number) {
  try {
    return parseHeaderValue("Uri", s, "request-uri");
  } catch (e) {
    const inner = e instanceof ParseError ? e.offset : 0;
    throw new ParseError("REQUEST_URI", "malformed Request-URI", offset + inner);
  }
}

function contentLengthOf(value: string, offset: number): number {
  try {
    return parseHeaderValue("Integer", value, "content-length");
  } catch {
    throw new ParseError("CONTENT_LENGTH", "malformed Content-Length", offset);
  }
}

/** The body of a message given as text: Content-Length counts UTF-8 octets, not characters. */
const NON_ASCII = /[^\x00-\x7f]/g;

function cutBody(text: string, start: number, contentLength: number): string {
  if (contentLength === -1) return text.slice(start);
  const rest = text.length - start;
  // fast path: no non-ASCII character within the first contentLength characters
  NON_ASCII.lastIndex = start;
  const found = NON_ASCII.test(text) ? NON_ASCII.lastIndex - 1 : text.length;
  if (found >= start + contentLength) {
    checkPresent(contentLength, rest, start);
    return text.slice(start, start + contentLength);
  }
  const bytes = new TextEncoder().encode(text.slice(start));
  checkPresent(contentLength, bytes.length, start);
  return utf8.decode(bytes.subarray(0, contentLength));
}

/** BODY_TRUNCATED (at `offset`, where the body starts) when Content-Length asks for more octets than are `present`. */
function checkPresent(contentLength: number, present: number, offset: number): void {
  if (contentLength > present) {
    throw new ParseError("BODY_TRUNCATED", `Content-Length ${contentLength} exceeds the ${present} octets present`, offset);
  }
}

/** Offset of the CRLFCRLF that ends the header section, in octets; -1 when absent. */
function findHeaderEndBytes(b: Uint8Array): number {
  let i = 0;
  // leading CRLFs skipped: an empty line before the start line does not end the headers
  while (b[i] === 13 && b[i + 1] === 10) i += 2;
  for (; i + 3 < b.length; i++) if (b[i] === 13 && b[i + 1] === 10 && b[i + 2] === 13 && b[i + 3] === 10) return i;
  return -1;
}
