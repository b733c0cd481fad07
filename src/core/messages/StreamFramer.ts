import { MessageTooLargeError, ParseError } from "./errors.js";

/** Same default as `parseMessage` (64 KiB); kept here so the framer needs nothing but the errors. */
const DEFAULT_MAX_MESSAGE_SIZE = 65536;

/**
 * What the framer found in the bytes it was given, in order.
 *
 * - `message`: the octets of one complete SIP message (start line, headers, CRLF CRLF and
 *   exactly Content-Length octets of body), ready for `parseMessage`.
 * - `pong`: a CRLF between messages (RFC 5626 §4.4.1 "pong", or a CRLF that RFC 3261 §7.5
 *   says to ignore before a start line).
 * - `ping`: a second CRLF right after a first one: a CRLF CRLF "ping" (RFC 5626 §4.4.1),
 *   which the transport answers with a CRLF pong. A ping therefore reads as `pong`, `ping`:
 *   the first CRLF cannot be told from a pong until the second arrives, and holding it
 *   back would delay a real pong for as long as the peer stays silent. For the same
 *   reason two pongs in a row, however far apart, read as `pong`, `ping`: whoever waits
 *   for a pong should count a `ping` as one too.
 * - `skipped`: a message whose Content-Length takes it past the limit. Its header section
 *   is in `head` (so that a request can be answered 513); its body is skipped as it
 *   arrives, never buffered, and framing goes on after it.
 * - `error`: the stream cannot be framed any further (no Content-Length, a malformed one,
 *   or a header section larger than the limit). It is always the last event; the framer is then
 *   `failed` and ignores further input until `reset()`. The transport closes the connection.
 *   When the header section was complete (a missing or malformed Content-Length), `head`
 *   holds it, so a request can still be answered 400 before the connection closes.
 */
export type FramerEvent =
  | { readonly type: "message"; readonly bytes: Uint8Array }
  | { readonly type: "ping" }
  | { readonly type: "pong" }
  | { readonly type: "skipped"; readonly error: MessageTooLargeError; readonly head: Uint8Array }
  | { readonly type: "error"; readonly error: ParseError | MessageTooLargeError; readonly head?: Uint8Array };

export interface StreamFramerOptions {
  /** Largest message accepted, in octets, headers and body together (default 65536). */
  maxSize?: number;
}

const CR = 13;
const LF = 10;

const enum Mode {
  /** Between messages. */
  Idle,
  /** Between messages, after a CR. */
  IdleCr,
  /** Inside the header section (start line included). */
  Headers,
  /** Inside the body: `remaining` octets to go. */
  Body,
  /** Inside the body of a message too large: `remaining` octets to drop. */
  Skip,
  /** After an error; input is ignored. */
  Failed,
}

const PING: FramerEvent = Object.freeze({ type: "ping" });
const PONG: FramerEvent = Object.freeze({ type: "pong" });

/**
 * Cuts SIP messages out of a byte stream (TCP, TLS; RFC 3261 §18.3): several messages in
 * one chunk, one message over many chunks, CRLF keep-alives between messages.
 *
 * Content-Length (or its compact form `l`) decides where the body ends; on a stream it is
 * mandatory, so a header section without it is an error. Every octet is looked at once:
 * the scan for the end of the header section resumes where the previous chunk stopped,
 * and the header section is read once, when its end has been seen. A header section that
 * passes `maxSize` fails with {@link MessageTooLargeError}; a message whose Content-Length
 * says the whole will pass it is `skipped`: its body is dropped as it arrives, never
 * buffered, and the stream goes on (RFC 3261 §18.3: Content-Length still frames it).
 *
 * Pure: no I/O, no timers. Feed it with `push(chunk)` and act on the events it returns.
 *
 * @example
 * const framer = new StreamFramer({ maxSize: 65536 });
 * socket.on("data", (chunk) => {
 *   for (const e of framer.push(chunk)) {
 *     if (e.type === "message") handle(parseMessage(e.bytes));
 *     else if (e.type === "ping") socket.write("\r\n");
 *     else if (e.type === "error") socket.destroy();
 *   }
 * });
 */
export class StreamFramer {
  readonly maxSize: number;
  private mode = Mode.Idle;
  /** CRLFs seen in the current run between messages (0 or 1). */
  private crlfRun = 0;
  private buf: Uint8Array;
  private len = 0;
  /** How much of CR LF CR LF the header scan has matched (0..3). */
  private matched = 0;
  private remaining = 0;
  private failure: ParseError | MessageTooLargeError | undefined;

