import type { Subject } from "rxjs";
import { callGuarded, type ErrorSink } from "../streams/index.js";

/**
 * Hands something that arrived (a Message, a Referral ...) to its stream and to its SIP.js
 * delegate callback (called with the delegate as `this`); when neither the callback nor any
 * stream subscriber is there to take it, `unclaimed` answers it. What a subscriber or the
 * callback throws is reported to `sink` (the user agent's `errors$`), never to the network
 * code that delivered the request.
 */
export function dispatch<T>(
  sink: ErrorSink,
  subject: Subject<T> | undefined,
  item: T,
  delegate: object | undefined,
  callback: ((item: T) => void) | undefined,
  unclaimed: () => void,
): void {
  const listeners = subject?.observed ?? false;
  if (subject !== undefined) callGuarded(sink, "stream subscriber", () => subject.next(item));
  if (callback) callGuarded(sink, `delegate.${callback.name || "callback"}`, () => callback.call(delegate, item));
  else if (!listeners) unclaimed();
}
