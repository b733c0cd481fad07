/** `rxsip/testing`: test doubles for applications built on rxsip (in-memory network, fake media, loopback registrar). */

// in-memory network
export { InMemoryNetwork } from "./InMemoryNetwork.js";
export type { InMemoryNetworkOptions } from "./InMemoryNetwork.js";
export { InMemoryEndpoint } from "./InMemoryEndpoint.js";
export type { InMemoryEndpointOptions } from "./InMemoryEndpoint.js";
export { DEFAULT_REORDER_DELAY } from "./Impairments.js";
export type { Impairments } from "./Impairments.js";
export type { WireRecord, DropReason } from "./WireRecord.js";
export { NetworkError } from "./NetworkError.js";
export type { NetworkErrorCode, NetworkErrorDetails } from "./NetworkError.js";
export { routeMessage } from "./routeMessage.js";
export { mulberry32 } from "./mulberry32.js";

// fake media
export { FakeSessionDescriptionHandler } from "./FakeSessionDescriptionHandler.js";
export type {
  FakeSessionDescriptionHandlerOptions,
  FakeSignalingState,
  RecordedDescription,
  DtmfRecord,
} from "./FakeSessionDescriptionHandler.js";
export { fakeSessionDescriptionHandlerFactory } from "./fakeSessionDescriptionHandlerFactory.js";
export type { FakeSessionDescriptionHandlerFactory, FakeSessionDescriptionHandlerFactoryOptions } from "./fakeSessionDescriptionHandlerFactory.js";
export { SessionDescriptionError } from "./SessionDescriptionError.js";
export type { SessionDescriptionErrorCode } from "./SessionDescriptionError.js";
export type { MediaDirection } from "./MediaDirection.js";
export type {
  BodyAndContentType,
  SessionDescriptionHandler,
  SessionDescriptionHandlerFactory,
  SessionDescriptionHandlerModifier,
  SessionDescriptionHandlerOptions,
  SessionDescriptionInit,
} from "./SessionDescriptionHandler.js";

// a transport over the in-memory network, for whole user agents in one process
export { InMemoryTransport } from "./InMemoryTransport.js";
export type { InMemoryTransportOptions } from "./InMemoryTransport.js";
export { VirtualClock } from "./VirtualClock.js";

// a small registrar / proxy for development and tests (in-memory, UDP, TCP, WebSocket)
export { Registrar } from "./registrar/Registrar.js";
export { startRegistrar } from "./registrar/startRegistrar.js";
export type { RegistrarOptions, RegistrarAuthOptions, RegistrarAddresses, SocketListenOption } from "./registrar/RegistrarOptions.js";
export type { Binding } from "./registrar/Binding.js";
export type { RegistrarLogEntry } from "./registrar/RegistrarLogEntry.js";
export type { FlowInfo, RegistrarTransport } from "./registrar/RegistrarFlow.js";
export { RegistrarError } from "./registrar/RegistrarError.js";
export type { RegistrarErrorCode } from "./registrar/RegistrarError.js";
