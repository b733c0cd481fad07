import { checkReasonPhrase, SipResponse, type SipRequest } from "../messages/index.js";

/** The headers a response copies from its request after the Vias (§8.2.6.2), in order. */
const COPIED = ["From", "To", "Call-ID", "CSeq"];
const COPIED_BY_TRYING = ["From", "To", "Call-ID", "CSeq", "Timestamp"];

/**
 * A response to `request` with the headers RFC 3261 §8.2.6.2 requires: every Via in
 * order, From, To, Call-ID and CSeq copied. When the request's To has no tag and `toTag`
 * is given, the tag is added (every response but 100 needs one). A 100 (Trying) also
 * copies Timestamp (§8.2.6.1). The transaction layer uses it for the responses it makes
 * itself: 100 (Trying), 487 and the answers to CANCEL; the user agent core for the 400 it
 * sends to a request that lacks some of these headers (RFC 4475 §3.3.1): what the request
 * does not have, the response does not have either (never an empty header line).
 *
 * @example
 * ```ts
 * import { buildResponse, generateTag, type SipRequest } from "rxsip/core";
 * declare const request: SipRequest;
 *
 * const response = buildResponse(request, 486, "Busy Here", generateTag()); // Via, From, To (+tag), Call-ID, CSeq copied
 * response.setHeader("Retry-After", "60");
 * ```
 */
export function buildResponse(request: SipRequest, statusCode: number, reasonPhrase: string, toTag?: string): SipResponse {
  const response = new SipResponse(statusCode, checkReasonPhrase(reasonPhrase)); // CR/LF would forge headers
  for (const via of request.getHeaders("via")) response.addHeader("Via", via);
  // the 100 (Trying) also echoes a Timestamp (§8.2.6.1)
  for (const name of statusCode === 100 ? COPIED_BY_TRYING : COPIED) {
    const value = request.getHeader(name);
    if (value === undefined) continue;
    response.addHeader(name, name === "To" && toTag !== undefined && request.to.tag === undefined ? value + ";tag=" + toTag : value);
  }
  return response;
}
