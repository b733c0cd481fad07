import { asyncScheduler, Observable, Subscription, type SchedulerLike } from "rxjs";
import { TransportError } from "./TransportError.js";

/** How often {@link keepAlive} pings and how long it waits for an answer. */
export interface KeepAliveTiming {
  /** Milliseconds from the start (and from each answer) to the next ping. */
  interval: number;
  /** Milliseconds to wait for an answer before the flow is declared dead (RFC 5626 §4.4.1: 10 s). */
  timeout: number;
  /** Where the timers run (default `asyncScheduler`; a TestScheduler in tests). */
  scheduler?: SchedulerLike;
}

/**
 * Keeps a flow alive and watches it: waits `interval`, sends a ping, waits for the first
 * emission of `answers$` within `timeout`, and starts over. Never emits; errors with a
 * `TransportError` `KEEPALIVE_TIMEOUT` when an answer does not come in time, and with
 * `SEND_FAILED` when the ping cannot be sent. Unsubscribing stops it.
 *
 * ```
 * interval 3, timeout 2, answers after 1:
 * answers$ ----a----------a------------
 * result   ----------------------------   (ping at 3, 7, 11 ...)
 * no answer:
 * answers$ ------------------
 * result   -----#                        (#: KEEPALIVE_TIMEOUT at 3 + 2)
 * ```
 *
 * `answers$` is subscribed before the ping is sent, so an answer that comes back at once
 * is not missed.
 *
 * @param ping sends one ping; may return a promise, whose rejection fails the stream.
 * @param answers$ where answers come (pongs, responses to the OPTIONS ping).
 * @param isAnswer which of them answer this keep-alive (default: every one).
 *
 * @example
 * ```ts
 * import { keepAlive } from "rxsip";
 * import { Subject } from "rxjs";
 * declare function sendPing(): void; // e.g. write CRLF CRLF on a socket
 * const pongs$ = new Subject<void>(); // next() when the answer arrives
 *
 * keepAlive(sendPing, pongs$, { interval: 25_000, timeout: 10_000 }).subscribe({
 *   error: (e) => console.log("flow is dead:", e.code), // KEEPALIVE_TIMEOUT or SEND_FAILED
 * });
 * ```
 */
export function keepAlive(
  ping: () => Promise<void> | void,
  answers$: Observable<unknown>,
  timing: KeepAliveTiming,
  isAnswer: (value: unknown) => boolean = () => true,
): Observable<never> {
  const scheduler = timing.scheduler ?? asyncScheduler;
  // written with scheduler actions only: rxjs's timeout / concatMap / repeat (or even timer)
  // would be in every browser bundle for this one use
  return new Observable<never>((subscriber) => {
    /** The wait for the next ping, or the round of a ping and its answer. */
    let current: Subscription | undefined;
    const wait = (): void => {
      current = scheduler.schedule(() => {
        const round = (current = new Subscription());
        /** The first answer ends the round (so does the end of answers$); the next wait starts. */
        const answered = (): void => {
          if (round.closed) return;
          round.unsubscribe();
          wait();
        };
        round.add(
          scheduler.schedule(
            () => subscriber.error(new TransportError("KEEPALIVE_TIMEOUT", `no keep-alive answer within ${timing.timeout} ms`)),
            timing.timeout,
          ),
        );
        // subscribed before the ping goes, so that an answer that comes back at once counts
        round.add(answers$.subscribe({ next: (v) => isAnswer(v) && answered(), error: (e: unknown) => subscriber.error(e), complete: answered }));
        const fail = (cause: unknown): void => {
          if (!round.closed) subscriber.error(new TransportError("SEND_FAILED", "the keep-alive ping could not be sent", { cause }));
        };
        try {
          const sent = ping();
          if (sent && typeof sent.then === "function") sent.then(undefined, fail);
        } catch (cause) {
          fail(cause);
        }
      }, timing.interval);
    };
    wait();
    return () => current?.unsubscribe();
  });
}
