import { Subject, type Observable } from "rxjs";
import { callGuarded, GuardedObservable, type ErrorSink } from "../streams/index.js";
import { allowExcept } from "./allowExcept.js";

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
    /** The user agent (its core's Allow goes in a 405); any ErrorSink elsewhere. */
    private readonly sink: ErrorSink & { readonly userAgentCore?: { readonly allowHeader: string } },
    private readonly owner: string,
    /** What delegate callbacks' errors are labelled with before `delegate.` ("session." gives "session.delegate.onBye"). */
    private readonly delegateLabel = "",
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

  /**
   * Tells `item` to the stream `name`, then to the SIP.js delegate's `callback` (with `args`,
   * `[item]` by default; the delegate as `this`). What a subscriber or the callback throws is
   * reported to the sink, never to the code that called this. Returns "threw" when the
   * callback threw, true when a callback or a stream subscriber was there to take it, false
   * when nobody was.
   */
  tell<K extends keyof M>(name: K, item: M[K], delegate: object | undefined, callback: string, args: unknown[] = [item]): boolean | "threw" {
    const subject = this.made[name];
    const listeners = subject?.observed ?? false;
    if (subject !== undefined) callGuarded(this.sink, "stream subscriber", () => subject.next(item));
    const fn = (delegate as Record<string, ((...a: unknown[]) => void) | undefined> | undefined)?.[callback];
    if (fn) return callGuarded(this.sink, `${this.delegateLabel}delegate.${callback}`, () => fn.apply(delegate, args)) ? "threw" : true;
    return listeners;
  }

  /**
   * Hands a request that arrived (a Message, a Referral ...) to the stream `name` and to the
   * delegate's `callback` ({@link tell}); when neither is there to take it, it is answered
   * `unclaimed` (200: accepted; else rejected with that status; a 405 carries the Allow of
   * RFC 3261 §21.4.6, without the method refused). A request the throwing
   * callback left unanswered gets 500 (RFC 3261 §21.5.1) rather than waiting for the peer's
   * transaction to time out.
   */
  dispatch<K extends keyof M>(
    name: K,
    item: M[K],
    delegate: object | undefined,
    callback: string,
    unclaimed: number,
    incoming: { readonly answered: boolean; readonly request: { readonly method: string }; accept(): unknown; reject(options: { statusCode: number; extraHeaders?: Array<[string, string]> }): unknown },
  ): void {
    const told = this.tell(name, item, delegate, callback);
    if (told === "threw") {
      if (!incoming.answered) incoming.reject({ statusCode: 500 });
    } else if (!told) {
      if (unclaimed === 200) incoming.accept();
      else if (unclaimed !== 405) incoming.reject({ statusCode: unclaimed });
      else incoming.reject({ statusCode: 405, extraHeaders: [allowExcept(this.sink.userAgentCore?.allowHeader ?? "", incoming.request.method)] });
    }
  }

  /** Completes every stream, those asked for later included. */
  complete(): void {
    this.done = true;
    for (const k in this.made) this.made[k]!.complete();
  }
}
