import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { ExpiringMap } from "../../../src/testing/registrar/ExpiringMap.js";

describe("ExpiringMap: the registrar's bounded memory", () => {
  it("forgets an entry ttl ms after it was last set, in scheduler time, with no timer left behind", () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const map = new ExpiringMap<string, number>(scheduler, 1000);
      const seen: Array<[number, number | undefined]> = [];
      map.set("a", 1);
      scheduler.schedule(() => map.set("a", 2), 500);
      for (const t of [999, 1499, 1500]) scheduler.schedule(() => seen.push([t, map.get("a")]), t);
      scheduler.flush();
      expect(seen).toEqual([
        [999, 2],
        [1499, 2],
        [1500, undefined],
      ]);
      expect(scheduler.actions).toHaveLength(0);
    });
  });

  it("keeps at most maxSize entries, dropping the oldest first; expired ones go when another is set", () => {
    const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
    scheduler.run(() => {
      const map = new ExpiringMap<number, string>(scheduler, 1000, 3);
      for (let i = 1; i <= 5; i++) map.set(i, `v${i}`);
      expect(map.size).toBe(3);
      expect([map.get(1), map.get(2), map.get(3), map.get(5)]).toEqual([undefined, undefined, "v3", "v5"]);
      scheduler.schedule(() => map.set(6, "v6"), 2000);
      scheduler.flush();
      expect(map.size).toBe(1);
    });
  });
});
