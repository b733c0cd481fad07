import type { CSeqData, GrammarRule, GrammarRules } from "../grammar/ast.js";
import { hasOwn } from "../grammar/params.js";
import { parseHeaderValue } from "../grammar/index.js";
import { allIn, controlAt, TOKEN, utf8Length } from "./charClasses.js";
import { HeaderInjectionError, ParseError } from "./errors.js";
import { HEADER_RULES, headerKey, LIST_HEADERS, sharedSpelling } from "./headerNames.js";
import { ownString } from "./ownString.js";
import { splitList } from "./splitList.js";
import { NameAddr } from "./NameAddr.js";
import { Via } from "./Via.js";

/** A header value the caller may give: a string, or a value object (Uri, NameAddr, Via ...) that writes itself. */
export type HeaderValue = string | number | { toString(): string };

/**
 * What requests and responses share: the header list (names as written, values with
 * folding undone), the body, typed header accessors that parse on first read and cache,
 * and serialization. Typed values of the headers every message needs are validated when
 * the message is parsed (see `validateCore`); the others when first read.
 *
 * @example
 * ```ts
 * import type { SipMessage } from "rxsip/core";
 * declare const message: SipMessage; // a request or a response
 *
 * console.log(message.callId, message.cseq.seq, message.cseq.method, message.from.tag, message.via.branch);
 * const expires = message.parseHeader("Session-Expires", "SessionExpires"); // parsed on first read, then cached
 * message.setHeader("Subject", "Lunch?"); // CR / LF in a value throw HeaderInjectionError
 * ```
 */
export abstract class SipMessage {
  /** Header names as written on the wire or by the caller. */
  protected names: string[] = [];
  /** Lower-cased long names (compact forms expanded), parallel to `names`. */
  protected keys: string[] = [];
  /** Header values, parallel to `names`. */
  protected values: string[] = [];

  private text = "";
  /** The body is a piece of the text the message was parsed from. */
  private bodyCut = false;
  /**
   * Set by `compact()`: every header line, "Name: value", joined by CRLF in one string;
   * `names`, `keys` and `values` are empty meanwhile and made again from it when next needed.
   */
  private packed: string | undefined;
  /** The body's raw octets, when the message was parsed from bytes (dropped when `body` is set). */
  bodyBytes?: Uint8Array;

  /** The body as text ("" when there is none). */
  get body(): string {
    return this.text;
  }

  set body(value: string) {
    this.text = value;
    this.bodyBytes = undefined;
    this.bodyCut = false;
  }

  /** @internal parseMessage: the body, cut from the text of the whole message (`compact()` copies it). */
  setCutBody(value: string): void {
    this.text = value;
    this.bodyCut = true;
  }

  /** The first line without its CRLF. */
  abstract get startLine(): string;

  /** True for a request, false for a response. */
  abstract get isRequest(): boolean;

  // ---- raw access ---------------------------------------------------------------------------

  /** The first value of a header (name case-insensitive, compact forms understood), as written. */
  getHeader(name: string): string | undefined {
    this.unpack();
    const key = headerKey(name);
    const i = this.keys.indexOf(key);
    return i === -1 ? undefined : this.values[i];
  }

