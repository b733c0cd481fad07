import type { CSeqData, GrammarRules, NameAddrData, ViaData } from "../grammar/ast.js";
import { parseHeaderValue } from "../grammar/index.js";
import { TOKEN, utf8Length } from "./charClasses.js";
import { HeaderInjectionError, ParseError } from "./errors.js";
import { fastCallId, fastCSeq, fastInteger, fastNameAddr, fastNameAddrList, fastVia } from "./fast/fastHeaders.js";
import { FAST_RULES } from "./fast/fastRules.js";
import { HEADER_RULES, headerKey, LIST_HEADERS } from "./headerNames.js";
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
 */
export abstract class SipMessage {
  /** Header names as written on the wire or by the caller. */
  protected names: string[] = [];
  /** Lower-cased long names (compact forms expanded), parallel to `names`. */
  protected keys: string[] = [];
  /** Header values, parallel to `names`. */
  protected values: string[] = [];
  /** Parsed header values, by key; dropped when that header changes. */
  private parsed: Record<string, unknown> = Object.create(null);

  private text = "";
  /** The body's raw octets, when the message was parsed from bytes (dropped when `body` is set). */
  bodyBytes?: Uint8Array;

  /** The body as text ("" when there is none). */
  get body(): string {
    return this.text;
  }

  set body(value: string) {
    this.text = value;
    this.bodyBytes = undefined;
  }

  /** The first line without its CRLF. */
  abstract get startLine(): string;

  // ---- raw access ---------------------------------------------------------------------------

  /** The first value of a header (name case-insensitive, compact forms understood), as written. */
  getHeader(name: string): string | undefined {
    const key = headerKey(name);
    const i = this.keys.indexOf(key);
    return i === -1 ? undefined : this.values[i];
  }

