/**
 * WebRTC media for browsers (SIP.js's `Web` namespace): the session description handler, its
 * factory (the default where RTCPeerConnection exists), media stream factory and SDP modifiers.
 */
export { WebSessionDescriptionHandler, WebSessionDescriptionHandler as SessionDescriptionHandler } from "./WebSessionDescriptionHandler.js";
export type { Kind, MediaLogger, MuteState, PeerConnectionDelegate } from "./WebSessionDescriptionHandler.js";
export { defaultSessionDescriptionHandlerFactory, webFactoryWhereSupported } from "./defaultSessionDescriptionHandlerFactory.js";
export { defaultMediaStreamFactory } from "./MediaStreamFactory.js";
export type { MediaStreamFactory } from "./MediaStreamFactory.js";
export { defaultPeerConnectionConfiguration } from "./defaultPeerConnectionConfiguration.js";
export {
  DEFAULT_ICE_GATHERING_TIMEOUT,
  type WebSessionDescriptionHandlerOptions,
  type WebSessionDescriptionHandlerOptions as SessionDescriptionHandlerOptions,
  type WebSessionDescriptionHandlerConfiguration,
  type WebSessionDescriptionHandlerConfiguration as SessionDescriptionHandlerConfiguration,
  type WebSessionDescriptionHandlerFactoryOptions,
  type WebSessionDescriptionHandlerFactoryOptions as SessionDescriptionHandlerFactoryOptions,
} from "./WebSessionDescriptionHandlerOptions.js";
export { holdModifier } from "./holdModifier.js";
export { stripVideo } from "./stripVideo.js";
export { iceGatheringDone, isUsableServerCandidate } from "./iceGatheringDone.js";
export type { IceGatheringOutcome, IceGatheringWait } from "./iceGatheringDone.js";
export { audioLevels, readAudioLevels } from "./audioLevels.js";
export type { AudioLevels } from "./audioLevels.js";
export { connectionState } from "./connectionState.js";
export type { MediaConnectionState } from "./connectionState.js";
export { MediaError } from "./MediaError.js";
