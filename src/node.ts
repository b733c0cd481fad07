/** `rxsip/node`: everything in `rxsip`, plus the Node transports (UDP, TCP, TLS, and WebSocket via `ws`). */
export * from "./index.js";
export * from "./streams/index.js";
// The transports' TransportError (codes CONNECT_FAILED, KEEPALIVE_TIMEOUT ...) is the one on
// `state$` and in every rejected `send`; it is named explicitly because the transaction layer
// (rxsip/core) has a class of the same name, which wraps it as `cause`.
export { TransportError } from "./streams/index.js";
export { NodeTransport } from "./streams/transports/node/NodeTransport.js";
export type { NodeListenOptions, NodeTransportOptions } from "./streams/transports/node/NodeTransport.js";
export type { TlsClientOptions } from "./streams/transports/node/openStream.js";