  /**
   * Every value of a header, in order; for list headers (Via, Contact, Route, Allow ...)
   * one entry per comma-separated element.
   */
  getHeaders(name: string): string[] {
    this.unpack();
    const key = headerKey(name);
    const out: string[] = [];
    const split = LIST_HEADERS.has(key);
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue;
      if (split) for (const v of splitList(this.values[i]!)) out.push(v);
      else out.push(this.values[i]!);
    }
    return out;
  }

  /** Whether at least one header line of this name is present (compact forms and case do not matter). */
  hasHeader(name: string): boolean {
    this.unpack();
    return this.keys.indexOf(headerKey(name)) !== -1;
  }

  /** Every header line as [name as written, value], in order. */
  get headers(): Array<[string, string]> {
    this.unpack();
    return this.names.map((n, i) => [n, this.values[i]!]);
  }

  /** Replaces every value of `name` with `value` (appended where the first one stood, or at the end). */
  setHeader(name: string, value: HeaderValue): this {
    const v = checkHeader(name, value);
    this.unpack();
    const first = this.keys.indexOf(headerKey(name));
    this.removeHeader(name);
    return this.insert(first, name, v);
  }

  /** Adds a header line after the existing ones. */
  addHeader(name: string, value: HeaderValue): this {
    const v = checkHeader(name, value);
    this.pushRaw(name, headerKey(name), v);
    this.forget(headerKey(name));
    return this;
  }

  /** Adds a header line before every other header of that name (Via, Record-Route). */
  prependHeader(name: string, value: HeaderValue): this {
    const v = checkHeader(name, value);
    this.unpack();
    return this.insert(this.keys.indexOf(headerKey(name)), name, v);
  }

  /** Inserts a checked header line at `at` (at the end when -1) and drops what was parsed of that header. */
  private insert(at: number, name: string, v: string): this {
    const key = headerKey(name);
    if (at === -1) at = this.keys.length;
    this.names.splice(at, 0, name);
    this.keys.splice(at, 0, key);
    this.values.splice(at, 0, v);
    this.forget(key);
    return this;
  }

  /** Removes every header line of this name. */
  removeHeader(name: string): this {
    this.unpack();
    const key = headerKey(name);
    for (let i = this.keys.length - 1; i >= 0; i--) {
      if (this.keys[i] === key) {
        this.names.splice(i, 1);
        this.keys.splice(i, 1);
        this.values.splice(i, 1);
      }
    }
    this.forget(key);
    return this;
  }

  /** @internal used by the parser: no checks, the framer already split lines. */
  pushRaw(name: string, key: string, value: string): void {
    this.unpack();
    this.names.push(name);
    this.keys.push(key);
    this.values.push(value);
  }

  // ---- typed access -------------------------------------------------------------------------

  /**
   * The first value of a header parsed by the grammar (rule chosen by header name, see
   * HEADER_RULES); `undefined` when absent; throws ParseError when malformed.
   */
  parseHeader<R extends keyof GrammarRules>(name: string, rule?: R): GrammarRules[R] | undefined {
    const key = headerKey(name);
    const cache = this.c?.rules;
    if (cache !== undefined) {
      for (let i = 0; i < cache.length; i += 3) if (cache[i] === key && cache[i + 1] === rule) return cache[i + 2] as GrammarRules[R];
    }
    const raw = this.getHeader(key);
    if (raw === undefined) return undefined;
    const r = (rule ?? HEADER_RULES[key] ?? "Text") as R;
    const value = parseHeaderValue(r, raw, key);
    (this.cache.rules ??= []).push(key, rule, value);
    return value;
  }

  /** Every value of a header parsed by the grammar, one per header line. */
  parseHeaders<R extends keyof GrammarRules>(name: string, rule?: R): Array<GrammarRules[R]> {
    const key = headerKey(name);
    return this.lines(key, (rule ?? HEADER_RULES[key] ?? "Text") as R);
  }

  /**
   * What was parsed of the headers (see {@link Parsed}): made at the first read, dropped by
   * `compact()` — a message kept long after it was handled keeps none of it.
   */
  private c: Parsed | undefined;

  /** The parsed values, made now if none was read yet. */
  private get cache(): Parsed {
    return (this.c ??= new Parsed());
  }

  /** Drops what was parsed of header `key` (it changed). */
  private forget(key: string): void {
    const c = this.c;
    if (c === undefined) return;
    if (key !== "rules" && hasOwn.call(c, key)) (c as unknown as Record<string, undefined>)[key] = undefined;
    const rules = c.rules;
    if (rules !== undefined) {
      for (let i = rules.length - 3; i >= 0; i -= 3) if (rules[i] === key) rules.splice(i, 3);
    }
  }

  /** Every Via value, topmost first. */
  get vias(): Via[] {
    return (this.cache.via ??= made(this.lines("via", "Via"), Via));
  }

  /** The topmost Via. Throws ParseError MISSING_HEADER when there is none. */
  get via(): Via {
    const v = this.vias[0];
    if (v === undefined) throw missing("Via");
    return v;
  }

  get from(): NameAddr {
    return (this.cache.from ??= new NameAddr(this.single("from", "NameAddrOrAddrSpec", "From")));
  }

  get to(): NameAddr {
    return (this.cache.to ??= new NameAddr(this.single("to", "NameAddrOrAddrSpec", "To")));
  }

  get callId(): string {
    return (this.cache["call-id"] ??= this.single("call-id", "CallId", "Call-ID"));
  }

  get cseq(): CSeqData {
    return (this.cache.cseq ??= this.single("cseq", "CSeq", "CSeq"));
  }

  /** Every Contact, in order; empty when there is none or when the Contact is `*` (see isContactStar). */
  get contacts(): NameAddr[] {
    return (this.cache.contact ??= made(this.lines("contact", "Contact").map((c) => (c.star ? [] : c.contacts)), NameAddr));
  }

  /** True when the Contact header is `*` (REGISTER removing every binding, RFC 3261 §10.2.2). */
  get isContactStar(): boolean {
    const raw = this.getHeader("contact");
    return raw !== undefined && raw.trim() === "*";
  }

  get maxForwards(): number | undefined {
    return (this.cache["max-forwards"] ??= this.integer("max-forwards")) ?? undefined;
  }

  /** Expires header in seconds, when present. */
  get expires(): number | undefined {
    return (this.cache.expires ??= this.integer("expires")) ?? undefined;
  }

  /** Record-Route values, topmost first. */
  get recordRoutes(): NameAddr[] {
    return (this.cache["record-route"] ??= this.routeList("record-route"));
  }

  get routes(): NameAddr[] {
    return (this.cache.route ??= this.routeList("route"));
  }

  /** Tokens of list headers like Allow, Supported, Require (all lines, in order). */
  tokens(name: string): string[] {
    const out: string[] = [];
    for (const list of this.parseHeaders(name, "TokenList")) for (const t of list) out.push(t);
    return out;
  }

  /** The value of header `key` (null when absent), an integer. */
  private integer(key: string): number | null {
    const raw = this.getHeader(key);
    return raw === undefined ? null : parseHeaderValue("Integer", raw, key);
  }

  /** The first line of a header every message needs, parsed; MISSING_HEADER (`label`) when absent. */
  private single<R extends GrammarRule>(key: string, rule: R, label: string): GrammarRules[R] {
    const raw = this.getHeader(key);
    if (raw === undefined) throw missing(label);
    return parseHeaderValue(rule, raw, key);
  }

  /** Every line of header `key`, each parsed with `rule`. */
  private lines<R extends GrammarRule>(key: string, rule: R): Array<GrammarRules[R]> {
    this.unpack();
    const out: Array<GrammarRules[R]> = [];
    for (let i = 0; i < this.keys.length; i++) if (this.keys[i] === key) out.push(parseHeaderValue(rule, this.values[i]!, key));
    return out;
  }

  private routeList(key: string): NameAddr[] {
    return made(this.lines(key, "RouteList"), NameAddr);
  }

  /**
   * Parses and checks the values of the headers every message needs (Via, From, To,
   * Call-ID, CSeq, Max-Forwards, Contact but in a response to REGISTER, every line of each), so that a message that
   * parsed can be routed. Absent headers are not an error here: the user agent answers
   * those with 400 (RFC 4475 §3.3.1).
   */
  validateCore(): void {
    this.unpack();
    void this.vias;
    if (this.hasHeader("from")) void this.from;
    if (this.hasHeader("to")) void this.to;
    if (this.hasHeader("call-id")) void this.callId;
    if (this.hasHeader("cseq")) void this.cseq;
    void this.maxForwards;
    // a 2xx to REGISTER lists every device's binding (§10.3 step 8): one another device got wrong
    // must not drop the response; the registering side reads each line on its own
    if (this.isRequest || !this.hasHeader("cseq") || this.cseq.method !== "REGISTER") void this.contacts;
    // every further line of the single-valued core headers must be well-formed too
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if ((k === "from" || k === "to" || k === "cseq" || k === "call-id" || k === "max-forwards") && this.keys.indexOf(k) !== i) {
        parseHeaderValue(HEADER_RULES[k]!, this.values[i]!, k);
      }
    }
  }

  // ---- memory -------------------------------------------------------------------------------

  /**
   * Keeps the message in little memory, for when it is held long after it was handled (the
   * INVITE of a call, kept by its session and its transaction): the header lines become one
   * string, the body its own copy (neither keeps the text it was parsed from), and what was
   * parsed of the headers is dropped. Nothing visible changes: every accessor gives the same
   * values as before (typed values are parsed again, as new objects, when next read), and
   * the first access to the headers makes them a list again.
   */
  compact(): void {
    if (this.packed !== undefined) return;
    const names = this.names;
    const values = this.values;
    const lines = new Array<string>(names.length);
    for (let i = 0; i < names.length; i++) lines[i] = names[i] + ": " + values[i];
    // a join is one new string (of one line, the line itself: maybe pieces of another text)
    const joined = lines.join("\r\n");
    this.packed = lines.length > 1 ? joined : ownString(joined);
    this.names = NO_ROWS;
    this.keys = NO_ROWS;
    this.values = NO_ROWS;
    if (this.bodyCut) {
      this.text = ownString(this.text);
      this.bodyCut = false;
    }
    if (this.bodyBytes !== undefined) this.bodyBytes = this.bodyBytes.slice();
    this.c = undefined;
  }

  /** The header lines of a compacted message as a list again (names shared, values cut from the packed string); nothing when not compacted. */
  private unpack(): void {
    const packed = this.packed;
    if (packed === undefined) return;
    this.packed = undefined;
    const names: string[] = [];
    const keys: string[] = [];
    const values: string[] = [];
    // names are tokens (no colon) and values hold no CR or LF: each line splits back exactly
    for (let pos = 0; pos < packed.length; ) {
      let end = packed.indexOf("\r\n", pos);
      if (end === -1) end = packed.length;
      const colon = packed.indexOf(":", pos);
      const name = packed.slice(pos, colon);
      names.push(sharedSpelling(name));
      keys.push(headerKey(name));
      values.push(packed.slice(colon + 2, end));
      pos = end + 2;
    }
    this.names = names;
    this.keys = keys;
    this.values = values;
  }

  // ---- serialization ------------------------------------------------------------------------

  /** The body's length in octets (what Content-Length says when serialized). */
  get bodyLength(): number {
    return this.bodyBytes !== undefined ? this.bodyBytes.length : utf8Length(this.body);
  }

  /**
   * The message as it goes on the wire. Content-Length is always written, and always
   * the body's length in UTF-8 octets, wherever the header stood (at the end if absent).
   */
  toString(): string {
    this.unpack();
    let s = this.startLine + "\r\n";
    let wroteLength = false;
    const n = this.names.length;
    for (let i = 0; i < n; i++) {
      if (this.keys[i] === "content-length") {
        if (!wroteLength) s += "Content-Length: " + this.bodyLength + "\r\n";
        wroteLength = true;
        continue;
      }
      s += this.names[i] + ": " + this.values[i] + "\r\n";
    }
    if (!wroteLength) s += "Content-Length: " + this.bodyLength + "\r\n";
    return s + "\r\n" + this.body;
  }
}

