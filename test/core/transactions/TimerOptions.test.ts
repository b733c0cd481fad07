import { describe, expect, it } from "vitest";
import { timersFor } from "../../../src/core/transactions/index.js";

describe("timersFor (RFC 3261 Appendix A, RFC 6026 §8.11)", () => {
  describe("with the default T1 = 500 ms, T2 = 4 s, T4 = 5 s", () => {
    it("over an unreliable transport, D is 32 s, I is T4, J is 64*T1 and K is T4", () => {
      expect(timersFor(undefined, false)).toEqual({
        T1: 500,
        T2: 4000,
        T4: 5000,
        reliable: false,
        A: 500,
        B: 32000,
        C: 180000,
        D: 32000,
        E: 500,
        F: 32000,
        G: 500,
        H: 32000,
        I: 5000,
        J: 32000,
        K: 5000,
        L: 32000,
        M: 32000,
        trying: 200,
      });
    });

    it("over a reliable transport, D, I, J and K are 0 and B, F, H, L, M stay 64*T1", () => {
      const t = timersFor(undefined, true);
      expect([t.D, t.I, t.J, t.K]).toEqual([0, 0, 0, 0]);
      expect([t.B, t.F, t.H, t.L, t.M]).toEqual([32000, 32000, 32000, 32000, 32000]);
    });
  });

  describe("with options", () => {
    it("derives every timer from T1, T2 and T4", () => {
      const t = timersFor({ T1: 100, T2: 1000, T4: 2000, tryingDelay: 50 }, false);
      expect(t).toMatchObject({ A: 100, B: 6400, D: 32000, E: 100, F: 6400, G: 100, H: 6400, I: 2000, J: 6400, K: 2000, L: 6400, M: 6400, T2: 1000, trying: 50 });
    });

    it("Timer D is never shorter than 64*T1 over UDP (it covers the server's Timer H)", () => {
      expect(timersFor({ T1: 1000 }, false).D).toBe(64000);
    });

    it("returns one shared frozen object per options object and reliability", () => {
      const options = { T1: 200 };
      expect(timersFor(options, false)).toBe(timersFor(options, false));
      expect(timersFor(options, true)).not.toBe(timersFor(options, false));
      expect(timersFor(undefined, true)).toBe(timersFor(undefined, true));
      expect(Object.isFrozen(timersFor(options, true))).toBe(true);
    });

    it("refuses values that are not positive numbers", () => {
      expect(() => timersFor({ T1: 0 }, false)).toThrow(RangeError);
      expect(() => timersFor({ T2: -1 }, false)).toThrow(RangeError);
      expect(() => timersFor({ T4: Number.NaN }, true)).toThrow(RangeError);
    });
  });
});
