import { Observable } from "rxjs";

/**
 * `defer(call)` for a call that returns a promise, without rxjs's general input conversion:
 * `call` runs on each subscription; once its promise resolves the result emits `values` and
 * completes, and it errors with the promise's rejection (or with what `call` threw).
 */
export function afterCall<R>(call: () => PromiseLike<unknown>, ...values: R[]): Observable<R> {
  return new Observable<R>((subscriber) => {
    call().then(
      () => {
        for (const value of values) subscriber.next(value);
        subscriber.complete();
      },
      (e: unknown) => subscriber.error(e),
    );
  });
}
