import { describe, expect, it } from "vitest";
import { pooledRandomSource } from "../../../src/core/user-agent-core/index.js";

/** A source that counts 0, 1, 2 ... and records how often it was asked. */
function counting() {
  let next = 0;
  const calls: number[] = [];
  const source = (target: Uint8Array) => {
    calls.push(target.length);
    for (let i = 0; i < target.length; i++) target[i] = next++ & 255;
    return target;
  };
  return { source, calls };
}

describe("pooledRandomSource", () => {
  it("hands out the source's bytes in order, each once, asking for a pool at a time", () => {
    const { source, calls } = counting();
    const random = pooledRandomSource(source, 16);
    expect([...random(new Uint8Array(6))]).toEqual([0, 1, 2, 3, 4, 5]);
    expect([...random(new Uint8Array(8))]).toEqual([6, 7, 8, 9, 10, 11, 12, 13]);
    // 2 bytes left in the pool: not enough for 4, so a new pool
    expect([...random(new Uint8Array(4))]).toEqual([16, 17, 18, 19]);
    expect(calls).toEqual([16, 16]);
  });

  it("asks the source directly for more bytes than a pool holds", () => {
    const { source, calls } = counting();
    const random = pooledRandomSource(source, 8);
    expect(random(new Uint8Array(10)).length).toBe(10);
    expect(calls).toEqual([10]);
  });

  it("by default draws from crypto.getRandomValues: identifiers differ", () => {
    const random = pooledRandomSource();
    const a = [...random(new Uint8Array(12))];
    const b = [...random(new Uint8Array(12))];
    expect(a).not.toEqual(b);
  });
});
