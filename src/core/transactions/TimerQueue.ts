import type { SchedulerAction, SchedulerLike, Subscription } from "rxjs";

/** A timer that can be cancelled (what `scheduler.schedule` returns, or a queued timer). */
export interface Cancellable {
  /** Cancels the timer; nothing happens if it already fired. */
  unsubscribe(): void;
}

/** One timer waiting in a {@link TimerQueue}. */
class QueuedTimer<T> implements Cancellable {
  constructor(
    /** When it is due, ms after the queue's epoch (a small integer, kept in the object itself). */
    readonly due: number,
    public fire: ((state: T) => void) | undefined,
    public state: T | undefined,
    private readonly queue: TimerQueue,
  ) {}

  unsubscribe(): void {
    if (this.fire === undefined) return;
    this.fire = undefined;
    this.state = undefined;
    this.queue.cancelled();
  }
}

/**
 * Timers that all run for the same time, on one scheduled action: the one of the earliest
 * timer, which fires every timer then due and schedules itself for the next. Timers of one
 * length end in the order they were started, so a queue is enough — and a transaction's
 * Timer L or M (64*T1, RFC 6026), running for every call set up in the last 32 seconds,
 * costs an entry here rather than a scheduled action (with its platform timer) each.
 *
 * Nothing stays scheduled once every timer has fired or been cancelled.
 */
export class TimerQueue {
  private timers: Array<QueuedTimer<unknown>> = [];
  /** Index of the first timer not fired yet. */
  private head = 0;
  /** Timers neither fired nor cancelled. */
  private live = 0;
  private action: Subscription | undefined;
  /** When the timer the action was scheduled for is due. */
  private target = 0;
  private running = false;

  /** The scheduler's time when the queue was made: due times count from it. */
  private readonly epoch: number;

  constructor(
    private readonly scheduler: SchedulerLike,
    /** How long every timer of the queue runs, ms. */
    readonly delay: number,
  ) {
    this.epoch = scheduler.now();
  }

  /** Runs `fire(state)` after `delay` ms, unless cancelled first. */
  add<T>(fire: (state: T) => void, state: T): Cancellable {
    const timer = new QueuedTimer<T>(this.scheduler.now() - this.epoch + this.delay, fire, state, this);
    this.timers.push(timer as QueuedTimer<unknown>);
    this.live++;
    // (an action the scheduler dropped, as a virtual one does after an error, is replaced)
    if (this.action === undefined || this.action.closed) {
      this.target = timer.due;
      this.action = this.scheduler.schedule(TimerQueue.run, this.delay, this);
    }
    return timer;
  }

  /** @internal a timer of the queue was cancelled. */
  cancelled(): void {
    this.live--;
    if (this.live === 0 && !this.running) this.clear();
  }

  private clear(): void {
    this.action?.unsubscribe();
    this.action = undefined;
    this.timers = [];
    this.head = 0;
  }

  private static run(this: SchedulerAction<TimerQueue>, queue?: TimerQueue): void {
    if (queue === undefined) return;
    queue.running = true;
    const now = queue.scheduler.now() - queue.epoch;
    let failed = false;
    let error: unknown;
    // the timer the action was scheduled for fires even if the clock says a moment early
    const limit = Math.max(now, queue.target);
    while (queue.head < queue.timers.length) {
      const timer = queue.timers[queue.head]!;
      const fire = timer.fire;
      if (fire === undefined) {
        queue.head++;
        continue;
      }
      if (timer.due > limit) break;
      const state = timer.state;
      timer.fire = undefined;
      timer.state = undefined;
      queue.live--;
      queue.head++;
      try {
        fire(state);
      } catch (e) {
        // the others still fire, as separate actions would; the first error is thrown after
        if (!failed) error = e;
        failed = true;
      }
    }
    queue.running = false;
    if (queue.live === 0) {
      // this action ends here: nothing left to unsubscribe
      queue.action = undefined;
      queue.clear();
    } else {
      if (queue.head > 64 && queue.head * 2 > queue.timers.length) {
        queue.timers = queue.timers.slice(queue.head);
        queue.head = 0;
      }
      while (queue.timers[queue.head]!.fire === undefined) queue.head++;
      const due = queue.timers[queue.head]!.due;
      queue.target = due;
      const wait = Math.min(queue.delay, Math.max(0, due - now));
      // an action whose work throws is unsubscribed by the scheduler: the queue then goes on in a new one
      // (a virtual scheduler makes a new action here: the queue keeps whichever is scheduled)
      queue.action = failed ? queue.scheduler.schedule(TimerQueue.run, wait, queue) : this.schedule(queue, wait);
    }
    if (failed) throw error;
  }
}

/**
 * The timer queues of one scheduler, one per timer length (made with the first timer of
 * that length; a transaction layer keeps a handful).
 */
export class TimerQueues {
  /** The queues by length (made with the first timer). */
  private queues: Map<number, TimerQueue> | undefined;

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Runs `fire(state)` after `delay` ms, unless cancelled first. */
  schedule<T>(fire: (state: T) => void, delay: number, state: T): Cancellable {
    const queues = (this.queues ??= new Map());
    let queue = queues.get(delay);
    if (queue === undefined) {
      // lengths are few (64*T1, a negotiated session interval ...); past 64 of them, a timer of its own
      if (queues.size >= 64) return this.scheduler.schedule((s?: T) => fire(s as T), delay, state);
      queue = new TimerQueue(this.scheduler, delay);
      queues.set(delay, queue);
    }
    return queue.add(fire, state);
  }
}
