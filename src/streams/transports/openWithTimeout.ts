import type { SchedulerLike } from "rxjs";
import { TransportError } from "../TransportError.js";

export interface OpenWithTimeoutOptions {
  /** Seconds to wait; 0 or less waits for ever. */
  seconds: number;
  scheduler: SchedulerLike;
  /** For errors: the server or peer being opened. */
  server: string;
  /** Cancels the attempt from outside (disconnect, dispose): rejects `ABORTED`. */
  signal?: AbortSignal;
}

/**
 * Runs `open` with an abort signal that fires after `seconds` (on the scheduler) or when
 * `options.signal` does. Rejects with `CONNECT_TIMEOUT` or `ABORTED` accordingly; a
 * connection that still opens after that is closed at once.
 */
export function openWithTimeout<T extends { close(): Promise<void> }>(
  open: (signal: AbortSignal) => Promise<T>,
  options: OpenWithTimeoutOptions,
): Promise<T> {
  const controller = new AbortController();
  const outer = options.signal;
  const onAbort = () => controller.abort();
  outer?.addEventListener("abort", onAbort);
  return new Promise<T>((resolve, reject) => {
    const deadline =
      options.seconds > 0
        ? options.scheduler.schedule(() => {
            controller.abort();
            reject(new TransportError("CONNECT_TIMEOUT", `no connection within ${options.seconds} s`, { server: options.server }));
          }, options.seconds * 1000)
        : undefined;
    const done = () => {
      deadline?.unsubscribe();
      outer?.removeEventListener("abort", onAbort);
    };
    if (outer?.aborted) controller.abort();
    open(controller.signal).then(
      (connection) => {
        done();
        if (controller.signal.aborted) {
          void connection.close();
          reject(new TransportError("ABORTED", "connect was cancelled", { server: options.server }));
        } else resolve(connection);
      },
      (error: unknown) => {
        done();
        reject(error);
      },
    );
  });
}
