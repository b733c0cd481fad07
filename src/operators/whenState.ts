import { Observable } from "rxjs";
import { mergeEach } from "./mergeEach.js";

/**
 * Applied to a stream of stateful objects (sessions, registerers, subscriptions: anything
 * with a `state$`): emits each object once it reaches one of `states`. An object whose
 * `state$` completes first (it ended) is dropped.
 *
 * ```
 * sessions$       --a------b--------
 * a.state$          I--E-------T
 * b.state$                 I------T
 * whenState("Established")
 * result          -----a------------
 * ```
 *
 * @example
 * ```ts
 * import { acceptInvites, SessionState, whenState, type Inviter, type UserAgent } from "rxsip";
 * import { merge, type Observable } from "rxjs";
 * declare const userAgent: UserAgent;
 * declare const outgoing$: Observable<Inviter>;
 *
 * merge(userAgent.invites$.pipe(acceptInvites()), outgoing$)
 *   .pipe(whenState(SessionState.Terminated))
 *   .subscribe((session) => console.log("call ended", session.id));
 * ```
 */
export function whenState(...states: readonly unknown[]): <T extends { readonly state$: Observable<unknown> }>(source: Observable<T>) => Observable<T> {
  return <T extends { readonly state$: Observable<unknown> }>(source: Observable<T>) =>
    source.pipe(
      mergeEach(
        (item: T) =>
          new Observable<T>((subscriber) =>
            item.state$.subscribe({
              next: (s) => {
                if (!states.includes(s)) return;
                subscriber.next(item);
                subscriber.complete();
              },
              error: (e: unknown) => subscriber.error(e),
              complete: () => subscriber.complete(),
            }),
          ),
      ),
    );
}
