import { describe, expect, it } from "vitest";
import { EmitterImpl } from "../../src/streams/Emitter.js";

describe("Emitter (SIP.js style)", () => {
  it("calls listeners in the order they were added", () => {
    const e = new EmitterImpl<number>();
    const got: string[] = [];
    e.addListener((n) => got.push(`a${n}`));
    e.on((n) => got.push(`b${n}`));
    e.emit(1);
    expect(got).toEqual(["a1", "b1"]);
  });

  it("calls a once-listener one time only (addListener { once } and once())", () => {
    const e = new EmitterImpl<string>();
    const got: string[] = [];
    e.addListener((s) => got.push(`x${s}`), { once: true });
    e.once((s) => got.push(`y${s}`));
    e.emit("1");
    e.emit("2");
    expect(got).toEqual(["x1", "y1"]);
    expect(e.listenerCount).toBe(0);
  });

  it("removeListener and off stop a listener", () => {
    const e = new EmitterImpl<number>();
    const got: number[] = [];
    const l = (n: number) => got.push(n);
    e.addListener(l);
    e.emit(1);
    e.removeListener(l);
    e.emit(2);
    e.on(l);
    e.off(l);
    e.emit(3);
    expect(got).toEqual([1]);
  });

  it("a listener that throws does not stop the others; the error is rethrown after", () => {
    const e = new EmitterImpl<number>();
    const got: number[] = [];
    e.addListener(() => {
      throw new Error("boom");
    });
    e.addListener((n) => got.push(n));
    expect(() => e.emit(5)).toThrow("boom");
    expect(got).toEqual([5]);
  });

  it("a listener may remove itself while being called", () => {
    const e = new EmitterImpl<number>();
    const got: number[] = [];
    const self = (n: number) => {
      got.push(n);
      e.removeListener(self);
    };
    e.addListener(self);
    e.addListener((n) => got.push(n * 10));
    e.emit(1);
    e.emit(2);
    expect(got).toEqual([1, 10, 20]);
  });

  it("removeAllListeners leaves none behind", () => {
    const e = new EmitterImpl<number>();
    e.addListener(() => undefined);
    e.once(() => undefined);
    e.removeAllListeners();
    expect(e.listenerCount).toBe(0);
  });
});
