import { SipError } from "../core/messages/errors.js";

/**
 * Every reconnection attempt failed; `attempts` were made, `cause` is the last failure.
 *
 * @example
 * ```ts
 * import { reconnectWhen, ReconnectionFailedError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.connection$.pipe(reconnectWhen(userAgent)).subscribe({
 *   error: (e) => {
 *     if (e instanceof ReconnectionFailedError) console.log(`gave up after ${e.attempts} attempts`, e.cause);
 *   },
 * });
 * ```
 */
export class ReconnectionFailedError extends SipError {
  override readonly name = "ReconnectionFailedError";
  constructor(
    readonly attempts: number,
    options?: { cause?: unknown },
  ) {
    super("RECONNECTION_FAILED", `the transport could not reconnect after ${attempts} attempt${attempts === 1 ? "" : "s"}`, options);
  }
}
