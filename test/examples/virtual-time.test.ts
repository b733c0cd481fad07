import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { callInVirtualTime } from "../../examples/virtual-time.js";

describe("examples/virtual-time.ts (quoted in the README)", () => {
  it("plays a two-hour call through the public API in virtual time", async () => {
    const started = performance.now();
    const { states, virtualMs } = await callInVirtualTime();
    expect(states).toEqual(["Initial", "Establishing", "Established", "Terminating", "Terminated"]);
    expect(virtualMs).toBeGreaterThanOrEqual(2 * 60 * 60_000);
    expect(performance.now() - started).toBeLessThan(15_000);
  });

  it("the README shows this example as it is", () => {
    const example = readFileSync(new URL("../../examples/virtual-time.ts", import.meta.url), "utf8");
    const body = example.slice(example.indexOf("import {"));
    const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");
    expect(readme).toContain(body.trim());
  });
});
