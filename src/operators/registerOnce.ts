import { asyncScheduler, Observable, type SchedulerLike } from "rxjs";
import type { RegistererRegisterOptions, RegistererUnregisterOptions } from "../api/Registerer.js";
import type { RegistererState } from "../api/RegistererState.js";
import type { SipResponse } from "../core/messages/index.js";
import { RegistrationRejectedError } from "./RegistrationRejectedError.js";

/** What the registration operators need of a `Registerer` (a Registerer is one). */
export interface RegistrationTarget {
  readonly state$: Observable<RegistererState>;
  /** Sends a REGISTER (a `Registerer`'s `register()`). */
  register(options?: RegistererRegisterOptions): Promise<unknown>;
  /** Removes the binding (a `Registerer`'s `unregister()`). */
  unregister(options?: RegistererUnregisterOptions): Promise<unknown>;
}

/**
 * 64 × T1 (RFC 3261 §17.1.2.2, Timer F) and a second more: a REGISTER without a final
 * response by then never gets one.
 *
 * @example
 * ```ts
 * import { registerOnce, REGISTER_RESPONSE_TIMEOUT, type Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * registerOnce(registerer, {}, 2 * REGISTER_RESPONSE_TIMEOUT).subscribe(); // a patient registration over a slow link
 * ```
 */
export const REGISTER_RESPONSE_TIMEOUT = 33_000;

/**
 * One REGISTER as an Observable: subscribing sends it (after any REGISTER still in flight:
 * the Registerer queues them, so transactions never overlap); the 2xx is emitted, then
 * completion; a final failure errors with {@link RegistrationRejectedError} carrying the
 * response. A 423 with Min-Expires is not final: the Registerer sends again with that
 * lifetime (RFC 3261 §10.2.8) and the outcome of that one counts. No final response within
 * `timeout` ms is an error too (statusCode 0). Used by `registerWhenConnected`.
 *
 * @example
 * ```ts
 * import { registerOnce, type Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * registerOnce(registerer).subscribe({
 *   next: (ok) => console.log("registered until", ok.getHeader("Expires")),
 *   error: (e) => console.log("refused", e.statusCode),
 * });
 * ```
 */
export function registerOnce(
  registerer: RegistrationTarget,
  options: RegistererRegisterOptions = {},
  timeout = REGISTER_RESPONSE_TIMEOUT,
  scheduler: SchedulerLike = asyncScheduler,
): Observable<SipResponse> {
  return new Observable<SipResponse>((subscriber) => {
    const user = options.requestDelegate;
    const fail = (response: SipResponse) => subscriber.error(new RegistrationRejectedError(response));
    const timer = scheduler.schedule(() => subscriber.error(new RegistrationRejectedError(undefined, "no final response to REGISTER")), timeout);
    registerer
      .register({
        ...options,
        requestDelegate: {
          ...user,
          onAccept: (r) => {
            user?.onAccept?.(r);
            subscriber.next(r.message);
            subscriber.complete();
          },
          onRedirect: (r) => {
            user?.onRedirect?.(r);
            fail(r.message);
          },
          onReject: (r) => {
            user?.onReject?.(r);
            if (r.message.statusCode === 423 && Number(r.message.getHeader("min-expires")) > 0) return;
            fail(r.message);
          },
        },
      })
      .catch((cause: unknown) => subscriber.error(new RegistrationRejectedError(undefined, "REGISTER could not be sent", { cause })));
    return () => timer.unsubscribe();
  });
}
