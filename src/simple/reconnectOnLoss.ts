import { EMPTY, catchError, defer, exhaustMap, filter, from, retry, timer, type Observable, type SchedulerLike } from "rxjs";
import type { TransportStatus } from "../streams/TransportStatus.js";

/**
 * SimpleUser's reconnection policy as a pipeline: when the connection is lost with an error
 * while `wanted()` holds, try `reconnect()` at once, then every `delayMs` after each failure,
 * `attempts` tries in all; a loss while trying is folded into the running attempt.
 *
 * ```
 * status:    --C---D(err)-----------------------C--
 * reconnect:          x----(delay)----x----(delay)--ok
 * ```
 */
export function reconnectOnLoss(
  status$: Observable<TransportStatus>,
  reconnect: () => Promise<void>,
  options: { attempts: number; delayMs: number; scheduler: SchedulerLike; wanted: () => boolean },
): Observable<void> {
  const { attempts, delayMs, scheduler, wanted } = options;
  return status$.pipe(
    filter((s) => s.type === "disconnected" && s.error !== undefined && wanted() && attempts > 0),
    exhaustMap(() =>
      defer(() => (wanted() ? from(reconnect()) : EMPTY)).pipe(
        retry({ count: attempts - 1, delay: () => timer(delayMs, scheduler) }),
        catchError(() => EMPTY),
      ),
    ),
  );
}
