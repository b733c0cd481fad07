/**
 * Whether an SDP is an offer or an answer, read from its DTLS role (RFC 5763 §5, RFC 8842
 * §5.2-5.3): the offerer MUST say `a=setup:actpass`, the answerer `active` or `passive`.
 * Undefined when the SDP has no setup attribute (not DTLS-SRTP).
 */
export function sdpRole(sdp: string): "offer" | "answer" | undefined {
  const m = /^a=setup:(actpass|active|passive|holdconn)\r?$/m.exec(sdp);
  if (m === null) return undefined;
  return m[1] === "actpass" ? "offer" : "answer";
}

/**
 * Whether two SDPs name the same DTLS certificate (RFC 8122 `a=fingerprint`): the same peer,
 * not another fork of the call, whose device has a certificate of its own.
 */
export function sameFingerprint(sdp: string, other: string | undefined): boolean {
  const fingerprint = (s: string | undefined) => /^a=fingerprint:(.*?)\r?$/m.exec(s ?? "")?.[1]?.toLowerCase();
  const f = fingerprint(sdp);
  return f !== undefined && f === fingerprint(other);
}
