import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";
import type { Session } from "../api/Session.js";
import { SessionState } from "../api/SessionState.js";
import { afterCall } from "./afterCall.js";
import { hangup } from "./hangup.js";
import { mergeEach } from "./mergeEach.js";

/**
 * Options of {@link hangupAfter}.
 *
 * @example
 * ```ts
 * import { hangupAfter, type Inviter } from "rxsip";
 * import type { Observable } from "rxjs";
 * declare const calls$: Observable<Inviter>;
 *
 * // at most 30 s from dialling, ringing included
 * calls$.pipe(hangupAfter(30_000, { from: "now", failures: (e, session) => console.log(session.id, e) })).subscribe();
 * ```
 */
export interface HangupAfterOptions {
  /** Count from when the session is Established (default) or from when it arrives in the stream. */
  from?: "established" | "now";
  /** Where the wait runs (default asyncScheduler; pass the user agent's). */
  scheduler?: SchedulerLike;
  /** Where a hang-up that failed is reported (the session ends on its own then, or not at all). */
  failures?: (error: unknown, session: Session) => void;
}

/**
 * Applied to a stream of sessions: ends each one `ms` milliseconds after it was
 * Established (BYE), or after it arrived with `from: "now"` (CANCEL / reject if it is not
 * answered by then), and emits each session it ended. A session that ends earlier is left
 * alone. A call-length limit, a no-answer timeout of your own, a test robot's hang-up.
 *
 * ```
 * sessions$     ab
 * a.state$      --E----T       (T: our BYE)
 * b.state$      ---E-T         (the other side hung up first)
 * hangupAfter(5)
 * result        -------a
 * ```
 *
 * @example
 * ```ts
 * import { acceptInvites, hangupAfter, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.invites$.pipe(acceptInvites(), hangupAfter(60_000)).subscribe();
 * ```
 */
export function hangupAfter<T extends Session>(ms: number, options: HangupAfterOptions = {}): OperatorFunction<T, T> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return mergeEach(
    (session: T) =>
      new Observable<T>((subscriber) => {
        let waiting: Subscription | undefined;
        let watching: Subscription | undefined;
        // the wait starts once (now, or when Established); an end before it is up ends it all quietly
        const wait = () =>
          (waiting ??= scheduler.schedule(() => {
            watching?.unsubscribe();
            subscriber.add(
              afterCall(() => hangup(session), session).subscribe({
                next: (s) => subscriber.next(s),
                error: (e: unknown) => {
                  options.failures?.(e, session);
                  subscriber.complete();
                },
                complete: () => subscriber.complete(),
              }),
            );
          }, Math.max(ms, 0)));
        if (options.from === "now") wait();
        watching = session.state$.subscribe({
          next: (s) => (s === SessionState.Terminated ? subscriber.complete() : s === SessionState.Established && wait()),
          error: (e: unknown) => subscriber.error(e),
          complete: () => subscriber.complete(),
        });
        return () => {
          watching?.unsubscribe();
          waiting?.unsubscribe();
        };
      }),
  );
}
