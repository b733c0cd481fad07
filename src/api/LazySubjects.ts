import { Subject, type Observable } from "rxjs";
import { GuardedObservable, type ErrorSink } from "../streams/index.js";

/**
 * The Subjects behind an object's event streams, by name (`M` maps each name to what it
 * carries), each made when first asked for: the object may live for hours and most of its
 * streams are never used, and what nobody asked for is not even made. One asked for after
 * `complete()` is complete at once, as it would have been. `stream()` guards subscribers:
 * what one throws is reported to `sink` (the user agent's `errors$`), labelled
 * `owner.name$`.
 */
export class LazySubjects<M> {
  private readonly made: { [K in keyof M]?: Subject<M[K]> } = {};
  private done = false;

  constructor(
    private readonly sink: ErrorSink,
    private readonly owner: string,
  ) {}

  /** The stream `name`, its subscribers guarded. */
  stream<K extends keyof M & string>(name: K): Observable<M[K]> {
    return new GuardedObservable(this.subject(name), this.sink, `${this.owner}.${name}$`);
  }

  /** The Subject behind `name`, made now if it was never asked for. */
  subject<K extends keyof M>(name: K): Subject<M[K]> {
    let s = this.made[name];
    if (s === undefined) {
      s = this.made[name] = new Subject<M[K]>();
      if (this.done) s.complete();
    }
    return s;
  }

  /** The Subject behind `name` when its stream was asked for; undefined: nobody can be listening. */
  peek<K extends keyof M>(name: K): Subject<M[K]> | undefined {
    return this.made[name];
  }

  /** Tells `value` to the stream `name`, if it was ever asked for. */
  next<K extends keyof M>(name: K, value: M[K]): void {
    this.made[name]?.next(value);
  }

  /** Completes every stream, those asked for later included. */
  complete(): void {
    this.done = true;
    for (const k in this.made) this.made[k]!.complete();
  }
}
