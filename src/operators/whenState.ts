import { filter, map, mergeMap, take, type Observable } from "rxjs";

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
 * merge(userAgent.invites$.pipe(acceptInvites()), outgoing$)
 *   .pipe(whenState(SessionState.Terminated))
 *   .subscribe((session) => log("call ended", session.id));
 */
export function whenState(...states: readonly unknown[]): <T extends { readonly state$: Observable<unknown> }>(source: Observable<T>) => Observable<T> {
  return <T extends { readonly state$: Observable<unknown> }>(source: Observable<T>) => source.pipe(mergeMap((item: T) =>
    item.state$.pipe(
      filter((s) => states.includes(s)),
      take(1),
      map(() => item),
    ),
  ));
}
