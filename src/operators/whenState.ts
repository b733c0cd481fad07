import { filter, map, mergeMap, take, type Observable, type OperatorFunction } from "rxjs";

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
export function whenState<S, T extends { readonly state$: Observable<S> }>(...states: S[]): OperatorFunction<T, T> {
  return mergeMap((item: T) =>
    item.state$.pipe(
      filter((s) => states.includes(s)),
      take(1),
      map(() => item),
    ),
  );
}
