import type { Subject } from "rxjs";
import { callGuarded, type ErrorSink } from "../streams/index.js";

/**
 * Hands something that arrived (a Message, a Referral ...) to its stream and to its SIP.js
 * delegate callback (called with the delegate as `this`); when neither the callback nor any
 * stream subscriber is there to take it, `unclaimed` answers it. What a subscriber or the
 * callback throws is reported to `sink` (the user agent's `errors$`), never to the network
 * code that delivered the request; a request the throwing callback left unanswered gets
 * 500 (RFC 3261 §21.5.1) rather than waiting for the peer's transaction to time out.
 */
export function dispatch<T>(
  sink: ErrorSink,
  subject: Subject<T> | undefined,
  item: T,
  delegate: object | undefined,
  callback: ((item: T) => void) | undefined,
  unclaimed: () => void,
  incoming?: { readonly answered: boolean; reject(options: { statusCode: number }): unknown },
): void {
  const listeners = subject?.observed ?? false;
  if (subject !== undefined) callGuarded(sink, "stream subscriber", () => subject.next(item));
  if (callback) {
    const threw = callGuarded(sink, `delegate.${callback.name || "callback"}`, () => callback.call(delegate, item));
    if (threw && incoming !== undefined && !incoming.answered) incoming.reject({ statusCode: 500 });
  }
  else if (!listeners) unclaimed();
}
