import { asyncScheduler, Observable, type OperatorFunction, type SchedulerLike } from "rxjs";
import type { Invitation, InvitationAcceptOptions } from "../api/Invitation.js";
import type { InvitationHandlingOptions } from "./acceptInvites.js";
import { ended, establish, type PerInvitation } from "./establish.js";
import { reportFailure } from "./InvitationFailures.js";
import { mergeEach } from "./mergeEach.js";

/**
 * Options of {@link answerAfter}.
 *
 * @example
 * ```ts
 * import { answerAfter, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * // an auto-answering intercom: audio only, after two seconds of ringing
 * userAgent.invites$
 *   .pipe(answerAfter(2000, { accept: { sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } } }))
 *   .subscribe();
 * ```
 */
export interface AnswerAfterOptions extends InvitationHandlingOptions {
  /** The accept options, or options made per invitation. */
  accept?: PerInvitation<InvitationAcceptOptions | undefined>;
  /** Where the wait runs (default asyncScheduler; pass the user agent's). */
  scheduler?: SchedulerLike;
}

/**
 * Applied to `userAgent.invites$`: lets each invitation ring for `ms` milliseconds, then
 * accepts it and emits it once Established — an auto-answer with a grace period. A caller
 * who hangs up (CANCEL) while it rings is left alone: nothing is emitted, nothing fails.
 * A failed accept is reported to `failures` and never ends the stream.
 *
 * ```
 * invites$   -a--b--c-----    (c's caller hangs up at 9, before its 5 ms are up)
 * answerAfter(5)              (accepted 5 ms after arrival, Established 1 ms later)
 * result     -------a--b---
 * ```
 *
 * @example
 * ```ts
 * import { answerAfter, type Invitation, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare function talk(call: Invitation): void;
 *
 * userAgent.invites$.pipe(answerAfter(10_000, { scheduler: userAgent.scheduler })).subscribe(talk);
 * ```
 */
export function answerAfter(ms: number, options: AnswerAfterOptions = {}): OperatorFunction<Invitation, Invitation> {
  const scheduler = options.scheduler ?? asyncScheduler;
  return mergeEach(
    (invitation) =>
      new Observable<Invitation>((subscriber) => {
        // a caller who hangs up while it rings ends the wait quietly
        const hungUp = ended(invitation).subscribe({ next: () => subscriber.complete(), error: (e: unknown) => subscriber.error(e) });
        const ringing = scheduler.schedule(() => {
          hungUp.unsubscribe();
          establish(invitation, options.accept).subscribe(subscriber);
        }, Math.max(ms, 0));
        return () => {
          hungUp.unsubscribe();
          ringing.unsubscribe();
        };
      }),
    (failure) => reportFailure(options.failures, failure as never),
  );
}
