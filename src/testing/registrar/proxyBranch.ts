import { md5 } from "../../core/auth/index.js";
import { MAGIC_COOKIE, ParseError, type SipRequest } from "../../core/messages/index.js";

/** How every branch the registrar's proxy writes starts: the magic cookie, then a mark of its own. */
export const PROXY_BRANCH_PREFIX = `${MAGIC_COOKIE}rxr`;

/**
 * The branch of the Via the proxy adds to a request it forwards without keeping state
 * (RFC 3261 §16.11): a hash of the incoming top Via's branch and sent-by, the Call-ID and
 * the CSeq number, salted per registrar. A retransmission gets the same branch, and so do
 * a CANCEL and the ACK of a non-2xx response (they carry their INVITE's branch), as the
 * next hop needs to match them to its INVITE transaction (§16.11: "the branch parameter
 * ... MUST be the same for a CANCEL ... and the original request").
 */
export function proxyBranch(request: SipRequest, salt: string): string {
  let key: string;
  try {
    const via = request.via;
    key = `${via.branch ?? ""}|${via.sentBy.toLowerCase()}|${request.callId}|${request.cseq.seq}`;
  } catch (error) {
    if (!(error instanceof ParseError)) throw error;
    key = request.toString();
  }
  return PROXY_BRANCH_PREFIX + md5(`${salt}|${key}`).slice(0, 24);
}

/** The key of the INVITE a CANCEL or a non-2xx ACK belongs to: its top Via branch and sent-by (§17.2.3). */
export function inviteKey(request: SipRequest): string {
  const via = request.via;
  return `${via.branch ?? ""}|${via.sentBy.toLowerCase()}|${request.callId}`;
}
