/** `rxsip/node`: everything in `rxsip`, plus the Node transports (UDP, TCP, TLS, and WebSocket via `ws`). */
export * from "./index.js";
export { NodeTransport } from "./streams/transports/node/NodeTransport.js";
export type { NodeListenOptions, NodeTransportOptions } from "./streams/transports/node/NodeTransport.js";
export type { TlsClientOptions } from "./streams/transports/node/openStream.js";
export { ServerLocator } from "./streams/transports/node/ServerLocator.js";
export type { DnsOptions, LocatedProtocol, LocatedTarget, SipLocation } from "./streams/transports/node/ServerLocator.js";
export type { DnsResolver } from "./streams/transports/node/DnsResolver.js";
export * from "./media/node/index.js";
