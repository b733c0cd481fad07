import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

/**
 * `npm start -- --smoke`: the CI-safe run of `npm start` — it starts the embedded
 * registrar/proxy and the page server on loopback, checks the page is served with its import
 * map, registers two SimpleUsers through the server the page uses, calls, sends DTMF, hangs
 * up and exits. Uses the built dist/ (as `npm start` does).
 */
describe("npm start -- --smoke", () => {
  it("serves the phone and carries a call through the embedded registrar, then exits 0", { timeout: 60_000 }, () => {
    const root = join(import.meta.dirname, "../..");
    const run = spawnSync(process.execPath, ["scripts/start.mjs", "--smoke", "--port", "0"], { cwd: root, encoding: "utf8", timeout: 50_000 });
    expect(run.status, run.stdout + run.stderr).toBe(0);
    expect(run.stdout).toMatch(/^rxsip phone: http:\/\/127\.0\.0\.1:\d+\/$/m);
    expect(run.stdout).toMatch(/embedded registrar\/proxy: ws:\/\/127\.0\.0\.1:\d+/);
    expect(run.stdout).toContain("smoke: registered: smoke-alice, smoke-bob");
    expect(run.stdout).toContain("smoke: bob received DTMF 42#");
    expect(run.stdout.trim().endsWith("smoke: ok")).toBe(true);
  });

  it("refuses a --server that is not a WebSocket URL", () => {
    const root = join(import.meta.dirname, "../..");
    const run = spawnSync(process.execPath, ["scripts/start.mjs", "--server", "http://x.test", "--smoke"], { cwd: root, encoding: "utf8", timeout: 20_000 });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain("--server must be a ws:// or wss:// URL");
  });
});
