import { Observable, type OperatorFunction } from "rxjs";

/**
 * `mergeMap` for what the invitation and session operators need, without rxjs's general
 * `ObservableInput` conversion (promises, iterables, streams...), which only apps that use
 * rxjs's higher-order operators themselves should pay for. `project` returns an Observable,
 * or `undefined` to pass the value on as it is. Each value's observable runs concurrently;
 * the result completes once the source and every observable still running have.
 * Without `caught`, the first error (of the source, of `project`, of an observable) is the
 * result's; with it, a failure of `project` or of a value's observable is handed to `caught`
 * with that value, and the others go on.
 */
export function mergeEach<T, R = T>(project: (value: T) => Observable<R> | undefined, caught?: (error: unknown, value: T) => void): OperatorFunction<T, R | T> {
  return (source) =>
    new Observable<R | T>((subscriber) => {
      let running = 0;
      let sourceDone = false;
      const done = () => sourceDone && !running && subscriber.complete();
      subscriber.add(
        source.subscribe({
          next: (value) => {
            const failed = (e: unknown) => {
              if (!caught) return subscriber.error(e);
              caught(e, value);
              ended();
            };
            const ended = () => {
              running--;
              done();
            };
            running++;
            let inner: Observable<R> | undefined;
            try {
              inner = project(value);
            } catch (e) {
              return failed(e);
            }
            if (!inner) {
              subscriber.next(value);
              return ended();
            }
            // added to the subscriber, each inner subscription leaves it again once it ends
            subscriber.add(inner.subscribe({ next: (r) => subscriber.next(r), error: failed, complete: ended }));
          },
          error: (e: unknown) => subscriber.error(e),
          complete: () => {
            sourceDone = true;
            done();
          },
        }),
      );
    });
}
