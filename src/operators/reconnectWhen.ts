import { EMPTY, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscribable, type Subscription } from "rxjs";
import type { TransportStatus } from "../streams/TransportStatus.js";
import { ReconnectionFailedError } from "./ReconnectionFailedError.js";
import { retryWithDelay, type RetryWithDelayConfig } from "./retryWithDelay.js";

/** What `reconnectWhen` needs of a user agent (a UserAgent is one). */
export interface Reconnectable {
  /** One attempt, a promise or an Observable: resolves (or completes) once connected, rejects (or errors) when it failed. */
  reconnect(): PromiseLike<unknown> | Subscribable<unknown>;
  /** The user agent's scheduler: the waits between attempts run on it unless `retry.scheduler` says otherwise. */
  readonly scheduler?: SchedulerLike;
  /** The user agent's state: once "Stopped" (the application's `stop()`), pending attempts end quietly. */
  readonly state?: string;
}

/**
 * Options of {@link reconnectWhen}.
 *
 * @example
 * ```ts
 * import { online$, reconnectWhen, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.connection$.pipe(reconnectWhen(userAgent, { online$, retry: { count: 10, delay: 5000 } })).subscribe();
 * ```
 */
export interface ReconnectWhenOptions {
  /**
   * How reconnection is attempted (defaults of `retryWithDelay`: 3 attempts, the first at
   * once, then 4 s apart). Pass the user agent's scheduler here.
   */
  retry?: RetryWithDelayConfig;
  /** Whether the device is online (`online$`): becoming true while the connection is lost starts a reconnection. */
  online$?: Observable<boolean>;
}

/**
 * Applied to `userAgent.connection$`: mirrors it, and reconnects the user agent when the
 * connection was lost with an error (the peer went away, a keep-alive went unanswered).
 * While `online$` says the device is offline no attempt is made (it could only fail and
 * use up the budget); when it becomes true while the connection is lost, reconnection
 * starts. A disconnect without an error (the application's `stop()`) is left alone, and
 * an attempt due after the user agent was stopped is not made. Attempts never overlap: a trigger while a
 * reconnection is under way is ignored. When every attempt failed the result errors with
 * {@link ReconnectionFailedError} (its `cause` is the last failure).
 *
 * ```
 * connection$  c----x--------------------c-----
 * reconnect()       ^-x  ^-x (4 s)  ...  ^ (8 s)
 * result       c----x-----------x--------c-----
 * ```
 * (c connected, x disconnected with an error)
 *
 * @example
 * ```ts
 * import { online$, reconnectWhen, type ReconnectionFailedError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare function showOffline(e: ReconnectionFailedError): void;
 *
 * userAgent.connection$
 *   .pipe(reconnectWhen(userAgent, { online$, retry: { count: 3, delay: 4000, scheduler: userAgent.scheduler } }))
 *   .subscribe({ error: (e: ReconnectionFailedError) => showOffline(e) });
 * ```
 */
export function reconnectWhen(userAgent: Reconnectable, options: ReconnectWhenOptions = {}): MonoTypeOperatorFunction<TransportStatus> {
  const attempts = Math.max(1, Math.floor(options.retry?.count ?? 3));
  // the seed's `shouldBeConnected`: an application that stopped the user agent wants no reconnection
  const reconnection$ = new Observable<unknown>((subscriber) => {
    const attempt = userAgent.state === "Stopped" ? EMPTY : userAgent.reconnect();
    if ("subscribe" in attempt) return attempt.subscribe(subscriber);
    attempt.then(
      () => subscriber.complete(),
      (e: unknown) => subscriber.error(e),
    );
  }).pipe(retryWithDelay({ ...(userAgent.scheduler ? { scheduler: userAgent.scheduler } : {}), ...options.retry }));

  return (connection$) =>
    new Observable<TransportStatus>((subscriber) => {
      let last: TransportStatus | undefined;
      let online = true;
      const lost = () => online && last?.type === "disconnected" && last.error !== undefined;
      // one reconnection at a time: a loss noticed while one runs starts nothing more
      let work: Subscription | undefined;
      const reconnect = () => {
        if (lost() && (work === undefined || work.closed)) work = reconnection$.subscribe({ error: (cause: unknown) => subscriber.error(new ReconnectionFailedError(attempts, { cause })) });
      };
      const onlineSub = (options.online$ ?? EMPTY).subscribe((on) => {
        online = on;
        reconnect();
      });
      const statuses = connection$.subscribe({
        next: (status) => {
          last = status;
          subscriber.next(status);
          reconnect();
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        statuses.unsubscribe();
        onlineSub.unsubscribe();
        work?.unsubscribe();
      };
    });
}
