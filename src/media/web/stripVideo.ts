import type { SessionDescriptionInit } from "../SessionDescriptionHandler.js";

/**
 * SDP modifier (SIP.js `Web.stripVideo`): removes the video media sections (an audio-only call).
 *
 * @example
 * ```ts
 * import { Web, type Invitation } from "rxsip";
 * declare const invitation: Invitation;
 *
 * // answer a video call with audio only
 * await invitation.accept({ sessionDescriptionHandlerModifiers: [Web.stripVideo] });
 * ```
 */
export function stripVideo(description: SessionDescriptionInit): Promise<SessionDescriptionInit> {
  if (description.sdp === undefined) return Promise.resolve(description);
  const eol = description.sdp.includes("\r\n") ? "\r\n" : "\n";
  const sections = description.sdp.split(/\r?\n(?=m=)/);
  const kept = sections.filter((s, i) => i === 0 || !s.startsWith("m=video"));
  return Promise.resolve({ ...description, sdp: kept.join(eol) });
}
