import { VirtualAction, VirtualTimeScheduler } from "rxjs";

/**
 * Virtual time for code that mixes scheduler timers with promises (a user agent's
 * `start()`, media handlers): `advance(ms)` runs every action due within `ms`, letting
 * promise continuations run between actions, so a whole call flow plays in milliseconds
 * of real time. Pass `clock.scheduler` as the user agent's `scheduler` and the network's.
 *
 * @example
 * ```ts
 * import { InMemoryNetwork, VirtualClock } from "rxsip/testing";
 *
 * const clock = new VirtualClock();
 * const network = new InMemoryNetwork({ scheduler: clock.scheduler });
 * // ...
 * await clock.advance(60_000); // one minute of SIP timers, instantly
 * ```
 */
export class VirtualClock {
  readonly scheduler = new VirtualTimeScheduler(VirtualAction, 0);

  /** Virtual milliseconds since the clock was made. */
  now(): number {
    return this.scheduler.now();
  }

  /** Runs everything due in the next `ms` virtual milliseconds (promises settle in between). */
  async advance(ms = 0): Promise<void> {
    const target = this.scheduler.now() + ms;
    for (let guard = 0; guard < 1_000_000; guard++) {
      await settle();
      const next = this.nextDue();
      if (next === undefined || next > target) break;
      this.scheduler.maxFrames = next;
      this.scheduler.flush();
    }
    await settle();
    if (this.scheduler.frame < target) this.scheduler.frame = target;
  }

  /** Runs until nothing is scheduled any more (at most `limit` ms ahead). */
  async runAll(limit = 3_600_000): Promise<void> {
    await this.advance(limit);
  }

  /** How many actions are still scheduled (0 after a clean shutdown). */
  get pending(): number {
    return this.scheduler.actions.length;
  }

  private nextDue(): number | undefined {
    const first = this.scheduler.actions[0];
    return first === undefined ? undefined : first.delay;
  }
}

/** Lets pending promise continuations run (a few rounds of the microtask queue). */
async function settle(): Promise<void> {
  for (let i = 0; i < 20; i++) await Promise.resolve();
}
