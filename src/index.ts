/**
 * `rxsip`: the SIP.js-compatible API (UserAgent, Registerer, Inviter, Invitation ...) with a
 * stream beside every callback, the stream sources (transports, keep-alives, online$), the
 * operators, and the protocol core for those who need it.
 */
export * from "./api/index.js";
export * from "./streams/index.js";
export * from "./core/index.js";
export { Uri as URI } from "./core/messages/index.js";
export * from "./operators/index.js";
export * from "./simple/index.js";
/** SIP.js's `Web` namespace: WebRTC media for browsers (`Web.defaultSessionDescriptionHandlerFactory()` ...) and `Web.SimpleUser`. */
export * as Web from "./simple/Web.js";
export { WebSessionDescriptionHandler, MediaError } from "./media/web/index.js";
export type { WebSessionDescriptionHandlerOptions, AudioLevels, MediaConnectionState, MuteState } from "./media/web/index.js";
export type { DtlsTransportState, IceConnectionState, PeerConnectionState } from "./media/MediaStates.js";
