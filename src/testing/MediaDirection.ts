/** Direction attribute of a media stream (RFC 3264 §5.1, §6.1; RFC 4566 §6). */
export type MediaDirection = "sendrecv" | "sendonly" | "recvonly" | "inactive";

const DIRECTIONS: ReadonlySet<string> = new Set(["sendrecv", "sendonly", "recvonly", "inactive"]);

export function isMediaDirection(value: string): value is MediaDirection {
  return DIRECTIONS.has(value);
}

function direction(send: boolean, receive: boolean): MediaDirection {
  return send ? (receive ? "sendrecv" : "sendonly") : receive ? "recvonly" : "inactive";
}

/** What to offer: everything, or `sendonly` on hold (RFC 3264 §8.4). */
export function offerDirection(held: boolean): MediaDirection {
  return direction(true, !held);
}

/**
 * What to answer to an offered direction (RFC 3264 §6.1): send only if the offerer
 * receives, receive only if the offerer sends and we are not holding the call. So
 * `sendonly` is answered `recvonly`, `recvonly` is answered `sendonly`.
 */
export function answerDirection(offered: MediaDirection, held: boolean): MediaDirection {
  const offererSends = offered === "sendrecv" || offered === "sendonly";
  const offererReceives = offered === "sendrecv" || offered === "recvonly";
  return direction(offererReceives, offererSends && !held);
}
