import { defer, Observable } from "rxjs";
import { describe, it, expect } from "vitest";
import { mulberry32 } from "../../../src/testing/index.js";
import { retryWithDelay } from "../../../src/index.js";
import { marbles } from "./marbles.js";

describe("retryWithDelay", () => {
  it("a source that always fails, count 3 and delay 4000: subscribed at 0, 4 s and 8 s, errors at 8 s with the last error", marbles((m) => {
    const source = m.cold("#", undefined, new Error("down"));
    const result = source.pipe(retryWithDelay({ count: 3, delay: 4000 }));
    m.expect(result).toBeObservable("8000ms #", undefined, new Error("down"));
    m.expect(source).toHaveSubscriptions(["(^!)", "4000ms (^!)", "8000ms (^!)"]);
  }));

  it("the defaults are the seed's: 3 attempts in all, the first at once, then 4 s apart", marbles((m) => {
    const source = m.cold("--#");
    m.expect(source.pipe(retryWithDelay())).toBeObservable("8006ms #");
    m.expect(source).toHaveSubscriptions(["^-!", "4002ms ^-!", "8004ms ^-!"]);
  }));

  it("the error is the last attempt's", marbles((m) => {
    let n = 0;
    const inner = m.cold("-#");
    const source = new Observable((o) => {
      const attempt = ++n;
      return inner.subscribe({ error: () => o.error(new Error(`attempt ${attempt}`)) });
    });
    m.expect(source.pipe(retryWithDelay({ count: 2, delay: 10 }))).toBeObservable("12ms #", undefined, new Error("attempt 2"));
  }));

  it("mirrors values and completion; a success on the second attempt ends the retrying", marbles((m) => {
    const first = m.cold("a-#");
    const second = m.cold("b-c|");
    let attempt = 0;
    const source = defer(() => (attempt++ === 0 ? first : second));
    m.expect(source.pipe(retryWithDelay({ delay: 5 }))).toBeObservable("a-- 4ms b-c|");
    m.expect(first).toHaveSubscriptions(["^-!"]);
    m.expect(second).toHaveSubscriptions(["7ms ^--!"]);
  }));

  it("firstDelay postpones the first attempt", marbles((m) => {
    const source = m.cold("a|");
    m.expect(source.pipe(retryWithDelay({ firstDelay: 100 }))).toBeObservable("100ms a|");
    m.expect(source).toHaveSubscriptions(["100ms ^!"]);
  }));

  it("delay as a function of the failures so far, capped by maxDelay", marbles((m) => {
    const source = m.cold("#");
    const result = source.pipe(retryWithDelay({ count: 5, delay: (n) => 10 * 2 ** (n - 1), maxDelay: 30 }));
    m.expect(result).toBeObservable("90ms #");
    // waits of 10, 20, 30 (40 capped), 30 (80 capped)
    m.expect(source).toHaveSubscriptions(["(^!)", "10ms (^!)", "30ms (^!)", "60ms (^!)", "90ms (^!)"]);
  }));

  it("jitter from a seeded generator spreads the delay within ±ratio, the same on every run", () => {
    const runs: number[][] = [];
    for (let run = 0; run < 2; run++) {
      marbles((m) => {
        const times: number[] = [];
        const random = mulberry32(42);
        const inner = m.cold("#");
        const source = defer(() => {
          times.push(m.scheduler.now());
          return inner;
        });
        source.pipe(retryWithDelay({ count: 4, delay: 1000, jitter: 0.5, random })).subscribe({ error: () => undefined });
        m.flush();
        runs.push(times);
      })();
    }
    expect(runs[0]).toEqual(runs[1]);
    const gaps = runs[0]!.slice(1).map((t, i) => t - runs[0]![i]!);
    expect(gaps).toHaveLength(3);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(500), expect(g).toBeLessThanOrEqual(1500);
    expect(new Set(gaps).size).toBeGreaterThan(1);
  });

  it("resetOnSuccess: a value restores the whole budget", marbles((m) => {
    // fails, then emits and fails, then fails twice: without the reset the third failure would be the last
    const outcomes = [m.cold("#"), m.cold("a#"), m.cold("#"), m.cold("#")];
    let i = 0;
    const source = defer(() => outcomes[i++]!);
    m.expect(source.pipe(retryWithDelay({ count: 3, delay: 10, resetOnSuccess: true }))).toBeObservable("10ms a 20ms #");
  }));

  it("shouldRetry refusing an error ends the result at once with it", marbles((m) => {
    const source = m.cold("-#", undefined, new Error("403"));
    m.expect(source.pipe(retryWithDelay({ shouldRetry: (e) => (e as Error).message !== "403" }))).toBeObservable("-#", undefined, new Error("403"));
    m.expect(source).toHaveSubscriptions(["^!"]);
  }));

  it("unsubscribing during a wait cancels the pending attempt", marbles((m) => {
    const source = m.cold("#");
    m.expect(source.pipe(retryWithDelay({ delay: 4000 })), "^ 2000ms !").toBeObservable("");
    m.expect(source).toHaveSubscriptions(["(^!)"]);
  }));

  it("unsubscribing during an attempt unsubscribes from the source", marbles((m) => {
    const source = m.cold("---a|");
    m.expect(source.pipe(retryWithDelay()), "^-!").toBeObservable("");
    m.expect(source).toHaveSubscriptions(["^-!"]);
  }));
});
