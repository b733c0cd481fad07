import type { SipRequest } from "../messages/index.js";
import { reasonFor } from "./ResponseOptions.js";

/** A response the core sends without creating any state, and why. */
export interface StatelessAnswer {
  statusCode: number;
  reasonPhrase: string;
  headers?: Array<[string, string]>;
}

/** Options of {@link checkRequest}: what this user agent understands. */
export interface RequestCheckOptions {
  /** Methods this UA implements (405 with Allow otherwise). */
  allow: readonly string[];
  /** Methods handed to the application although not advertised in Allow (REGISTER, PUBLISH to a UA acting as a server). */
  extraMethods?: readonly string[];
  /** Option tags this UA supports (420 with Unsupported for anything else in Require). */
  supported: readonly string[];
  /** Session description types this UA accepts in INVITE / UPDATE / PRACK (415 with Accept otherwise). */
  accept: readonly string[];
}

const URI_SCHEMES = new Set(["sip", "sips", "tel"]);
const SDP_METHODS = new Set(["INVITE", "UPDATE", "PRACK"]);
const MANDATORY = ["call-id", "cseq", "from", "to", "via"];

/** The answer `statusCode` with its usual reason phrase ({@link reasonFor}). */
function answer(statusCode: number, headers?: Array<[string, string]>): StatelessAnswer {
  return { statusCode, reasonPhrase: reasonFor(statusCode), ...(headers ? { headers } : {}) };
}

/**
 * The checks a UAS makes before any transaction or dialog exists (RFC 3261 §8.2, RFC 4475
 * §3.1.2 / §3.3), in the RFC's order. Returns the answer to send, or undefined when the
 * request may proceed. A request whose headers cannot even be read (no Via, say) is not
 * answerable: the caller drops it.
 *
 * @example
 * ```ts
 * import { checkRequest, DEFAULT_ACCEPT, DEFAULT_ALLOW, DEFAULT_SUPPORTED, type SipRequest } from "rxsip/core";
 * declare const request: SipRequest; // with Require: foo
 *
 * const answer = checkRequest(request, { allow: DEFAULT_ALLOW, supported: DEFAULT_SUPPORTED, accept: DEFAULT_ACCEPT });
 * // { statusCode: 420, reasonPhrase: "Bad Extension", headers: [["Unsupported", "foo"]] }
 * ```
 */
export function checkRequest(request: SipRequest, options: RequestCheckOptions): StatelessAnswer | undefined {
  // §8.1.1 / RFC 4475 §3.3.1: the mandatory headers must be present and single (§3.3.9)
  for (const h of MANDATORY) {
    if (!request.hasHeader(h)) return { statusCode: 400, reasonPhrase: `Missing ${h} header` };
  }
  if (!request.hasHeader("max-forwards") && request.method !== "ACK") {
    // RFC 3261 §8.1.1.6 makes it a MUST for the sender; RFC 4475 §3.3.1 expects 400 without it
    return { statusCode: 400, reasonPhrase: "Missing Max-Forwards header" };
  }
  for (const h of ["call-id", "cseq", "from", "to", "max-forwards"]) {
    const values = request.getHeaders(h);
    if (values.length > 1 && values.some((v) => v !== values[0])) {
      return { statusCode: 400, reasonPhrase: `Conflicting ${h} headers` };
    }
  }
  // §8.2.1 / RFC 4475 §3.1.2.16: version
  if (request.version.toUpperCase() !== "SIP/2.0") return answer(505);
  const known = options.allow.includes(request.method) || options.extraMethods?.includes(request.method);
  const allow: Array<[string, string]> = [["Allow", options.allow.join(", ")]];
  // RFC 4475 §3.1.2.17/18: CSeq method must equal the method (an unknown method: 501)
  if (request.cseq.method !== request.method) {
    return known ? { statusCode: 400, reasonPhrase: "CSeq method does not match the request method" } : answer(501, allow);
  }
  // §8.2.1: methods
  if (!known) return answer(405, allow);
  // §8.2.2.1: Request-URI scheme (RFC 4475 §3.3.2/3.3.3 ask for 416)
  if (!URI_SCHEMES.has(request.ruri.scheme)) return answer(416);
  // RFC 4475 §3.1.2.13: headers in a Request-URI are not allowed
  if (Object.keys(request.ruri.headers).length > 0) return { statusCode: 400, reasonPhrase: "Headers in the Request-URI" };
  // §8.2.2.3: Require
  if (request.method !== "CANCEL" && request.method !== "ACK") {
    const unsupported = request.tokens("require").filter((t) => !options.supported.includes(t.toLowerCase()));
    if (unsupported.length > 0) {
      return answer(420, [["Unsupported", unsupported.join(", ")]]);
    }
  }
  // RFC 3515 §2.4.1: a REFER with zero or more than one Refer-To MUST get 400; one that cannot be read, 400 too (ParseError)
  if (request.method === "REFER") {
    if (request.getHeaders("refer-to").length !== 1) return answer(400);
    void request.parseHeader("refer-to", "NameAddrOrAddrSpec");
  }
  // §12.1.1: the route set of a dialog it may create is read from its Record-Route: unreadable, 400 (ParseError)
  if ((request.method === "INVITE" || request.method === "SUBSCRIBE" || request.method === "REFER") && request.to.tag === undefined) void request.recordRoutes;
  // §8.2.3: content processing
  // session descriptions only: MESSAGE, INFO, NOTIFY ... carry whatever the application takes
  if (request.body.length > 0 && SDP_METHODS.has(request.method)) {
    const ct = request.parseHeader("content-type", "ContentType");
    const type = ct ? `${ct.type}/${ct.subtype}`.toLowerCase() : "";
    if (!options.accept.some((a) => a === type || a === "*/*" || (a.endsWith("/*") && type.startsWith(a.slice(0, -1))))) {
      return answer(415, [["Accept", options.accept.join(", ")]]);
    }
    const enc = request.tokens("content-encoding").filter((e) => e.toLowerCase() !== "identity");
    if (enc.length > 0) {
      return answer(415, [["Accept-Encoding", "identity"]]);
    }
  }
  // RFC 4475 §3.3.14: Accept that excludes the only body type we would answer with
  if (request.method === "INVITE" && request.hasHeader("accept")) {
    const accepted = request.getHeaders("accept").map((a) => a.split(";")[0]!.trim().toLowerCase());
    if (!accepted.some((a) => a === "application/sdp" || a === "*/*" || a === "application/*")) {
      return answer(406, [["Warning", '399 - "Accept excludes application/sdp"']]);
    }
  }
  return undefined;
}