  constructor(options?: StreamFramerOptions) {
    this.maxSize = options?.maxSize ?? DEFAULT_MAX_MESSAGE_SIZE;
    this.buf = new Uint8Array(Math.min(4096, this.maxSize));
  }

  /** True while part of a message is buffered (a slow peer can be timed on this). */
  get pending(): boolean {
    return this.mode === Mode.Headers || this.mode === Mode.Body || this.mode === Mode.Skip;
  }

  /** Octets of the current, incomplete message held in memory. */
  get buffered(): number {
    return this.len;
  }

  /** The error that stopped the framer, if any. */
  get error(): ParseError | MessageTooLargeError | undefined {
    return this.failure;
  }

  get failed(): boolean {
    return this.mode === Mode.Failed;
  }

  /** Forgets everything buffered and any failure (for a new connection). */
  reset(): void {
    this.mode = Mode.Idle;
    this.crlfRun = 0;
    this.len = 0;
    this.matched = 0;
    this.remaining = 0;
    this.failure = undefined;
    if (this.buf.length > 4096) this.buf = new Uint8Array(Math.min(4096, this.maxSize));
  }

  /** Consumes one chunk of the stream; returns what it completed, in order. */
  push(chunk: Uint8Array): FramerEvent[] {
    const out: FramerEvent[] = [];
    const n = chunk.length;
    let i = 0;
    while (i < n) {
      switch (this.mode) {
        case Mode.Failed:
          return out;
        case Mode.Idle:
          if (chunk[i] === CR) {
            this.mode = Mode.IdleCr;
            i++;
          } else {
            this.startMessage();
          }
          break;
        case Mode.IdleCr:
          if (chunk[i] === LF) {
            i++;
            this.mode = Mode.Idle;
            if (this.crlfRun === 0) {
              this.crlfRun = 1;
              out.push(PONG);
            } else {
              this.crlfRun = 0;
              out.push(PING);
            }
          } else {
            // a lone CR starts whatever follows; parseMessage will judge it
            this.startMessage();
            this.append(Uint8Array.of(CR), 0, 1);
            this.matched = 1;
          }
          break;
        case Mode.Headers:
          i = this.scanHeaders(chunk, i, out);
          break;
        case Mode.Body: {
          const take = Math.min(this.remaining, n - i);
          this.append(chunk, i, i + take);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.finishMessage(out);
          break;
        }
        case Mode.Skip: {
          const take = Math.min(this.remaining, n - i);
          this.remaining -= take;
          i += take;
          if (this.remaining === 0) this.finishMessage();
          break;
        }
      }
    }
    return out;
  }

  private startMessage(): void {
    this.mode = Mode.Headers;
    this.crlfRun = 0;
    this.len = 0;
    this.matched = 0;
  }

  /** Scans for CR LF CR LF from `i`; returns where it stopped. */
  private scanHeaders(chunk: Uint8Array, start: number, out: FramerEvent[]): number {
    const n = chunk.length;
    // never look further than the size limit allows
    const room = this.maxSize - this.len;
    const stop = Math.min(n, start + room);
    let m = this.matched;
    let i = start;
    for (; i < stop; i++) {
      const c = chunk[i];
      if (c === CR) m = m === 2 ? 3 : 1;
      else if (c === LF && (m === 1 || m === 3)) {
        m++;
        if (m === 4) {
          i++;
          break;
        }
      } else m = 0;
    }
    this.append(chunk, start, i);
    this.matched = m;
    if (m === 4) {
      this.endOfHeaders(out);
      return i;
    }
    if (i < n) {
      // more octets follow but the limit is reached without the end of the header section
      this.fail(out, new MessageTooLargeError(this.maxSize, this.len + 1));
      return n;
    }
    return i;
  }

  private endOfHeaders(out: FramerEvent[]): void {
    const headerEnd = this.len; // octets up to and including CRLF CRLF
    let contentLength: number;
    try {
      contentLength = readContentLength(this.buf, headerEnd - 4);
    } catch (e) {
      this.fail(out, e as ParseError | MessageTooLargeError, this.buf.slice(0, headerEnd));
      return;
    }
    const total = headerEnd + contentLength;
    if (total > this.maxSize) {
      // the framing is intact: the body is dropped as it comes, and the stream goes on
      out.push({ type: "skipped", error: new MessageTooLargeError(this.maxSize, total), head: this.buf.slice(0, headerEnd) });
      this.len = 0;
      this.mode = Mode.Skip;
      this.remaining = contentLength;
      return;
    }
    this.mode = Mode.Body;
    this.remaining = contentLength;
    if (contentLength === 0) this.finishMessage(out);
  }

