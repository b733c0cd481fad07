import type { TransportError } from "./TransportError.js";

/**
 * What `transport.state$` emits: one discriminated union keyed by `type`.
 *
 * ```
 *                 connect()              open
 *  disconnected ------------> connecting -----> connected
 *     ^   ^                       |                 |
 *     |   +--- every server failed (error) ---------+  lost (error) / disconnect()
 *     |                                             |
 *     +---------------------------------------------+
 *  any state --- dispose() ---> closed (then state$ completes)
 * ```
 *
 * `disconnected.error` is set when the transport did not choose to disconnect (the peer
 * closed, a keep-alive went unanswered, the peer sent garbage, connecting failed); it is
 * absent after `disconnect()`. Reconnection is not the transport's job: feed `state$` to
 * the `retryWithDelay` operator.
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.connection$.subscribe((status) => {
 *   switch (status.type) {
 *     case "connected":
 *       console.log("connected to", status.server);
 *       break;
 *     case "disconnected":
 *       if (status.error) console.log("lost:", status.error.code);
 *       break;
 *   }
 * });
 * ```
 */
export type TransportStatus =
  | { readonly type: "connecting"; readonly server?: string }
  | { readonly type: "connected"; readonly server?: string }
  | { readonly type: "disconnected"; readonly error?: TransportError }
  | { readonly type: "closed" };

/**
 * The `type` of a {@link TransportStatus}: "connecting", "connected", "disconnecting", "disconnected" or
 * "closed".
 */
export type TransportStatusType = TransportStatus["type"];
