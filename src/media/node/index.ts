/** Node media on werift: the handler, its factory, audio sources, G.711, WAV, RFC 4733. */
export { nodeMediaFactory } from "./nodeMediaFactory.js";
export { NodeSessionDescriptionHandler } from "./NodeSessionDescriptionHandler.js";
export type { NodeDataChannel, NodeMediaStats, NodePeerConnection, ReceivedAudio } from "./NodeSessionDescriptionHandler.js";
export type { NodeMediaOptions } from "./NodeMediaOptions.js";
export { pcmSource, silence, toneSource, SAMPLE_RATE } from "./AudioSource.js";
export type { AudioSource } from "./AudioSource.js";
export { readWav, wavSource, writeWav } from "./wav.js";
export type { WavAudio } from "./wav.js";
export { decodeG711, encodeG711, aLawDecode, aLawEncode, muLawDecode, muLawEncode } from "./g711.js";
export type { G711Law } from "./g711.js";
export { MediaFormatError } from "./MediaFormatError.js";
export type { ReceivedKey } from "./DtmfReceiver.js";
