const DIRECTION = /^a=(?:sendrecv|sendonly|recvonly|inactive)(?=\r?$)/m;

/**
 * The SDP with a direction attribute in every RTP media section, as RFC 3264 §5.1 and RFC 4566 §6
 * read it: a section without one takes the session-level one, else sendrecv. werift takes a
 * section without one for inactive (a call with no audio), and browsers ignore a session-level
 * one (a peer's session-level hold would be answered sendrecv).
 */
export function explicitDirections(sdp: string): string {
  const [session, ...media] = sdp.split(/(?=^m=)/m);
  const direction = DIRECTION.exec(session!)?.[0] ?? "a=sendrecv";
  // a data channel section (m=application) has no direction
  return session + media.map((m) => (DIRECTION.test(m) || m.startsWith("m=application") ? m : m.replace(/\r?\n?$/, `\r\n${direction}\r\n`))).join("");
}
