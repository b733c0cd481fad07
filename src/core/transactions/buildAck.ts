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
  const ack = new SipRequest("ACK", invite.ruri.clone());
  const topVia = invite.getHeaders("via")[0];
  if (topVia !== undefined) ack.addHeader("Via", topVia);
  ack.addHeader("Max-Forwards", "70");
  ack.addHeader("From", invite.getHeader("from") ?? "");
  ack.addHeader("To", response.getHeader("to") ?? "");
  ack.addHeader("Call-ID", invite.getHeader("call-id") ?? "");
  ack.addHeader("CSeq", `${invite.cseq.seq} ACK`);
  for (const route of invite.getHeaders("route")) ack.addHeader("Route", route);
  return ack;
}
