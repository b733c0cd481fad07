/**
 * Stream sources: transports (connectivity as `state$`, incoming messages as
 * `messages$`), keep-alives, and the browser's online status.
 */
export type { Emitter } from "./Emitter.js";
export { EmitterImpl } from "./Emitter.js";
export type { SipJsTransport, Transport, TransportConstructor, TransportLogger, TransportProtocol } from "./Transport.js";
export { TransportState } from "./TransportState.js";
export type { TransportStatus, TransportStatusType } from "./TransportStatus.js";
export { TransportError, redactServer } from "./TransportError.js";
export type { TransportErrorCode, TransportErrorDetails } from "./TransportError.js";
export { keepAlive } from "./keepAlive.js";
export type { KeepAliveTiming } from "./keepAlive.js";
export { crlfKeepAlive, CRLF_PING, CRLF_PONG } from "./keepAliveCrlf.js";
export type { CrlfKeepAliveOptions } from "./keepAliveCrlf.js";
export { buildOptionsPing, optionsKeepAlive } from "./keepAliveOptions.js";
export type { OptionsKeepAliveOptions, OptionsPingParams } from "./keepAliveOptions.js";
export { online$, onlineStatus } from "./online.js";
export type { OnlineOptions, OnlineTarget } from "./online.js";
export { randomToken } from "./randomToken.js";
export { randomInvalidHost } from "./transports/invalidHost.js";
export { parseServer, orderServers } from "./transports/parseServer.js";
export type { ServerEntry, ServerTarget, SipServerUri } from "./transports/parseServer.js";
export { badRequests } from "./transports/badRequests.js";
export type { BadRequestAnswers } from "./transports/badRequests.js";
export { optionsPings } from "./transports/optionsPings.js";
export type { OptionsPings } from "./transports/optionsPings.js";
export { TransportBase } from "./transports/TransportBase.js";
export type { TransportOptions } from "./transports/TransportBase.js";
export { WebSocketTransport } from "./transports/WebSocketTransport.js";
export type { WebSocketTransportOptions } from "./transports/WebSocketTransport.js";
export type { NodeWebSocketOptions, WebSocketConstructor, WebSocketLike } from "./transports/WebSocketFlow.js";
export type { Flow, FlowEvent, Peer } from "./transports/Flow.js";
export type { WireEvent } from "./WireEvent.js";
export { redactCredentials } from "./redactCredentials.js";
export { StateHolder } from "./StateHolder.js";
export { GuardedObservable } from "./GuardedObservable.js";
export { ListenerError, callGuarded } from "./ListenerError.js";
export type { ErrorSink } from "./ListenerError.js";
