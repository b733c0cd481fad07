import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";
import type { RegistererRegisterOptions } from "../api/Registerer.js";
import type { RegistererState } from "../api/RegistererState.js";
import type { TransportStatus } from "../streams/TransportStatus.js";
import { registerOnce, REGISTER_RESPONSE_TIMEOUT, type RegistrationTarget } from "./registerOnce.js";
import { RegistrationRejectedError } from "./RegistrationRejectedError.js";
import { retryWithDelay, type RetryWithDelayConfig } from "./retryWithDelay.js";

/**
 * Options of {@link registerWhenConnected}.
 *
 * @example
 * ```ts
 * import { registerWhenConnected, type Registerer, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare const registerer: Registerer;
 *
 * userAgent.connection$
 *   .pipe(registerWhenConnected(registerer, { retry: { count: 3, delay: 10_000 }, unregisterOnDisconnect: true }))
 *   .subscribe();
 * ```
 */
export interface RegisterWhenConnectedOptions {
  /** Options of each `register()` (extra headers, your own request delegate). */
  register?: RegistererRegisterOptions;
  /**
   * How a failed REGISTER is tried again (defaults of `retryWithDelay`: 3 attempts in all,
   * 4 s apart). A refusal in `fatalStatusCodes` is never retried.
   */
  retry?: RetryWithDelayConfig;
  /** Final responses that end the stream at once (default 403 and 404: RFC 3261 §10.3 steps 3 and 6). */
  fatalStatusCodes?: readonly number[];
  /** Unregister (best effort) when the connection goes down (default true). */
  unregisterOnDisconnect?: boolean;
  /** Milliseconds to wait for a final response to one REGISTER (default 33 000: Timer F and a second). */
  responseTimeout?: number;
  /** Where retry waits and the response timeout run (default asyncScheduler; pass the user agent's). */
  scheduler?: SchedulerLike;
}

/**
 * Applied to `userAgent.connection$`: registers on every connect, unregisters (best
 * effort) when the connection goes down, and emits the registerer's state (the current
 * one first, then each change). A REGISTER that fails is retried per `retry`; once the
 * attempts are used up, or at once for 403 / 404, the result errors with a
 * {@link RegistrationRejectedError} carrying the response. REGISTER transactions never
 * overlap: the Registerer sends each after the previous one's final response, and a
 * disconnect cancels a pending retry.
 *
 * The unregistration on a lost connection cannot reach the registrar, but it stops the
 * refresh timer and the state shows Unregistered, as in SIP.js's network-change example.
 *
 * ```
 * connection$  d--c----------d-----c--------
 * REGISTER       ^-200              ^-200
 * un-REGISTER                 ^
 * result       I---R----------U------R------
 * ```
 * (d disconnected, c connected; I Initial, R Registered, U Unregistered)
 *
 * @example
 * ```ts
 * import { Registerer, registerWhenConnected, RegistrationRejectedError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare function askForPassword(): void;
 *
 * userAgent.connection$
 *   .pipe(registerWhenConnected(new Registerer(userAgent), { scheduler: userAgent.scheduler }))
 *   .subscribe({ next: (state) => console.log(state), error: (e) => e instanceof RegistrationRejectedError && askForPassword() });
 * ```
 */
export function registerWhenConnected(registerer: RegistrationTarget, options: RegisterWhenConnectedOptions = {}): OperatorFunction<TransportStatus, RegistererState> {
  const scheduler = options.scheduler ?? asyncScheduler;
  const fatal = options.fatalStatusCodes ?? [403, 404];
  const userRetry = options.retry?.shouldRetry;
  const retry: RetryWithDelayConfig = {
    scheduler,
    ...options.retry,
    shouldRetry: (error, failures) =>
      !(error instanceof RegistrationRejectedError && fatal.includes(error.statusCode)) && (userRetry === undefined || userRetry(error, failures)),
  };
  const register$ = registerOnce(registerer, options.register, options.responseTimeout ?? REGISTER_RESPONSE_TIMEOUT, scheduler).pipe(retryWithDelay(retry));

  return (connection$) =>
    new Observable<RegistererState>((subscriber) => {
      let wasConnected = false;
      let state: RegistererState | undefined;
      const states = registerer.state$.subscribe({
        next: (s) => s !== state && subscriber.next((state = s)),
        complete: () => subscriber.complete(),
      });
      // each status ends the registration attempt of the one before (as switchMap would); the
      // operator completes once connection$ has completed and no attempt is running
      let registering: Subscription | undefined;
      let statusesDone = false;
      const actions = connection$.subscribe({
        next: (status) => {
          registering?.unsubscribe();
          registering = undefined;
          if (status.type === "connected") {
            wasConnected = true;
            registering = register$.subscribe({ error: (e: unknown) => subscriber.error(e), complete: () => statusesDone && subscriber.complete() });
          } else if ((status.type === "disconnected" || status.type === "closed") && wasConnected) {
            wasConnected = false;
            if (options.unregisterOnDisconnect !== false) registerer.unregister().catch(() => undefined);
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          statusesDone = true;
          if (registering === undefined || registering.closed) subscriber.complete();
        },
      });
      return () => {
        actions.unsubscribe();
        registering?.unsubscribe();
        states.unsubscribe();
      };
    });
}
