import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";
import { SessionState } from "../api/SessionState.js";

/**
 * Options of {@link callDuration}.
 *
 * @example
 * ```ts
 * import { callDuration, type Session } from "rxsip";
 * declare const session: Session;
 *
 * session.state$.pipe(callDuration({ period: 100 })).subscribe((ms) => console.log(ms)); // ten updates a second
 * ```
 */
export interface CallDurationOptions {
  /** Milliseconds between two emissions while the call lasts (default 1000). */
  period?: number;
  /** Where the clock runs (default asyncScheduler; pass the user agent's). */
  scheduler?: SchedulerLike;
}

/**
 * Applied to `session.state$`: how long the call has lasted, in milliseconds — 0 when it
 * is Established, then every `period`, then the final length when it is Terminated, and
 * completes. A call that never was established emits nothing and completes when it ends.
 * For the "00:42" of a call screen and for billing-like logs.
 *
 * ```
 * state$    I-E--------T|
 * callDuration({ period: 4 })
 * result    --a---b---c(d|)      a = 0, b = 4, c = 8, d = 9
 * ```
 *
 * @example
 * ```ts
 * import { callDuration, type Session } from "rxsip";
 * declare const session: Session;
 * declare const clock: HTMLElement;
 *
 * session.state$.pipe(callDuration()).subscribe((ms) => (clock.textContent = `${Math.floor(ms / 1000)} s`));
 * ```
 */
export function callDuration(options: CallDurationOptions = {}): OperatorFunction<SessionState, number> {
  const period = Math.max(1, options.period ?? 1000);
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<number>((subscriber) => {
      let start: number | undefined;
      let ticks: Subscription | undefined;
      const sub = source.subscribe({
        next: (state) => {
          if (state === SessionState.Established && start === undefined) {
            start = scheduler.now();
            subscriber.next(0);
            ticks = scheduler.schedule(function (this: { schedule(state?: unknown, delay?: number): void }) {
              subscriber.next(scheduler.now() - start!);
              this.schedule(undefined, period);
            }, period);
          } else if (state === SessionState.Terminated) {
            ticks?.unsubscribe();
            if (start !== undefined) subscriber.next(scheduler.now() - start);
            subscriber.complete();
          }
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => subscriber.complete(),
      });
      return () => {
        ticks?.unsubscribe();
        sub.unsubscribe();
      };
    });
}
