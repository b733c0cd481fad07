import { asyncScheduler, Observable, type MonoTypeOperatorFunction, type SchedulerLike, type Subscription } from "rxjs";

/**
 * Options of {@link retryWithDelay}. Every field is optional.
 *
 * @example
 * ```ts
 * import { retryWithDelay, type UserAgent } from "rxsip";
 * import { defer } from "rxjs";
 * declare const userAgent: UserAgent;
 *
 * // back-off 1 s, 2 s, 4 s ... at most 30 s, ±20 %, for ever
 * defer(() => userAgent.reconnect())
 *   .pipe(retryWithDelay({ count: Infinity, delay: (n) => 1000 * 2 ** (n - 1), maxDelay: 30_000, jitter: 0.2 }))
 *   .subscribe();
 * ```
 */
export interface RetryWithDelayConfig {
  /** Subscriptions to the source in all, the first included (default 3). */
  count?: number;
  /** Milliseconds from subscription to the first attempt (default 0: at once). */
  firstDelay?: number;
  /**
   * Milliseconds from a failure to the next attempt (default 4000), or a function of the
   * number of failures so far (1 after the first) for back-off: `(n) => 1000 * 2 ** (n - 1)`.
   */
  delay?: number | ((failures: number, error: unknown) => number);
  /** Upper bound of a computed delay, jitter included (default: none). */
  maxDelay?: number;
  /**
   * Spread each delay by up to this fraction either way (0.2: ±20 %), so that many clients
   * dropped at once do not all come back at the same instant. Default 0 (off).
   */
  jitter?: number;
  /** Where the jitter comes from, a function returning [0, 1) (default Math.random; pass a seeded one in tests). */
  random?: () => number;
  /** When the source emits a value, forget earlier failures: the next failure starts a fresh budget (default false). */
  resetOnSuccess?: boolean;
  /** Whether an error is worth another attempt (default: every error is). A refused one ends the result at once. */
  shouldRetry?: (error: unknown, failures: number) => boolean;
  /** Where the waits run (default asyncScheduler). */
  scheduler?: SchedulerLike;
}

/**
 * Subscribes to the source up to `count` times in all: the first time `firstDelay` ms
 * after subscription, each further time `delay` ms after the previous subscription
 * failed. It mirrors the source's values and completion; once the attempts are used up it
 * errors with the last error. Unsubscribing cancels a pending attempt.
 *
 * This is the reconnection strategy of SIP.js's "Handling Changes in Network State"
 * example (three attempts, the first at once, then four seconds apart) as one operator,
 * and it runs on a scheduler, so tests play it in virtual time.
 *
 * ```
 * source         #                         (fails at once, every time)
 * retryWithDelay({ count: 3, delay: 4000 })
 * subscriptions  (^!)
 *                4000ms (^!)
 *                8000ms (^!)
 * result         8000ms #                  (the third attempt's error)
 * ```
 * (rxjs run-mode marbles: `4000ms` is a pause of 4000 virtual milliseconds)
 *
 * @example
 * ```ts
 * import { retryWithDelay, type UserAgent } from "rxsip";
 * import { defer } from "rxjs";
 * declare const userAgent: UserAgent;
 *
 * defer(() => userAgent.reconnect())
 *   .pipe(retryWithDelay({ count: 3, delay: 4000 }))
 *   .subscribe({ error: (e) => console.log("gave up", e) });
 * ```
 */
export function retryWithDelay<T>(config: RetryWithDelayConfig = {}): MonoTypeOperatorFunction<T> {
  const count = Math.max(1, Math.floor(config.count ?? 3));
  const firstDelay = Math.max(0, config.firstDelay ?? 0);
  const scheduler = config.scheduler ?? asyncScheduler;
  const delayOf = (failures: number, error: unknown): number => {
    let ms = typeof config.delay === "function" ? config.delay(failures, error) : (config.delay ?? 4000);
    const jitter = config.jitter ?? 0;
    if (jitter > 0) ms += ms * jitter * (2 * (config.random ?? Math.random)() - 1);
    if (config.maxDelay !== undefined) ms = Math.min(ms, config.maxDelay);
    return Number.isFinite(ms) && ms > 0 ? ms : 0;
  };

  return (source) =>
    new Observable<T>((subscriber) => {
      let failures = 0;
      let current: Subscription | undefined;
      let pending: Subscription | undefined;
      let closed = false;

      const attempt = (): void => {
        pending = undefined;
        if (closed) return;
        current = source.subscribe({
          next: (value) => {
            if (config.resetOnSuccess) failures = 0;
            subscriber.next(value);
          },
          error: (error: unknown) => {
            failures++;
            current = undefined;
            const refused = config.shouldRetry !== undefined && !safely(() => config.shouldRetry!(error, failures));
            if (failures >= count || refused) subscriber.error(error);
            else wait(delayOf(failures, error));
          },
          complete: () => subscriber.complete(),
        });
      };

      const wait = (ms: number): void => {
        if (ms === 0) attempt();
        else pending = scheduler.schedule(attempt, ms);
      };

      wait(firstDelay);
      return () => {
        closed = true;
        pending?.unsubscribe();
        current?.unsubscribe();
      };
    });
}

/** A throwing predicate counts as "do not retry". */
function safely(check: () => boolean): boolean {
  try {
    return check();
  } catch {
    return false;
  }
}
