import { callGuarded, type ErrorSink } from "../streams/index.js";
import type { IncomingResponse, OutgoingRequestDelegate } from "./requestTypes.js";

const CALLBACKS = ["onAccept", "onProgress", "onRedirect", "onReject", "onTrying"] as const;

/**
 * The application's request delegate with each callback guarded: what one throws (or a
 * promise it returns rejects with) is reported to `sink` (the user agent's `errors$`),
 * so the SDK's own handling of the response (a state change, a clean-up) still happens.
 */
export function guardRequestDelegate<D extends OutgoingRequestDelegate>(sink: ErrorSink, delegate: D | undefined): D | undefined {
  if (delegate === undefined) return undefined;
  const guarded: OutgoingRequestDelegate = {};
  for (const name of CALLBACKS) {
    const fn = delegate[name];
    if (fn !== undefined) guarded[name] = (response: IncomingResponse) => callGuarded(sink, `requestDelegate.${name}`, () => fn.call(delegate, response));
  }
  return guarded as D;
}
