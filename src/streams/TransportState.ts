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
  export type Connecting = typeof TransportState.Connecting;
  export type Connected = typeof TransportState.Connected;
  export type Disconnecting = typeof TransportState.Disconnecting;
  export type Disconnected = typeof TransportState.Disconnected;
}
