import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike, type Subscription } from "rxjs";
import type { DtmfEvent } from "../api/Session.js";

/**
 * Options of {@link dtmfDigits}.
 *
 * @example
 * ```ts
 * import { dtmfDigits, type Session } from "rxsip";
 * declare const session: Session;
 *
 * // a four-digit PIN, or fewer ended by #, with five seconds between keys
 * session.dtmf$.pipe(dtmfDigits({ maxDigits: 4, terminator: "#", interDigitTimeout: 5000 })).subscribe((pin) => console.log(pin));
 * ```
 */
export interface DtmfDigitsOptions {
  /** Milliseconds of silence after a digit that end the string (default 3000). */
  interDigitTimeout?: number;
  /** A tone that ends the string at once and is not part of it (e.g. "#"). */
  terminator?: string;
  /** Digits after which the string ends at once (default: no limit). */
  maxDigits?: number;
  /** Where the inter-digit timer runs (default asyncScheduler; pass the user agent's). */
  scheduler?: SchedulerLike;
}

/**
 * Applied to `session.dtmf$` (or any stream of tones): collects the digits a caller types
 * into strings, as an IVR does. A string ends when no digit came for
 * `interDigitTimeout` ms, when the `terminator` arrives, or after `maxDigits`; an empty
 * string is never emitted. What was typed when the source completes is emitted then.
 *
 * ```
 * dtmf$     -1-2-3-------4-#--|
 * dtmfDigits({ interDigitTimeout: 5, terminator: "#" })
 * result    ----------x----y--|      x = "123", y = "4"
 * ```
 *
 * @example
 * ```ts
 * import { dtmfDigits, type Session, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare const session: Session;
 * declare function check(pin: string): void;
 *
 * session.dtmf$.pipe(dtmfDigits({ terminator: "#", scheduler: userAgent.scheduler })).subscribe((pin) => check(pin));
 * ```
 */
export function dtmfDigits(options: DtmfDigitsOptions = {}): OperatorFunction<DtmfEvent | string, string> {
  const timeout = options.interDigitTimeout ?? 3000;
  const scheduler = options.scheduler ?? asyncScheduler;
  return (source) =>
    new Observable<string>((subscriber) => {
      let digits = "";
      let timer: Subscription | undefined;
      const flush = () => {
        timer?.unsubscribe();
        timer = undefined;
        if (digits === "") return;
        const out = digits;
        digits = "";
        subscriber.next(out);
      };
      const sub = source.subscribe({
        next: (event) => {
          const tone = typeof event === "string" ? event : (event as DtmfEvent | undefined)?.tone;
          if (typeof tone !== "string" || tone === "") return; // nothing a caller typed
          if (options.terminator !== undefined && tone === options.terminator) {
            flush();
            return;
          }
          digits += tone;
          if (options.maxDigits !== undefined && digits.length >= options.maxDigits) {
            flush();
            return;
          }
          timer?.unsubscribe();
          timer = scheduler.schedule(flush, timeout);
        },
        error: (e: unknown) => subscriber.error(e),
        complete: () => {
          flush();
          subscriber.complete();
        },
      });
      return () => {
        timer?.unsubscribe();
        sub.unsubscribe();
      };
    });
}
