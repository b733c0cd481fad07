import { firstValueFrom, of, Subject, toArray, take } from "rxjs";
import { describe, expect, it } from "vitest";
import { online$, onlineStatus, type OnlineTarget } from "../../src/streams/online.js";

/** A window-like event target whose listeners can be counted. */
class FakeWindow implements OnlineTarget {
  readonly navigator = { onLine: true };
  readonly listeners = new Map<string, Set<() => void>>();
  addEventListener(type: string, l: () => void): void {
    if (!this.listeners.has(type)) this.listeners.set(type, new Set());
    this.listeners.get(type)!.add(l);
  }
  removeEventListener(type: string, l: () => void): void {
    this.listeners.get(type)?.delete(l);
  }
  fire(type: "online" | "offline"): void {
    this.navigator.onLine = type === "online";
    for (const l of this.listeners.get(type) ?? []) l();
  }
  get count(): number {
    let n = 0;
    for (const s of this.listeners.values()) n += s.size;
    return n;
  }
}

describe("online$", () => {
  it("starts with navigator.onLine, then follows online / offline events without repeats", () => {
    const w = new FakeWindow();
    w.navigator.onLine = false;
    const got: boolean[] = [];
    const sub = onlineStatus({ target: w }).subscribe((v) => got.push(v));
    w.fire("online");
    w.fire("online");
    w.fire("offline");
    w.fire("online");
    sub.unsubscribe();
    expect(got).toEqual([false, true, false, true]);
  });

  it("adds one pair of listeners for any number of subscribers and removes them when the last leaves", () => {
    const w = new FakeWindow();
    const status = onlineStatus({ target: w });
    expect(w.count).toBe(0);
    const a = status.subscribe();
    const late: boolean[] = [];
    w.fire("offline");
    const b = status.subscribe((v) => late.push(v));
    expect(w.count).toBe(2);
    expect(late).toEqual([false]); // replays the current value
    a.unsubscribe();
    expect(w.count).toBe(2);
    b.unsubscribe();
    expect(w.count).toBe(0);
  });

  it("uses the stream the application supplies (Node)", async () => {
    const source = new Subject<boolean>();
    const status = onlineStatus({ source });
    const values = firstValueFrom(status.pipe(take(2), toArray()));
    source.next(false);
    source.next(true);
    expect(await values).toEqual([false, true]);
  });

  it("is always online where there is no browser window", async () => {
    expect(await firstValueFrom(online$.pipe(toArray()))).toEqual([true]);
    expect(await firstValueFrom(onlineStatus().pipe(toArray()))).toEqual(await firstValueFrom(of(true).pipe(toArray())));
  });
});
