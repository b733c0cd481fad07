/**
 * SIP.js's transport states, for the SIP.js-compatible face of every transport
 * (`transport.state`, `transport.stateChange`).
 *
 * ```
 *               connect()
 *  Disconnected ---------> Connecting ---> Connected
 *       ^                      |               |
 *       |    (failure)         |               | disconnect() / lost
 *       +----------------------+               v
 *       +------------------------------- Disconnecting (disconnect() only)
 * ```
 *
 * rxsip's own stream is `state$` (see {@link TransportStatus}); `state` is derived from it.
 *
 * @example
 * ```ts
 * import { TransportState, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.transport.stateChange.addListener((state) => {
 *   if (state === TransportState.Disconnected) console.log("offline");
 * });
 * ```
 */
export const TransportState = {
  Connecting: "Connecting",
  Connected: "Connected",
  Disconnecting: "Disconnecting",
  Disconnected: "Disconnected",
} as const;

export type TransportState = (typeof TransportState)[keyof typeof TransportState];

/**
 * Each state is a type of its own too, as with an enum: `const s: TransportState.Disconnected = TransportState.Disconnected`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace TransportState {
  /** The type of `TransportState.Connecting`: opening the connection (WebSocket handshake, TCP/TLS connect). */
  export type Connecting = typeof TransportState.Connecting;
  /** The type of `TransportState.Connected`: open: requests can be sent. */
  export type Connected = typeof TransportState.Connected;
  /** The type of `TransportState.Disconnecting`: closing the connection. */
  export type Disconnecting = typeof TransportState.Disconnecting;
  /** The type of `TransportState.Disconnected`: not connected: never connected yet, closed, or lost. */
  export type Disconnected = typeof TransportState.Disconnected;
}