/** The (empty, never written) header lists of a compacted message. */
const NO_ROWS: string[] = [];

/**
 * Typed values of the headers every message needs, kept in fields named by header key (no
 * closure, no lookup; `null` when an optional header is absent), and the other parsed
 * values as [key, rule, value] triples (a message caches a handful at most); each dropped
 * when its header changes.
 */
class Parsed {
  via: Via[] | undefined = undefined;
  from: NameAddr | undefined = undefined;
  to: NameAddr | undefined = undefined;
  "call-id": string | undefined = undefined;
  cseq: CSeqData | undefined = undefined;
  contact: NameAddr[] | undefined = undefined;
  "max-forwards": number | null | undefined = undefined;
  expires: number | null | undefined = undefined;
  "record-route": NameAddr[] | undefined = undefined;
  route: NameAddr[] | undefined = undefined;
  rules: unknown[] | undefined = undefined;
}

/** The values of every line (name-addrs, Vias), in order, each made a `Kind`. */
function made<D, T>(lines: D[][], Kind: new (data: D) => T): T[] {
  const out: T[] = [];
  for (const line of lines) for (const d of line) out.push(new Kind(d));
  return out;
}

function missing(name: string): ParseError {
  return new ParseError("MISSING_HEADER", `the message has no ${name} header`, 0, name.toLowerCase());
}

