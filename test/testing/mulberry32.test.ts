import { describe, expect, it } from "vitest";
import { mulberry32 } from "../../src/testing/index.js";

describe("mulberry32", () => {
  it("gives the same sequence for the same seed, on every run", () => {
    expect(mulberry32(42)()).toBe(0.6011037519201636);
    const a = mulberry32(9);
    const b = mulberry32(9);
    expect(Array.from({ length: 5 }, a)).toEqual(Array.from({ length: 5 }, b));
  });

  it("gives numbers in [0, 1), spread evenly", () => {
    const random = mulberry32(1);
    const buckets = new Array<number>(10).fill(0);
    for (let i = 0; i < 10000; i++) {
      const x = random();
      expect(x >= 0 && x < 1).toBe(true);
      buckets[Math.floor(x * 10)]!++;
    }
    for (const count of buckets) expect(Math.abs(count - 1000)).toBeLessThan(120);
  });
});
