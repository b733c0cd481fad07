import { SipRequest, type SipResponse } from "../messages/index.js";

/**
 * The ACK an INVITE client transaction sends for a 300-699 response (RFC 3261 §17.1.1.3):
 *
 * - Request-URI, Call-ID and From equal to the INVITE's;
 * - To equal to the To of the response being acknowledged (it carries the tag);
 * - a single Via, equal to the INVITE's top Via (same branch: it is part of the transaction);
 * - CSeq with the INVITE's sequence number and the method ACK;
 * - the INVITE's Route header fields, if it had any.
 *
 * https://www.rfc-editor.org/rfc/rfc3261#section-17.1.1.3
 *
 * @example
 * ```ts
 * import { buildAck, type SipRequest, type SipResponse } from "rxsip/core";
 * declare const invite: SipRequest;
 * declare const busy: SipResponse; // 486 to it
 *
 * const ack = buildAck(invite, busy); // same branch and Call-ID, the response's To tag, CSeq method ACK
 * ```
 */
export function buildAck(invite: SipRequest, response: SipResponse): SipRequest {
  return requestInTransaction(invite, "ACK", response.getHeader("to"));
}

/**
 * A request that goes with `invite` in its transaction (the ACK of a non-2xx, the CANCEL):
 * the INVITE's Request-URI, top Via, From, Call-ID, CSeq number and Route header fields,
 * `method`, and the To given.
 */
export function requestInTransaction(invite: SipRequest, method: "ACK" | "CANCEL", to: string | undefined): SipRequest {
  const request = new SipRequest(method, invite.ruri.clone());
  const topVia = invite.getHeaders("via")[0];
  if (topVia !== undefined) request.addHeader("Via", topVia);
  request.addHeader("Max-Forwards", "70");
  for (const name of ["From", "To", "Call-ID"]) request.addHeader(name, (name === "To" ? to : invite.getHeader(name)) ?? "");
  request.addHeader("CSeq", `${invite.cseq.seq} ${method}`);
  for (const route of invite.getHeaders("route")) request.addHeader("Route", route);
  return request;
}