/**
 * Refuses a reason phrase that could end the status line early (CR, LF) or is not text
 * (NUL and the other control characters but HTAB: RFC 3261 §25.1, Reason-Phrase is
 * reserved / unreserved / escaped / UTF-8 / SP / HTAB), with the error header values get.
 *
 * @example
 * ```ts
 * import { checkReasonPhrase } from "rxsip/core";
 *
 * checkReasonPhrase("Busy Here"); // "Busy Here"
 * checkReasonPhrase("Busy\r\nHere"); // throws HeaderInjectionError
 * ```
 */
export function checkReasonPhrase(reason: string): string {
  if (controlAt(reason) !== -1) throw new HeaderInjectionError("reason-phrase");
  return reason;
}

/**
 * Refuses header names that are not tokens and values with CR, LF or a NUL that is not a quoted-pair (header injection).
 *
 * @example
 * ```ts
 * import { checkHeader, HeaderInjectionError } from "rxsip/core";
 *
 * checkHeader("Subject", "Lunch?"); // "Lunch?"
 * try {
 *   checkHeader("X-Note", "hi\r\nContact: <sip:evil@example.com>");
 * } catch (e) {
 *   if (e instanceof HeaderInjectionError) console.log("refused", e.header);
 * }
 * ```
 */
export function checkHeader(name: string, value: HeaderValue): string {
  if (name.length === 0 || !allIn(TOKEN, name)) throw new HeaderInjectionError(name);
  const v = typeof value === "string" ? value : String(value);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    // a NUL only as a quoted-pair (RFC 3261 §25.1), as parseMessage reads it
    if (c === 13 || c === 10 || (c === 0 && v.charCodeAt(i - 1) !== 92)) throw new HeaderInjectionError(name);
  }
  return v;
}
