/**
 * An SDP answer to `offer` that refuses every stream: one `m=` line per offered one, in the
 * same order, with port 0 and the offer's first format (RFC 3264 §6). It is the "valid
 * answer" RFC 3261 §13.2.2.4 has the ACK carry when the offer in a 2xx cannot be taken (the
 * dialog is then ended with BYE), e.g. a second fork's 2xx to an INVITE without an offer.
 * No offer (no `m=` line): "".
 */
export function refusingAnswer(offer: string): string {
  const m = offer.match(/^m=\S+ \S+ \S+ \S+/gm);
  return m ? `v=0\r\no=- 0 0 IN IP4 0.0.0.0\r\ns=-\r\nc=IN IP4 0.0.0.0\r\nt=0 0\r\n${m.join("\r\n").replace(/^(m=\S+) \S+/gm, "$1 0")}\r\n` : "";
}
