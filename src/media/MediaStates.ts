/**
 * What the media handlers show as streams, in shapes shared by the browser handler
 * (`WebSessionDescriptionHandler`) and the Node one (`NodeSessionDescriptionHandler`), so an
 * application reads `audioLevel$`, `mute$` and `connectionState$` the same way on both.
 * DOM-free: the state names are the W3C WebRTC ones, spelled out.
 */

/** Audio levels of a call, 0..1 (WebRTC's `audioLevel` scale: linear, 1 is full scale, 0 silence): what we hear and what we send. */
export interface AudioLevels {
  /** Level of the inbound audio (undefined before any arrives). */
  inbound: number | undefined;
  /** Level of the audio we send (undefined when there is none: no microphone, nothing sent yet). */
  outbound: number | undefined;
}

/** Which kinds of our media are muted (the track is sent, but as silence / black). */
export interface MuteState {
  audio: boolean;
  video: boolean;
}

/** A kind of media track. */
export type Kind = "audio" | "video";

/** ICE connection state (W3C WebRTC `RTCIceConnectionState`). */
export type IceConnectionState = "new" | "checking" | "connected" | "completed" | "disconnected" | "failed" | "closed";
/** DTLS transport state (W3C WebRTC `RTCDtlsTransportState`). */
export type DtlsTransportState = "new" | "connecting" | "connected" | "closed" | "failed";
/** Peer connection state (W3C WebRTC `RTCPeerConnectionState`). */
export type PeerConnectionState = "new" | "connecting" | "connected" | "disconnected" | "failed" | "closed";

/** Where the media connection is: ICE (RFC 8445) and DTLS (RFC 6347) as the peer connection reports them. */
export interface MediaConnectionState {
  /** `iceConnectionState`. */
  ice: IceConnectionState;
  /** The DTLS transport of the first sender or receiver ("new" before there is one). */
  dtls: DtlsTransportState;
  /** `connectionState`: ICE and DTLS together ("connected" when media can flow). */
  connection: PeerConnectionState;
}
