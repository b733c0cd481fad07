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
