import { VirtualAction, VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { TimerQueue, TimerQueues } from "../../../src/core/transactions/TimerQueue.js";

function clock() {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const fired: string[] = [];
  const at = (ms: number, work: () => void) => scheduler.schedule(work, ms);
  const log = (name: string) => () => fired.push(`${scheduler.now()} ${name}`);
  return { scheduler, fired, at, log };
}

describe("TimerQueue: timers of one length on one scheduled action", () => {
  it("fires each timer its length after it was added, in order, on one action at a time", () => {
    const { scheduler, fired, at, log } = clock();
    const queue = new TimerQueue(scheduler, 1000);
    queue.add(log("a"), undefined);
    at(100, () => queue.add(log("b"), undefined));
    at(100, () => queue.add(log("c"), undefined));
    at(2500, () => queue.add(log("d"), undefined));
    at(150, () => {
      // the queue's one action for a, b and c, and the one that adds d
      expect(scheduler.actions).toHaveLength(2);
    });
    scheduler.flush();
    expect(fired).toEqual(["1000 a", "1100 b", "1100 c", "3500 d"]);
    expect(scheduler.actions).toHaveLength(0);
  });

  it("gives each timer its state; a cancelled timer does not fire; nothing stays scheduled once all are cancelled", () => {
    const { scheduler, fired, at } = clock();
    const queue = new TimerQueue(scheduler, 500);
    const push = (s: string) => fired.push(`${scheduler.now()} ${s}`);
    const a = queue.add(push, "a");
    queue.add(push, "b");
    const c = queue.add(push, "c");
    at(100, () => a.unsubscribe());
    at(600, () => c.unsubscribe()); // too late: fired
    scheduler.flush();
    expect(fired).toEqual(["500 b", "500 c"]);

    const x = queue.add(push, "x");
    const y = queue.add(push, "y");
    x.unsubscribe();
    y.unsubscribe();
    y.unsubscribe();
    expect(scheduler.actions).toHaveLength(0);
    scheduler.flush();
    expect(fired).toEqual(["500 b", "500 c"]);
  });

  it("a timer after a cancelled first one fires when it is due, not when the first would have", () => {
    const { scheduler, fired, at, log } = clock();
    const queue = new TimerQueue(scheduler, 1000);
    const first = queue.add(log("first"), undefined);
    at(400, () => queue.add(log("second"), undefined));
    at(500, () => first.unsubscribe());
    scheduler.flush();
    expect(fired).toEqual(["1400 second"]);
  });

  it("takes timers added and cancelled while it fires", () => {
    const { scheduler, fired } = clock();
    const queue = new TimerQueue(scheduler, 100);
    const push = (s: string) => fired.push(`${scheduler.now()} ${s}`);
    let later: { unsubscribe(): void } | undefined;
    queue.add(() => {
      push("first");
      queue.add(push, "added while firing");
      later?.unsubscribe();
    }, undefined);
    later = queue.add(push, "cancelled while firing");
    scheduler.flush();
    expect(fired).toEqual(["100 first", "200 added while firing"]);
    expect(scheduler.actions).toHaveLength(0);
  });

  it("a timer that throws does not keep the others from firing; the error is thrown after them", () => {
    const { scheduler, fired } = clock();
    const queue = new TimerQueue(scheduler, 100);
    const push = (s: string) => fired.push(`${scheduler.now()} ${s}`);
    queue.add(() => {
      throw new Error("boom");
    }, undefined);
    queue.add(push, "same time");
    expect(() => scheduler.flush()).toThrow("boom");
    expect(fired).toEqual(["100 same time"]);
    // and the queue goes on
    queue.add(push, "after");
    scheduler.flush();
    expect(fired).toEqual(["100 same time", "200 after"]);
    expect(scheduler.actions).toHaveLength(0);
  });

  it("TimerQueues keeps one queue per length", () => {
    const { scheduler, fired } = clock();
    const queues = new TimerQueues(scheduler);
    const push = (s: string) => fired.push(`${scheduler.now()} ${s}`);
    queues.schedule(push, 300, "long");
    queues.schedule(push, 100, "short");
    queues.schedule(push, 300, "long 2");
    expect(scheduler.actions).toHaveLength(2);
    scheduler.flush();
    expect(fired).toEqual(["100 short", "300 long", "300 long 2"]);
  });
});
