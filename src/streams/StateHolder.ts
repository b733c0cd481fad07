import { BehaviorSubject, Observable } from "rxjs";
import { EmitterImpl } from "./Emitter.js";
import { GuardedObservable } from "./GuardedObservable.js";
import { callGuarded, type ErrorSink } from "./ListenerError.js";

/**
 * Holds one object's state and publishes it three ways: `value` (SIP.js's `state`), the
 * SIP.js `stateChange` emitter, and `state$` (replays the current state, completes on
 * `complete()`). Every API object (UserAgent, Session, Registerer, Publisher,
 * Subscription, Notifier) holds its state in one of these, so all of them behave alike:
 *
 * - Re-entrant changes are queued: a listener that moves the state while another change is
 *   being delivered does not make later listeners see the states out of order.
 * - Listeners and subscribers are guarded: one that throws is reported to the sink (the
 *   user agent's `errors$`) and neither stops the other listeners nor unwinds the owner's
 *   work (a session whose Terminated listener throws is still cleaned up).
 * - The emitter and the Subject are made when first asked for (an object that lives for a
 *   whole call keeps neither when nobody listens); subscribed to after `complete()`,
 *   `state$` gives the final state and completes, so a late `whenState("Terminated")`
 *   still hears that the object ended.
 *
 * @example
 * ```ts
 * import { StateHolder } from "rxsip";
 *
 * const holder = new StateHolder<"idle" | "busy">("idle", { reportError: (e) => console.error(e) }, "phone");
 * holder.state$.subscribe((state) => console.log(state)); // idle, busy, then completes
 * holder.set("busy");
 * holder.complete();
 * ```
 */
export class StateHolder<S> {
  private latest: S;
  private subject: BehaviorSubject<S> | undefined;
  private emitter: EmitterImpl<S> | undefined;
  private queue: S[] | undefined;
  private publishing = false;
  private completeAfterQueue = false;
  private done = false;

  private readonly sink: ErrorSink;
  /** What listeners' errors are reported as coming from (`"session"` gives `"session.stateChange"`). */
  private readonly name: string;

  constructor(initial: S, sink: ErrorSink, name: string) {
    this.latest = initial;
    this.sink = sink;
    this.name = name;
  }

  /** The latest state set (a listener may be being told about an earlier one). */
  get value(): S {
    return this.latest;
  }

  /** True once `complete()` ran. */
  get completed(): boolean {
    return this.done;
  }

  get stateChange(): EmitterImpl<S> {
    return (this.emitter ??= new EmitterImpl<S>());
  }

  get state$(): Observable<S> {
    const live = (this.subject ??= new BehaviorSubject<S>(this.latest));
    const source = new Observable<S>((subscriber) => {
      if (!this.done) return live.subscribe(subscriber);
      subscriber.next(this.latest);
      subscriber.complete();
      return undefined;
    });
    return new GuardedObservable(source, this.sink, `${this.name}.state$`);
  }

  /** Moves to `next` (nothing when it is the current state, or after `complete()`). */
  set(next: S): void {
    if (this.done || next === this.latest) return;
    this.latest = next;
    if (this.publishing) {
      (this.queue ??= []).push(next);
      return;
    }
    this.publishing = true;
    try {
      this.publish(next);
      const queue = this.queue;
      if (queue !== undefined) for (let s = queue.shift(); s !== undefined; s = queue.shift()) this.publish(s);
    } finally {
      this.publishing = false;
      this.queue = undefined;
      if (this.completeAfterQueue) this.complete();
    }
  }

  /** Completes `state$` and drops every listener, once what is queued was delivered. */
  complete(): void {
    if (this.done) return;
    if (this.publishing) {
      this.completeAfterQueue = true;
      return;
    }
    this.done = true;
    this.subject?.complete();
    this.emitter?.removeAllListeners();
  }

  private publish(s: S): void {
    this.subject?.next(s);
    const emitter = this.emitter;
    if (emitter !== undefined && emitter.listenerCount > 0) callGuarded(this.sink, `${this.name}.stateChange`, () => emitter.emit(s));
  }
}
