import { filter, pairwise, startWith, type Observable } from "rxjs";
import type { TransportStatus } from "../streams/TransportStatus.js";

/**
 * Emits each time the connection comes back (connected after having been anything else)
 * while `wanted()` holds: the moments a SimpleUser that was asked to register registers
 * again, since a new flow needs a new binding (RFC 5626 §4.2, RFC 7118 §5).
 */
export function reregisterOnReconnect(status$: Observable<TransportStatus>, wanted: () => boolean): Observable<unknown> {
  return status$.pipe(
    startWith(undefined),
    pairwise(),
    filter(([prev, cur]) => prev !== undefined && prev.type !== "connected" && cur?.type === "connected" && wanted()),
  );
}
