/**
 * Keys that match messages to transactions (RFC 3261 §17.1.3, §17.2.3). A transaction is
 * stored under the key of the request that created it; an arriving message is looked up
 * under its own key.
 */
import { MAGIC_COOKIE, type SipRequest, type SipResponse } from "../messages/index.js";

const SEP = "\u0000";

/**
 * §17.1.3: a response matches a client transaction when its top Via branch equals the
 * branch of the request's top Via, and its CSeq method equals the request's method (a
 * CANCEL shares the INVITE's branch).
 */
export function clientKey(branch: string, method: string): string {
  return branch + SEP + method;
}

/** The client key of an arriving response; undefined when its top Via has no branch. */
export function responseKey(response: SipResponse): string | undefined {
  const branch = response.via.branch;
  return branch === undefined ? undefined : clientKey(branch, response.cseq.method);
}

/** True when the top Via branch starts with the RFC 3261 magic cookie (§8.1.1.7). */
export function hasMagicCookie(request: SipRequest): boolean {
  const branch = request.via.branch;
  return branch !== undefined && branch.startsWith(MAGIC_COOKIE);
}

/**
 * The server key of a request, looked up as `method` (default its own; ACK looks for the
 * INVITE, §17.2.3: "the method of the request matches the one that created the transaction,
 * except for ACK, where the method of the request that created the transaction is INVITE").
 *
 * - With the magic cookie: branch + sent-by of the top Via + method.
 * - Without it (RFC 2543 peers): Request-URI, From tag, Call-ID, CSeq number and method, and
 *   the whole top Via; the To tag is compared after the look-up (see `toTagMatches2543`),
 *   because an ACK's To tag must equal that of the response, which is not known at creation.
 */
export function serverKey(request: SipRequest, method: string = request.method): string {
  const m = method === "ACK" ? "INVITE" : method;
  const via = request.via;
  const branch = via.branch;
  if (branch !== undefined && branch.startsWith(MAGIC_COOKIE)) {
    return branch + SEP + via.host.toLowerCase() + SEP + (via.port ?? "") + SEP + m;
  }
  return (
    "2543" + SEP + request.ruri.toString() + SEP + (request.from.tag ?? "") + SEP + request.callId + SEP +
    request.cseq.seq + SEP + m + SEP + via.toString()
  );
}

/** Whether a server key is an RFC 2543 one (no magic cookie). */
export function isKey2543(key: string): boolean {
  return key.startsWith("2543" + SEP);
}

/**
 * RFC 2543 matching of the To tag (§17.2.3): an INVITE (or any non-ACK request) retransmission
 * has the To tag of the request that created the transaction; an ACK has the To tag of the
 * response the server transaction sent.
 */
export function toTagMatches2543(
  request: SipRequest,
  created: SipRequest,
  lastResponse: SipResponse | undefined,
): boolean {
  const tag = request.to.tag ?? "";
  if (request.method === "ACK") return tag === (lastResponse?.to.tag ?? "");
  return tag === (created.to.tag ?? "");
}
