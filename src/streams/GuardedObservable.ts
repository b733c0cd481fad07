import { Observable, Subscriber, type Observer, type Subscription } from "rxjs";
import { callGuarded, type ErrorSink } from "./ListenerError.js";

/**
 * An Observable of an SDK stream whose direct subscribers are guarded: a `next`,
 * `complete` or `error` callback that throws is reported to the sink (the user agent's
 * `errors$`) as a ListenerError, rather than as an uncaught exception thrown later by
 * RxJS. Subscribers made by operators (`state$.pipe(...)`) pass through as they are: their
 * errors travel down their own pipeline.
 *
 * Left out of the API reference (`@hidden`): its members are RxJS's own `Observable`'s.
 * @hidden
 */
export class GuardedObservable<T> extends Observable<T> {
  private readonly inner: Observable<T>;
  private readonly sink: ErrorSink;
  private readonly label: string;

  constructor(inner: Observable<T>, sink: ErrorSink, label: string) {
    super();
    this.inner = inner;
    this.sink = sink;
    this.label = label;
  }

  override subscribe(
    observerOrNext?: Partial<Observer<T>> | ((value: T) => void) | null,
    error?: ((error: unknown) => void) | null,
    complete?: (() => void) | null,
  ): Subscription {
    if (observerOrNext instanceof Subscriber) return this.inner.subscribe(observerOrNext);
    // the deprecated (next, error, complete) form is still accepted, as RxJS accepts it
    const o: { next?: ((value: T) => void) | null; error?: ((error: unknown) => void) | null; complete?: (() => void) | null } =
      typeof observerOrNext === "function" || observerOrNext == null ? { next: observerOrNext, error, complete } : observerOrNext;
    const sink = this.sink;
    const label = this.label;
    return this.inner.subscribe({
      next: (value) => {
        if (o.next) callGuarded(sink, label, () => o.next!.call(o, value));
      },
      error: (error: unknown) => {
        if (o.error) callGuarded(sink, label, () => o.error!.call(o, error));
        else sink.reportError(error instanceof Error ? error : new Error(String(error)));
      },
      complete: () => {
        if (o.complete) callGuarded(sink, label, () => o.complete!.call(o));
      },
    });
  }
}
