import { checkReasonPhrase, SipResponse, type SipRequest } from "../messages/index.js";

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
  const from = request.getHeader("from");
  if (from !== undefined) response.addHeader("From", from);
  const to = request.getHeader("to");
  if (to !== undefined) response.addHeader("To", toTag !== undefined && request.to.tag === undefined ? to + ";tag=" + toTag : to);
  const callId = request.getHeader("call-id");
  if (callId !== undefined) response.addHeader("Call-ID", callId);
  const cseq = request.getHeader("cseq");
  if (cseq !== undefined) response.addHeader("CSeq", cseq);
  if (statusCode === 100) {
    const timestamp = request.getHeader("timestamp");
    if (timestamp !== undefined) response.addHeader("Timestamp", timestamp);
  }
  return response;
}
