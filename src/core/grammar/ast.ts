/**
 * The plain data shapes the SIP grammar (sip.peggy) specifies and the hand-written parser
 * (./headerRules.ts) produces, one per start rule.
 * The message layer wraps some of them in classes (Uri, NameAddr, Via) that add
 * `toString()` and comparison; the shapes here are the contract between the grammar,
 * the hand-written parser and those classes.
 *
 * Conventions (the grammar and the parser follow them):
 * - Parameter names are lower-cased; a parameter without `=value` has the value `null`.
 * - URI user, password, parameter names/values and header names/values are stored
 *   unescaped (`%41` becomes `A`, once: RFC 4475 §3.1.1.3 says unescaping is not recursive).
 * - Quoted strings (display names, auth params) are stored without quotes, with
 *   quoted-pairs resolved (`\"` becomes `"`).
 * - Tokens that are case-insensitive in the RFC keep their case in the data, except the
 *   Via transport, which is upper-cased, and the URI scheme, which is lower-cased.
 * - Hosts keep their spelling; IPv6 references keep their brackets (`[2001:db8::10]`).
 */

export type Params = Record<string, string | null>;

/** RFC 3261 §19.1 SIP/SIPS URI, RFC 3966 tel URI, or any other absoluteURI (opaque). */
export interface UriData {
  /** Lower-cased: "sip", "sips", "tel", or another scheme. */
  scheme: string;
  /** sip/sips: userinfo user; tel: the telephone-subscriber number (global or local). */
  user?: string;
  password?: string;
  /** sip/sips: hostname, IPv4 or bracketed IPv6 reference; "" for tel and opaque URIs. */
  host: string;
  port?: number;
  params: Params;
  /** `?name=value&...` of a SIP URI (unescaped). */
  headers: Record<string, string>;
  /** For schemes other than sip/sips/tel: everything after the colon, as written. */
  opaque?: string;
}

/** name-addr or addr-spec with the header parameters that follow it (From, To, Contact, Route, Refer-To ...). */
export interface NameAddrData {
  displayName?: string;
  uri: UriData;
  /** Header parameters (tag, expires, q, lr is a URI param ...). */
  params: Params;
}

/** One Via value (RFC 3261 §20.42). */
export interface ViaData {
  /** "SIP/2.0" (protocol-name "/" protocol-version, as written). */
  protocol: string;
  /** Upper-cased transport: UDP, TCP, TLS, SCTP, WS, WSS or an extension token. */
  transport: string;
  host: string;
  port?: number;
  params: Params;
}

/** A CSeq value (RFC 3261 §20.16): the sequence number and the method. */
export interface CSeqData {
  seq: number;
  method: string;
}

/** Contact header: either `*` or a list of contacts. */
export type ContactData = { star: true } | { star: false; contacts: NameAddrData[] };

/** WWW-Authenticate / Proxy-Authenticate (challenge), Authorization / Proxy-Authorization (credentials). */
export interface AuthData {
  /** "Digest" (as written) or another scheme. */
  scheme: string;
  /** Lower-cased names, unquoted values. */
  params: Record<string, string>;
}

/** A Content-Type value (RFC 3261 §20.15): lower-cased `type` / `subtype` and the parameters, e.g. `charset`. */
export interface ContentTypeData {
  type: string;
  subtype: string;
  params: Params;
}

/**
 * An Event value (RFC 6665 §8.2.1): the event package (e.g. `presence`, `refer`) and its parameters (`id`
 * ...).
 */
export interface EventData {
  event: string;
  params: Params;
}

/**
 * A Subscription-State value (RFC 6665 §8.2.3): `active`, `pending` or `terminated` and its parameters
 * (`expires`, `reason`, `retry-after`).
 */
export interface SubscriptionStateData {
  state: string;
  params: Params;
}

/** A Session-Expires value (RFC 4028 §4): the interval in seconds and its parameters (`refresher=uac|uas`). */
export interface SessionExpiresData {
  delta: number;
  params: Params;
}

/**
 * An RAck value (RFC 3262 §7.2): the RSeq of the provisional response a PRACK acknowledges, and the CSeq
 * number and method of its request.
 */
export interface RAckData {
  rseq: number;
  cseq: number;
  method: string;
}

/**
 * A Replaces value (RFC 3891 §6.1): the Call-ID of the dialog to replace and its parameters (`to-tag`,
 * `from-tag`, `early-only`).
 */
export interface ReplacesData {
  callId: string;
  params: Params;
}

/** One Reason value (RFC 3326): the protocol (`SIP`, `Q.850`) and its parameters (`cause`, `text`). */
export interface ReasonData {
  protocol: string;
  params: Params;
}

/** A Retry-After value (RFC 3261 §20.33): seconds to wait, the optional comment, and parameters (`duration`). */
export interface RetryAfterData {
  delta: number;
  comment?: string;
  params: Params;
}

/** One Warning value (RFC 3261 §20.43): the three-digit warn-code, the agent that added it, and the text. */
export interface WarningData {
  code: number;
  agent: string;
  text: string;
}

/** Accept / Accept-Encoding / Accept-Language style entries. */
export interface MediaRangeData {
  type: string;
  subtype?: string;
  params: Params;
}

/** Which start rule parses which header, and what it returns. */
export interface GrammarRules {
  /** Any URI as allowed in a Request-URI: SIP/SIPS/tel/absoluteURI. */
  Uri: UriData;
  /** From, To, Refer-To, Referred-By, Reply-To. */
  NameAddrOrAddrSpec: NameAddrData;
  Contact: ContactData;
  /** Route, Record-Route, Path, Service-Route: comma list of name-addr. */
  RouteList: NameAddrData[];
  /** P-Asserted-Identity, P-Preferred-Identity (RFC 3325 §9.1): comma list of name-addr or addr-spec. */
  IdentityList: NameAddrData[];
  /** Comma list of Via values. */
  Via: ViaData[];
  CSeq: CSeqData;
  CallId: string;
  /** Max-Forwards, Content-Length, Expires, Min-Expires, Min-SE, RSeq: 1*DIGIT, at most 2^32-1. */
  Integer: number;
  ContentType: ContentTypeData;
  /** Allow, Supported, Require, Proxy-Require, Unsupported, Content-Encoding, Allow-Events. */
  TokenList: string[];
  Challenge: AuthData;
  Credentials: AuthData;
  Event: EventData;
  SubscriptionState: SubscriptionStateData;
  SessionExpires: SessionExpiresData;
  RAck: RAckData;
  Replaces: ReplacesData;
  Reason: ReasonData[];
  RetryAfter: RetryAfterData;
  Warning: WarningData[];
  Accept: MediaRangeData[];
  /** RFC 1123 date as in SIP-date ("GMT" required); returns epoch milliseconds. */
  Date: number;
  /** Subject, Organization, User-Agent, Server ...: any TEXT-UTF8 (may be empty). */
  Text: string;
}

/**
 * The name of a start rule of the grammar, e.g. `"Via"` or `"SessionExpires"`: the first argument of {@link
 * parseHeaderValue}.
 */
export type GrammarRule = keyof GrammarRules;
