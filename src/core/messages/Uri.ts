import type { Params, UriData } from "../grammar/ast.js";
import { hasOwn } from "../grammar/params.js";
import { isIPv6 } from "../grammar/hostChecks.js";
import { escapeWith, HNVCHAR, PARAMCHAR, PASSWORD, quote, TOKEN, USER, allIn } from "./charClasses.js";

/**
 * A SIP, SIPS, tel or other absolute URI (RFC 3261 §19.1, RFC 3966). Parts are held
 * unescaped; `toString()` escapes what the ABNF requires.
 *
 * @example
 * ```ts
 * import { URI } from "rxsip";
 *
 * const uri = URI.sip("alice", "example.com", 5060);
 * uri.params["transport"] = "tcp";
 * uri.toString(); // "sip:alice@example.com:5060;transport=tcp"
 * URI.sip("alice", "example.com").equals(URI.sip("alice", "EXAMPLE.com")); // true: hosts compare case-insensitively
 * URI.sip("alice", "example.com").equals(URI.sip("Alice", "example.com")); // false: users do not (RFC 3261 §19.1.4)
 * ```
 */
export class Uri implements UriData {
  scheme: string;
  user?: string;
  password?: string;
  host: string;
  port?: number;
  params: Params;
  headers: Record<string, string>;
  opaque?: string;

  constructor(data: UriData) {
    this.scheme = data.scheme;
    if (data.user !== undefined) this.user = data.user;
    if (data.password !== undefined) this.password = data.password;
    this.host = data.host;
    if (data.port !== undefined) this.port = data.port;
    this.params = data.params;
    this.headers = data.headers;
    if (data.opaque !== undefined) this.opaque = data.opaque;
  }

  /** "host" or "host:port". */
  get hostport(): string {
    return hostPort(this);
  }

  /** A sip: URI (no sips) with no parameters for `user@host[:port]`. */
  static sip(user: string | undefined, host: string, port?: number): Uri {
    // the constructor leaves an undefined user or port out
    return new Uri({ scheme: "sip", user, host, port, params: {}, headers: {} });
  }

  /** A copy that can be changed without touching this one (parameters and headers copied). */
  clone(): Uri {
    return new Uri({ ...this, params: { ...this.params }, headers: { ...this.headers } });
  }

  toString(): string {
    if (this.opaque !== undefined) return `${this.scheme}:${this.opaque}`;
    let s = this.scheme + ":";
    if (this.scheme === "tel") {
      s += this.user ?? "";
    } else {
      if (this.user !== undefined) {
        s += escapeWith(USER, this.user);
        if (this.password !== undefined) s += ":" + escapeWith(PASSWORD, this.password);
        s += "@";
      }
      s += this.host;
      if (this.port !== undefined) s += ":" + this.port;
    }
    for (const name in this.params) {
      const v = this.params[name];
      s += ";" + escapeWith(PARAMCHAR, name);
      if (v !== null && v !== undefined) s += "=" + escapeWith(PARAMCHAR, v);
    }
    let first = true;
    for (const name in this.headers) {
      s += (first ? "?" : "&") + escapeWith(HNVCHAR, name) + "=" + escapeWith(HNVCHAR, this.headers[name]!);
      first = false;
    }
    return s;
  }

  /** RFC 3261 §19.1.4 URI comparison. */
  equals(other: Uri): boolean {
    if (this.scheme !== other.scheme) return false;
    if (this.scheme !== "sip" && this.scheme !== "sips") {
      return this.toString().toLowerCase() === other.toString().toLowerCase();
    }
    if (this.user !== other.user || this.password !== other.password) return false;
    if (this.host.toLowerCase() !== other.host.toLowerCase()) return false;
    if (this.port !== other.port) return false;
    // user, ttl, method, maddr and transport must match when present in either URI.
    for (const p of ["user", "ttl", "method", "maddr", "transport"]) {
      const a = this.params[p];
      const b = other.params[p];
      if ((a === undefined) !== (b === undefined) || lowerOf(a) !== lowerOf(b)) return false;
    }
    // Any other parameter present in both must match (own parameters: "constructor" is a name like any other).
    for (const p in this.params) {
      if (!hasOwn.call(other.params, p)) continue;
      const a = this.params[p];
      const b = other.params[p];
      if (lowerOf(a) !== lowerOf(b) || (a === null) !== (b === null)) return false;
    }
    // Header components are never ignored.
    const ha = Object.keys(this.headers);
    const hb = Object.keys(other.headers);
    if (ha.length !== hb.length) return false;
    const lower = (h: Record<string, string>) => {
      const m = new Map<string, string>();
      for (const k in h) m.set(k.toLowerCase(), h[k]!);
      return m;
    };
    const la = lower(this.headers);
    const lb = lower(other.headers);
    for (const [k, v] of la) if (lb.get(k) !== v) return false;
    return true;
  }
}

/** A parameter value lower-cased, "" for a flag or an absent one. */
const lowerOf = (v: string | null | undefined) => (v ?? "").toLowerCase();

/** "host" or "host:port" of a URI or a Via. */
export function hostPort(at: { host: string; port?: number }): string {
  return at.port === undefined ? at.host : at.host + ":" + at.port;
}

/**
 * Writes `;name=value` parameters of a header (Via, From, Contact ...), quoting values that are
 * neither a token nor an IPv6 address or reference (gen-value, RFC 3261 §25.1),
 * and those of feature parameters (RFC 3840), which are always quoted.
 *
 * @example
 * ```ts
 * import { formatParams } from "rxsip/core";
 *
 * formatParams({ tag: "abc", lr: null }); // ";tag=abc;lr"
 * ```
 */
export function formatParams(params: Params): string {
  let s = "";
  for (const name in params) {
    const v = params[name];
    s += ";" + name;
    if (v !== null && v !== undefined) s += "=" + (v !== "" && !FEATURE.test(name) && (allIn(TOKEN, v) || isIPv6(v.replace(/^\[(.*)\]$/, "$1"))) ? v : quote(v));
  }
  return s;
}

/** Feature parameters (RFC 3840 §9: "+" tags and the base tags), whose values are always quoted. */
const FEATURE = /^(\+|(audio|automata|class|duplex|data|control|mobility|description|events|priority|methods|schemes|application|video|language|type|isfocus|actor|text|extensions)$)/;
