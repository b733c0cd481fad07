import type { Observable, OperatorFunction } from "rxjs";
import type { RegistererState } from "../api/RegistererState.js";
import type { TransportStatus } from "../streams/TransportStatus.js";
import { reconnectWhen, type Reconnectable } from "./reconnectWhen.js";
import type { RegistrationTarget } from "./registerOnce.js";
import { registerWhenConnected, type RegisterWhenConnectedOptions } from "./registerWhenConnected.js";
import type { RetryWithDelayConfig } from "./retryWithDelay.js";

/**
 * Options of {@link keepRegistered}.
 *
 * @example
 * ```ts
 * import { keepRegistered, online$, type Registerer, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare const registerer: Registerer;
 *
 * userAgent.connection$
 *   .pipe(keepRegistered(registerer, { online$, reconnect: { count: 5, delay: 2000 }, registration: { fatalStatusCodes: [401, 403, 404] } }))
 *   .subscribe();
 * ```
 */
export interface KeepRegisteredOptions {
  /** How reconnection is attempted (default: 3 attempts, the first at once, then 4 s apart). */
  reconnect?: RetryWithDelayConfig;
  /** Whether the device is online: becoming true while the connection is lost starts a reconnection. */
  online$?: Observable<boolean>;
  /** How registration is done and retried (see `registerWhenConnected`). */
  registration?: RegisterWhenConnectedOptions;
}

/**
 * Applied to `userAgent.connection$`: the whole of SIP.js's "Handling Changes in Network
 * State" as one operator — register on every connect, unregister when the connection goes
 * down, reconnect (3 attempts, the first at once, then 4 s apart, never overlapping) when
 * it was lost with an error or the device comes back online. Emits the registerer's
 * state; errors with `ReconnectionFailedError` when every reconnection attempt failed, or
 * `RegistrationRejectedError` when the registrar refused for good.
 *
 * It is `reconnectWhen` followed by `registerWhenConnected`.
 *
 * ```
 * connection$  d-c------x---x---------c-------
 * reconnect()           ^   ^ (4 s)   ^ (8 s)
 * result       I-R------U-------------R-------
 * ```
 *
 * @example
 * ```ts
 * import { keepRegistered, online$, Registerer, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const registerer = new Registerer(userAgent);
 * await userAgent.start();
 * userAgent.connection$
 *   .pipe(keepRegistered(registerer, { online$, reconnect: { scheduler: userAgent.scheduler } }))
 *   .subscribe({ next: (state) => console.log(state), error: (e) => console.error(e) });
 * ```
 */
export function keepRegistered(
  registerer: RegistrationTarget & { readonly userAgent: Reconnectable },
  options: KeepRegisteredOptions = {},
): OperatorFunction<TransportStatus, RegistererState> {
  const scheduler = options.reconnect?.scheduler ?? options.registration?.scheduler ?? registerer.userAgent.scheduler;
  const reconnectOptions = { retry: { ...(scheduler ? { scheduler } : {}), ...options.reconnect }, ...(options.online$ ? { online$: options.online$ } : {}) };
  const registration = { ...(scheduler ? { scheduler } : {}), ...options.registration };
  return (connection$) => connection$.pipe(reconnectWhen(registerer.userAgent, reconnectOptions), registerWhenConnected(registerer, registration));
}
