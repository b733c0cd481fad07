import type { SessionDescriptionInit } from "../SessionDescriptionHandler.js";

/**
 * SDP modifier (SIP.js `Web.holdModifier`) for handlers that hold by rewriting SDP rather than
 * by transceiver direction: every media section stops receiving (RFC 3264 §8.4) —
 * sendrecv becomes sendonly, recvonly becomes inactive.
 *
 * @example
 * ```ts
 * import { Web, type Session } from "rxsip";
 * declare const session: Session;
 *
 * // SIP.js style hold: a re-INVITE whose offer is rewritten to sendonly
 * await session.invite({ sessionDescriptionHandlerModifiers: [Web.holdModifier] });
 * ```
 */
export function holdModifier(description: SessionDescriptionInit): Promise<SessionDescriptionInit> {
  if (description.sdp === undefined) return Promise.resolve(description);
  const sdp = description.sdp.replace(/^a=sendrecv(\r?)$/gm, "a=sendonly$1").replace(/^a=recvonly(\r?)$/gm, "a=inactive$1");
  return Promise.resolve({ ...description, sdp });
}
