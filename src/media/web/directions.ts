/**
 * Transceiver directions (JSEP §4.2.4, RFC 3264 §6.1) made from what we want: whether we
 * send and whether we receive. Hold (RFC 3264 §8.4, RFC 6337 §5.3) is "stop receiving":
 * sendrecv becomes sendonly, recvonly becomes inactive.
 */
export function direction(send: boolean, recv: boolean): RTCRtpTransceiverDirection {
  if (send) return recv ? "sendrecv" : "sendonly";
  return recv ? "recvonly" : "inactive";
}

export function sends(d: RTCRtpTransceiverDirection | null | undefined): boolean {
  return d === "sendrecv" || d === "sendonly";
}

export function receives(d: RTCRtpTransceiverDirection | null | undefined): boolean {
  return d === "sendrecv" || d === "recvonly";
}
