import { SipError } from "../core/messages/errors.js";

/**
 * Application code called by the SDK threw or rejected: a `stateChange` listener, a
 * `state$` (or other stream) subscriber, a delegate callback. The SDK finishes what it was
 * doing (a session that was ending still ends) and reports the error as this, on
 * `userAgent.errors$`. `source` names what threw (`"session.stateChange"`,
 * `"delegate.onInvite"` ...); `cause` is what was thrown.
 *
 * @example
 * ```ts
 * import { ListenerError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.delegate = { onMessage: () => { throw new Error("oops"); } }; // the MESSAGE is answered 500; the user agent goes on
 * userAgent.errors$.subscribe((e) => {
 *   if (e instanceof ListenerError) console.error(`${e.source} threw`, e.cause);
 * });
 * ```
 */
export class ListenerError extends SipError {
  override readonly name = "ListenerError";
  constructor(
    readonly source: string,
    cause: unknown,
  ) {
    super("LISTENER_THREW", `${source} threw: ${cause instanceof Error ? cause.message : String(cause)}`, { cause });
  }
}

/** Where an object reports what its listeners threw (the user agent's `errors$`, a transport's log). */
export interface ErrorSink {
  /** Reports an error thrown by a listener, instead of letting it escape into the SIP stack. */
  reportError(error: Error): void;
}

/**
 * Calls application code, `fn`; what it throws (or a promise it returns rejects with) is
 * reported to `sink` as a {@link ListenerError} instead of unwinding the SDK's own work.
 * Returns true when `fn` threw.
 *
 * @example
 * ```ts
 * import { callGuarded, type ErrorSink } from "rxsip";
 *
 * const sink: ErrorSink = { reportError: (e) => console.error(e) };
 * const threw = callGuarded(sink, "onMessage", () => JSON.parse("not json")); // true: reported, not thrown
 * ```
 */
export function callGuarded(sink: ErrorSink, source: string, fn: () => unknown): boolean {
  try {
    const result = fn();
    if (result !== null && typeof result === "object" && typeof (result as PromiseLike<unknown>).then === "function") {
      (result as PromiseLike<unknown>).then(undefined, (e: unknown) => sink.reportError(new ListenerError(source, e)));
    }
    return false;
  } catch (e) {
    sink.reportError(new ListenerError(source, e));
    return true;
  }
}