  /**
   * Every value of a header, in order; for list headers (Via, Contact, Route, Allow ...)
   * one entry per comma-separated element.
   */
  getHeaders(name: string): string[] {
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

  hasHeader(name: string): boolean {
    return this.keys.indexOf(headerKey(name)) !== -1;
  }

  /** Every header line as [name as written, value], in order. */
  get headers(): Array<[string, string]> {
    return this.names.map((n, i) => [n, this.values[i]!]);
  }

  /** Replaces every value of `name` with `value` (appended where the first one stood, or at the end). */
  setHeader(name: string, value: HeaderValue): this {
    const v = checkHeader(name, value);
    const key = headerKey(name);
    const first = this.keys.indexOf(key);
    this.removeHeader(name);
    if (first === -1) this.pushRaw(name, key, v);
    else {
      this.names.splice(first, 0, name);
      this.keys.splice(first, 0, key);
      this.values.splice(first, 0, v);
    }
    return this;
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
    const key = headerKey(name);
    let at = this.keys.indexOf(key);
    if (at === -1) at = this.keys.length;
    this.names.splice(at, 0, name);
    this.keys.splice(at, 0, key);
    this.values.splice(at, 0, v);
    this.forget(key);
    return this;
  }

  removeHeader(name: string): this {
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
    const cacheKey = rule ? key + "\u0000" + rule : key;
    if (cacheKey in this.parsed) return this.parsed[cacheKey] as GrammarRules[R];
    const raw = this.getHeader(key);
    if (raw === undefined) return undefined;
    const r = (rule ?? HEADER_RULES[key] ?? "Text") as R;
    const value = readValue(r, raw, key);
    this.parsed[cacheKey] = value;
    return value;
  }

  /** Every value of a header parsed by the grammar, one per header line. */
  parseHeaders<R extends keyof GrammarRules>(name: string, rule?: R): Array<GrammarRules[R]> {
    const key = headerKey(name);
    const r = (rule ?? HEADER_RULES[key] ?? "Text") as R;
    const out: Array<GrammarRules[R]> = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] === key) out.push(readValue(r, this.values[i]!, key));
    }
    return out;
  }

  // typed values of the headers every message needs, kept in fields (no closure, no lookup)
  private cVias: Via[] | undefined;
  private cFrom: NameAddr | undefined;
  private cTo: NameAddr | undefined;
  private cCallId: string | undefined;
  private cCSeq: CSeqData | undefined;
  private cContacts: NameAddr[] | undefined;
  private cMaxForwards: number | undefined | typeof UNREAD = UNREAD;
  private cExpires: number | undefined | typeof UNREAD = UNREAD;
  private cRecordRoutes: NameAddr[] | undefined;
  private cRoutes: NameAddr[] | undefined;

  /** Drops what was parsed of header `key` (it changed). */
  private forget(key: string): void {
    switch (key) {
      case "via":
        this.cVias = undefined;
        break;
      case "from":
        this.cFrom = undefined;
        break;
      case "to":
        this.cTo = undefined;
        break;
      case "call-id":
        this.cCallId = undefined;
        break;
      case "cseq":
        this.cCSeq = undefined;
        break;
      case "contact":
        this.cContacts = undefined;
        break;
      case "max-forwards":
        this.cMaxForwards = UNREAD;
        break;
      case "expires":
        this.cExpires = UNREAD;
        break;
      case "record-route":
        this.cRecordRoutes = undefined;
        break;
      case "route":
        this.cRoutes = undefined;
        break;
    }
    for (const k in this.parsed) if (k === key || k.startsWith(key + "\u0000")) delete this.parsed[k];
  }

  /** Every Via value, topmost first. */
  get vias(): Via[] {
    if (this.cVias !== undefined) return this.cVias;
    const out: Via[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== "via") continue;
      const raw = this.values[i]!;
      const list: ViaData[] = fastVia(raw) ?? parseHeaderValue("Via", raw, "via");
      for (const v of list) out.push(new Via(v));
    }
    return (this.cVias = out);
  }

  /** The topmost Via. Throws ParseError MISSING_HEADER when there is none. */
  get via(): Via {
    const v = this.vias[0];
    if (v === undefined) throw missing("Via");
    return v;
  }

  get from(): NameAddr {
    return (this.cFrom ??= this.nameAddr("from", "From"));
  }

  get to(): NameAddr {
    return (this.cTo ??= this.nameAddr("to", "To"));
  }

  get callId(): string {
    if (this.cCallId !== undefined) return this.cCallId;
    const raw = this.getHeader("call-id");
    if (raw === undefined) throw missing("Call-ID");
    return (this.cCallId = fastCallId(raw) ?? parseHeaderValue("CallId", raw, "call-id"));
  }

  get cseq(): CSeqData {
    if (this.cCSeq !== undefined) return this.cCSeq;
    const raw = this.getHeader("cseq");
    if (raw === undefined) throw missing("CSeq");
    return (this.cCSeq = fastCSeq(raw) ?? parseHeaderValue("CSeq", raw, "cseq"));
  }

  /** Every Contact, in order; empty when there is none or when the Contact is `*` (see isContactStar). */
  get contacts(): NameAddr[] {
    if (this.cContacts !== undefined) return this.cContacts;
    const out: NameAddr[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== "contact") continue;
      const raw = this.values[i]!;
      let list: NameAddrData[] | null = fastNameAddrList(raw);
      if (list === null) {
        const c = parseHeaderValue("Contact", raw, "contact");
        list = c.star ? [] : c.contacts;
      }
      for (const na of list) out.push(new NameAddr(na));
    }
    return (this.cContacts = out);
  }

  /** True when the Contact header is `*` (REGISTER removing every binding, RFC 3261 §10.2.2). */
  get isContactStar(): boolean {
    const raw = this.getHeader("contact");
    return raw !== undefined && raw.trim() === "*";
  }

  get maxForwards(): number | undefined {
    if (this.cMaxForwards === UNREAD) this.cMaxForwards = this.integer("max-forwards");
    return this.cMaxForwards;
  }

  /** Expires header in seconds, when present. */
  get expires(): number | undefined {
    if (this.cExpires === UNREAD) this.cExpires = this.integer("expires");
    return this.cExpires;
  }

  /** Record-Route values, topmost first. */
  get recordRoutes(): NameAddr[] {
    return (this.cRecordRoutes ??= this.routeList("record-route"));
  }

  get routes(): NameAddr[] {
    return (this.cRoutes ??= this.routeList("route"));
  }

  /** Tokens of list headers like Allow, Supported, Require (all lines, in order). */
  tokens(name: string): string[] {
    const out: string[] = [];
    for (const list of this.parseHeaders(name, "TokenList")) for (const t of list) out.push(t);
    return out;
  }

  private integer(key: string): number | undefined {
    const raw = this.getHeader(key);
    if (raw === undefined) return undefined;
    const n = fastInteger(raw);
    return n >= 0 ? n : parseHeaderValue("Integer", raw, key);
  }

  private nameAddr(key: string, label: string): NameAddr {
    const raw = this.getHeader(key);
    if (raw === undefined) throw missing(label);
    return new NameAddr(fastNameAddr(raw) ?? parseHeaderValue("NameAddrOrAddrSpec", raw, key));
  }

  private routeList(key: string): NameAddr[] {
    const out: NameAddr[] = [];
    for (let i = 0; i < this.keys.length; i++) {
      if (this.keys[i] !== key) continue;
      const raw = this.values[i]!;
      for (const na of fastNameAddrList(raw) ?? parseHeaderValue("RouteList", raw, key)) out.push(new NameAddr(na));
    }
    return out;
  }

  /**
   * Parses and checks the values of the headers every message needs (Via, From, To,
   * Call-ID, CSeq, Max-Forwards, Contact, every line of each), so that a message that
   * parsed can be routed. Absent headers are not an error here: the user agent answers
   * those with 400 (RFC 4475 §3.3.1).
   */
  validateCore(): void {
    void this.vias;
    if (this.hasHeader("from")) void this.from;
    if (this.hasHeader("to")) void this.to;
    if (this.hasHeader("call-id")) void this.callId;
    if (this.hasHeader("cseq")) void this.cseq;
    void this.maxForwards;
    void this.contacts;
    // every further line of the single-valued core headers must be well-formed too
    for (let i = 0; i < this.keys.length; i++) {
      const k = this.keys[i]!;
      if (this.keys.indexOf(k) === i) continue;
      const raw = this.values[i]!;
      if (k === "from" || k === "to") fastNameAddr(raw) ?? parseHeaderValue("NameAddrOrAddrSpec", raw, k);
      else if (k === "cseq") fastCSeq(raw) ?? parseHeaderValue("CSeq", raw, k);
      else if (k === "call-id") fastCallId(raw) ?? parseHeaderValue("CallId", raw, k);
      else if (k === "max-forwards" && fastInteger(raw) < 0) parseHeaderValue("Integer", raw, k);
    }
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

/** A header value through its fast path when it has one and accepts it, else through the grammar. */
function readValue<R extends keyof GrammarRules>(rule: R, raw: string, key: string): GrammarRules[R] {
  const fast = FAST_RULES[rule] as ((s: string) => GrammarRules[R] | null) | undefined;
  return (fast !== undefined ? fast(raw) : null) ?? parseHeaderValue(rule, raw, key);
}

/** Marks a cached value not read yet (undefined is a value: the header is absent). */
const UNREAD: unique symbol = Symbol("unread");

function missing(name: string): ParseError {
  return new ParseError("MISSING_HEADER", `the message has no ${name} header`, 0, name.toLowerCase());
}

/** Refuses header names that are not tokens and values with CR, LF or NUL (header injection). */
export function checkHeader(name: string, value: HeaderValue): string {
  if (name.length === 0) throw new HeaderInjectionError(name);
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c >= 128 || TOKEN[c] === 0) throw new HeaderInjectionError(name);
  }
  const v = typeof value === "string" ? value : String(value);
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 13 || c === 10 || c === 0) throw new HeaderInjectionError(name);
  }
  return v;
}
