import type { SipRequest, SipResponse } from "../core/messages/index.js";

/** The Info Package (RFC 6086) and option tag of trickle ICE (RFC 8840 §10). */
export const TRICKLE_ICE_PACKAGE = "trickle-ice";

/** RFC 8840 §4.1 / RFC 6086 §5.2.2: the peer supports trickle ICE (Supported) and takes its INFOs (Recv-Info). */
export function peerTrickles(message: SipRequest | SipResponse): boolean {
  return hasToken(message, "supported", TRICKLE_ICE_PACKAGE) && hasToken(message, "recv-info", TRICKLE_ICE_PACKAGE);
}

/** Whether an INFO belongs to the trickle-ice Info Package (RFC 6086 §7.2: Info-Package). */
export function isTrickleInfo(request: SipRequest): boolean {
  return request.method === "INFO" && hasToken(request, "info-package", TRICKLE_ICE_PACKAGE);
}

function hasToken(message: SipRequest | SipResponse, header: string, token: string): boolean {
  for (const value of message.getHeaders(header)) {
    for (const t of value.split(",")) if (t.split(";")[0]!.trim().toLowerCase() === token) return true;
  }
  return false;
}

