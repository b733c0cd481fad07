import { SipResponse, type SipRequest } from "../messages/index.js";

/**
 * A response to `request` with the headers RFC 3261 §8.2.6.2 requires: every Via in
 * order, From, To, Call-ID and CSeq copied. When the request's To has no tag and `toTag`
 * is given, the tag is added (every response but 100 needs one). A 100 (Trying) also
 * copies Timestamp (§8.2.6.1). The transaction layer uses it for the responses it makes
 * itself: 100 (Trying), 487 and the answers to CANCEL.
 */
export function buildResponse(request: SipRequest, statusCode: number, reasonPhrase: string, toTag?: string): SipResponse {
  const response = new SipResponse(statusCode, reasonPhrase);
  for (const via of request.getHeaders("via")) response.addHeader("Via", via);
  response.addHeader("From", request.getHeader("from") ?? "");
  let to = request.getHeader("to") ?? "";
  if (toTag !== undefined && request.to.tag === undefined) to += ";tag=" + toTag;
  response.addHeader("To", to);
  response.addHeader("Call-ID", request.getHeader("call-id") ?? "");
  response.addHeader("CSeq", request.getHeader("cseq") ?? "");
  if (statusCode === 100) {
    const timestamp = request.getHeader("timestamp");
    if (timestamp !== undefined) response.addHeader("Timestamp", timestamp);
  }
  return response;
}
