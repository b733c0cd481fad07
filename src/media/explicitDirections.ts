const DIRECTION = /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m;

/**
 * The SDP with a direction attribute in every media section, as RFC 3264 §5.1 and RFC 4566 §6
 * read it: a section without one takes the session-level one, else sendrecv. werift takes a
 * section without one for inactive (a call with no audio), and browsers ignore a session-level
 * one (a peer's session-level hold would be answered sendrecv).
 */
export function explicitDirections(sdp: string): string {
  const sections = sdp.split(/(?=^m=)/m);
  const fallback = `a=${DIRECTION.exec(sections[0]!)?.[1] ?? "sendrecv"}`;
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  return sections.map((s, i) => (i === 0 || DIRECTION.test(s) ? s : `${s.endsWith("\n") ? s : s + eol}${fallback}${eol}`)).join("");
}