  private finishMessage(out?: FramerEvent[]): void {
    out?.push({ type: "message", bytes: this.buf.slice(0, this.len) });
    this.mode = Mode.Idle;
    this.len = 0;
    this.matched = 0;
    this.remaining = 0;
    this.crlfRun = 0;
  }

  private fail(out: FramerEvent[], error: ParseError | MessageTooLargeError, head?: Uint8Array): void {
    this.failure = error;
    this.mode = Mode.Failed;
    this.len = 0;
    if (this.buf.length > 4096) this.buf = new Uint8Array(4096);
    out.push(head === undefined ? { type: "error", error } : { type: "error", error, head });
  }

  private append(src: Uint8Array, from: number, to: number): void {
    const count = to - from;
    if (count <= 0) return;
    const need = this.len + count;
    if (need > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < need) cap *= 2;
      const next = new Uint8Array(Math.min(cap, Math.max(need, this.maxSize)));
      next.set(this.buf.subarray(0, this.len));
      this.buf = next;
    }
    this.buf.set(src.subarray(from, to), this.len);
    this.len = need;
  }
}

/**
 * Reads Content-Length (or compact `l`) from the header section `buf[0, end)` (which
 * ends before the final CRLF CRLF). Folded values are joined. A header with several
 * values that disagree, a value that is not digits, or no Content-Length at all is a
 * ParseError.
 */
function readContentLength(buf: Uint8Array, end: number): number {
  let found = -1;
  let pos = indexOfCrlf(buf, 0, end);
  if (pos === -1) throw missingLength();
  pos += 2; // skip the start line
  while (pos < end) {
    const lineStart = pos;
    let lineEnd = indexOfCrlf(buf, pos, end);
    if (lineEnd === -1) lineEnd = end;
    // extend over continuation lines (RFC 3261 §7.3.1)
    let next = lineEnd + 2;
    while (next < end && (buf[next] === 32 || buf[next] === 9)) {
      const e = indexOfCrlf(buf, next, end);
      lineEnd = e === -1 ? end : e;
      next = lineEnd + 2;
    }
    if (isContentLengthName(buf, lineStart, lineEnd)) {
      const value = parseLengthValue(buf, lineStart, lineEnd);
      if (found !== -1 && value !== found) {
        throw new ParseError("CONTENT_LENGTH", "conflicting Content-Length values", lineStart, "content-length");
      }
      found = value;
    }
    pos = next;
  }
  if (found === -1) throw missingLength();
  return found;
}

function missingLength(): ParseError {
  return new ParseError(
    "MISSING_HEADER",
    "a message on a stream transport must have a Content-Length header (RFC 3261 §18.3)",
    0,
    "content-length",
  );
}

function indexOfCrlf(buf: Uint8Array, from: number, end: number): number {
  for (let i = from; i < end; i++) {
    if (buf[i] === CR && buf[i + 1] === LF) return i;
  }
  return -1;
}

const CONTENT_LENGTH = "content-length";

/** Whether the header line starting at `start` is named Content-Length or `l` (any case). */
function isContentLengthName(buf: Uint8Array, start: number, end: number): boolean {
  let i = start;
  while (i < end && buf[i] !== 58 /* : */ && buf[i] !== 32 && buf[i] !== 9) i++;
  const nameLen = i - start;
  while (i < end && (buf[i] === 32 || buf[i] === 9)) i++;
  if (buf[i] !== 58) return false;
  if (nameLen === 1) return (buf[start]! | 0x20) === 108; // l or L
  if (nameLen !== CONTENT_LENGTH.length) return false;
  for (let k = 0; k < nameLen; k++) {
    let c = buf[start + k]!;
    if (c >= 65 && c <= 90) c |= 0x20;
    if (c !== CONTENT_LENGTH.charCodeAt(k)) return false;
  }
  return true;
}

/** The digits after the colon, surrounded by optional whitespace (folding included). */
function parseLengthValue(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  while (buf[i] !== 58) i++;
  i++;
  while (i < end && isWs(buf[i]!)) i++;
  let value = 0;
  let digits = 0;
  while (i < end && buf[i]! >= 48 && buf[i]! <= 57) {
    value = value * 10 + (buf[i]! - 48);
    digits++;
    i++;
    if (digits > 15) break;
  }
  while (i < end && isWs(buf[i]!)) i++;
  if (digits === 0 || digits > 15 || i !== end) {
    throw new ParseError("CONTENT_LENGTH", "malformed Content-Length", start, "content-length");
  }
  return value;
}

function isWs(c: number): boolean {
  return c === 32 || c === 9 || c === CR || c === LF;
}
