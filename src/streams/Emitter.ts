/**
 * A small event emitter with the shape SIP.js users know (`stateChange.addListener(...)`).
 * rxsip's objects expose streams (`state$`); an `Emitter` sits beside each stream for
 * SIP.js compatibility. Listeners run in the order they were added.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * const log = (state: string) => console.log(state);
 * session.stateChange.addListener(log); // SIP.js style, beside session.state$
 * session.stateChange.removeListener(log);
 * ```
 */
export interface Emitter<T> {
  /** Calls `listener` on every emission (or on the next one only, with `{ once: true }`). */
  addListener(listener: (data: T) => void, options?: { once?: boolean }): void;
  /** Stops calling `listener` (every registration of it). */
  removeListener(listener: (data: T) => void): void;
  /** @deprecated SIP.js alias of `addListener`. */
  on(listener: (data: T) => void): void;
  /** @deprecated SIP.js alias of `removeListener`. */
  off(listener: (data: T) => void): void;
  /** @deprecated SIP.js alias of `addListener(listener, { once: true })`. */
  once(listener: (data: T) => void): void;
}

interface Registration<T> {
  listener: (data: T) => void;
  once: boolean;
}

/**
 * The implementation of {@link Emitter}; its owner calls `emit` and, when done, `removeAllListeners`.
 *
 * @example
 * ```ts
 * import { EmitterImpl } from "rxsip";
 *
 * const changes = new EmitterImpl<string>(); // what `stateChange` is on every rxsip object
 * changes.addListener((state) => console.log("now", state));
 * changes.emit("Connected");
 * changes.removeAllListeners();
 * ```
 */
export class EmitterImpl<T> implements Emitter<T> {
  private registrations: Array<Registration<T>> = [];

  addListener(listener: (data: T) => void, options?: { once?: boolean }): void {
    this.registrations.push({ listener, once: options?.once === true });
  }

  removeListener(listener: (data: T) => void): void {
    this.registrations = this.registrations.filter((r) => r.listener !== listener);
  }

  on(listener: (data: T) => void): void {
    this.addListener(listener);
  }

  off(listener: (data: T) => void): void {
    this.removeListener(listener);
  }

  once(listener: (data: T) => void): void {
    this.addListener(listener, { once: true });
  }

  /** Number of registered listeners (to check that nothing is left behind). */
  get listenerCount(): number {
    return this.registrations.length;
  }

  /**
   * Calls every listener with `data`. Once-listeners are removed before they run, so a
   * listener may add or remove listeners safely. If listeners throw, every listener still
   * runs and the first error is rethrown at the end.
   */
  emit(data: T): void {
    const current = this.registrations;
    if (current.some((r) => r.once)) this.registrations = current.filter((r) => !r.once);
    let failure: { error: unknown } | undefined;
    for (const r of current) {
      try {
        r.listener(data);
      } catch (error) {
        failure ??= { error };
      }
    }
    if (failure) throw failure.error;
  }

  /** Forgets every listener (the owner calls it when it is disposed). */
  removeAllListeners(): void {
    this.registrations = [];
  }
}
