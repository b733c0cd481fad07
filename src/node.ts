/** `rxsip/node`: Node transports (UDP, TCP, TLS, WebSocket via `ws`). */
export * from "./index.js";
