import { spawnSync } from "node:child_process";
import { mkdirSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { inCI } from "../interop/peers/requirePeer.js";

/**
 * The browser phone of `npm start` in headless Chromium: two pages register with the
 * embedded registrar, call, talk (inbound audio energy above zero by getStats), send DTMF,
 * hold, message and hang up; a screenshot is kept in test-artifacts/phone.png. Runs in a
 * private network namespace with only loopback (`unshare -n`). Chromium, playwright-core and
 * unshare are required under CI=true; elsewhere the test is skipped with a notice when one is missing.
 */
const root = join(import.meta.dirname, "../..");
// @ts-expect-error h-webrtc's harness is plain ES modules without declarations
const { findChromium } = (await import("./harness/chromium.mjs")) as { findChromium(): string | undefined };
const chromium = findChromium();

function missing(): string | undefined {
  if (chromium === undefined) return "Chromium not found (apt-get install chromium; scripts/install-peers.sh installs it)";
  try {
    createRequire(import.meta.url).resolve("playwright-core");
  } catch {
    return "playwright-core is not installed (npm ci)";
  }
  const probe = spawnSync("unshare", ["-n", "true"]);
  if (probe.status !== 0) return "unshare -n is not permitted here (needs root, as CI is)";
  return undefined;
}

const why = missing();
if (why !== undefined && inCI()) throw new Error(`e2e phone: ${why}. CI=true: the browser test must not be skipped.`);
if (why !== undefined) console.warn(`SKIPPED test/e2e/phone.test.ts: ${why}`);

describe.skipIf(why !== undefined)("browser phone (examples/phone) in headless Chromium", () => {
  it("two pages register, call, talk with audio, send DTMF, hold, message and hang up", { timeout: 120_000 }, () => {
    mkdirSync(join(root, "test-artifacts"), { recursive: true });
    const shot = join(root, "test-artifacts/phone.png");
    const run = spawnSync("unshare", ["-n", "sh", "-c", `ip link set lo up && exec node test/e2e/phone/run.mjs "$0"`, shot], {
      cwd: root,
      encoding: "utf8",
      timeout: 110_000,
      env: { ...process.env, RXSIP_CHROMIUM: chromium },
    });
    const line = run.stdout.trim().split("\n").pop() ?? "";
    let result: Record<string, any>;
    try {
      result = JSON.parse(line);
    } catch {
      throw new Error(`the e2e run printed no result (status ${run.status}): ${run.stderr.slice(-2000)}`);
    }
    expect(result.error, JSON.stringify(result)).toBeUndefined();
    expect(result.bindings).toEqual(["alice", "bob"]);
    expect(result.audio.alice.packetsReceived).toBeGreaterThan(50);
    expect(result.audio.bob.packetsReceived).toBeGreaterThan(50);
    expect(result.audio.alice.totalAudioEnergy).toBeGreaterThan(0);
    expect(result.audio.bob.totalAudioEnergy).toBeGreaterThan(0);
    expect(result.dtmf).toBe("159");
    expect(result.heldText).toContain("on hold");
    expect(result.message).toContain("hello from alice");
    expect(result.callLog.alice).toMatch(/to bob — talked \d+:\d\d/);
    expect(result.callLog.bob).toMatch(/from alice — talked \d+:\d\d/);
    expect(result.callsLeft).toEqual({ alice: 0, bob: 0 });
    expect(result.pageErrors).toEqual([]);
    expect(statSync(shot).size).toBeGreaterThan(10_000);
  });
});
