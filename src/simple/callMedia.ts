/**
 * What SimpleUser needs of a call's media, read from whatever media handler the session has,
 * without naming DOM types: the WebRTC handler exposes `peerConnection`, `localMediaStream`,
 * `remoteMediaStream` and `enableSenderTracks` (SIP.js's names); the fake handler has none of
 * them, and then these helpers do nothing.
 */

interface TrackLike {
  enabled: boolean;
  kind?: string;
}
interface StreamLike {
  getTracks(): TrackLike[];
}
interface MediaHandlerShape {
  peerConnection?: { getSenders?(): Array<{ track: TrackLike | null }>; getReceivers?(): Array<{ track: TrackLike | null }> };
  localMediaStream?: StreamLike;
  remoteMediaStream?: StreamLike;
  enableSenderTracks?(enable: boolean): void;
}

/** The remote stream of a handler, when it has one. */
export function remoteStreamOf(sdh: unknown): StreamLike | undefined {
  return (sdh as MediaHandlerShape | undefined)?.remoteMediaStream;
}

/** The local (captured) stream of a handler, when it has one. */
export function localStreamOf(sdh: unknown): StreamLike | undefined {
  return (sdh as MediaHandlerShape | undefined)?.localMediaStream;
}

/**
 * Turns the outgoing tracks on or off (mute, and silence while on hold): the handler's own
 * `enableSenderTracks` when it has one, else each sender's track, else the local stream's.
 */
export function enableSenderTracks(sdh: unknown, enable: boolean): void {
  const h = sdh as MediaHandlerShape | undefined;
  if (h === undefined) return;
  if (typeof h.enableSenderTracks === "function") {
    h.enableSenderTracks(enable);
    return;
  }
  const senders = h.peerConnection?.getSenders?.();
  if (senders !== undefined) {
    for (const s of senders) if (s.track) s.track.enabled = enable;
    return;
  }
  for (const t of h.localMediaStream?.getTracks() ?? []) t.enabled = enable;
}

/** Plays `stream` in `element` (sets `srcObject`, then `play()`; autoplay refusals are ignored). */
export function attachStream(element: { srcObject: unknown; play?(): Promise<void> | void } | undefined, stream: unknown): void {
  if (element === undefined) return;
  element.srcObject = stream ?? null;
  if (stream === undefined || stream === null) return;
  try {
    const played = element.play?.();
    if (played && typeof (played as Promise<void>).catch === "function") (played as Promise<void>).catch(() => undefined);
  } catch {
    // a page without a user gesture may refuse to play; the element keeps the stream
  }
}
