import type { TransportError } from "../streams/TransportError.js";
import type { SimpleCall } from "./SimpleCall.js";

/**
 * SIP.js `SimpleUserDelegate`. Each callback has a stream beside it on {@link SimpleUser}
 * (`onCallReceived` ↔ `callReceived$` ...). rxsip passes the call concerned as a last
 * argument, since a SimpleUser may hold several calls.
 *
 * @example
 * ```ts
 * import { SimpleUser } from "rxsip";
 *
 * const user = new SimpleUser("wss://sip.example.com", {
 *   aor: "sip:alice@example.com",
 *   delegate: {
 *     onCallReceived: (call) => void call.answer(),
 *     onCallHangup: (call) => console.log("ended", call.remoteUri),
 *     onRegistered: () => console.log("reachable"),
 *     onServerDisconnect: (error) => console.log("lost the server", error),
 *   },
 * });
 * ```
 */
export interface SimpleUserDelegate {
  /** A call was answered (ours accepted by the far end, or theirs by `answer()`). */
  onCallAnswered?(call: SimpleCall): void;
  /** A call object exists (an outgoing `call()` or an incoming INVITE). */
  onCallCreated?(call: SimpleCall): void;
  /** DTMF arrived as INFO application/dtmf-relay. */
  onCallDTMFReceived?(tone: string, duration: number, call: SimpleCall): void;
  /** A call ended, however it ended. */
  onCallHangup?(call: SimpleCall): void;
  /** The local hold state of a call changed (after the re-INVITE was accepted). */
  onCallHold?(held: boolean, call: SimpleCall): void;
  /** An INVITE arrived; `answer()` or `decline()` it. */
  onCallReceived?(call: SimpleCall): void;
  /** A MESSAGE arrived (RFC 3428); `from` is the sender's URI. */
  onMessageReceived?(message: string, from: string): void;
  /** The registrar accepted our binding. */
  onRegistered?(): void;
  /** Our binding is gone (unregistered, expired, or refused). */
  onUnregistered?(): void;
  /** The transport connected. */
  onServerConnect?(): void;
  /** The transport disconnected; `error` when it was not asked to. */
  onServerDisconnect?(error?: TransportError | Error): void;
}
