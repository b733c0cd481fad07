import type { Subject } from "rxjs";

/**
 * Hands something that arrived (a Message, a Referral ...) to its stream and to its SIP.js
 * delegate callback (called with the delegate as `this`); when neither the callback nor any
 * stream subscriber is there to take it, `unclaimed` answers it.
 */
export function dispatch<T>(
  subject: Subject<T> | undefined,
  item: T,
  delegate: object | undefined,
  callback: ((item: T) => void) | undefined,
  unclaimed: () => void,
): void {
  const listeners = subject?.observed ?? false;
  subject?.next(item);
  if (callback) callback.call(delegate, item);
  else if (!listeners) unclaimed();
}
