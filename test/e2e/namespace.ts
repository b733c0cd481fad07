/**
 * What the browser e2e tests share: what this machine lacks for them, and running a harness
 * script in a new network namespace with only loopback (`unshare -n`), which prints one
 * `RXSIP-E2E <json>` line with its report.
 */
import { spawn } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { findBinary } from "../interop/peers/util.js";
// @ts-expect-error plain ES module of the harness, shared with other browser tests
import { findChromium } from "./harness/chromium.mjs";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PATH = `${process.env.PATH ?? ""}:/usr/sbin:/sbin`;

/** What is missing for a browser test on this machine ("" when nothing). */
export function browserGaps(): string {
  const gaps: string[] = [];
  if (!findChromium()) gaps.push("chromium (apt-get install chromium; scripts/install-peers.sh)");
  if (!findBinary("unshare", PATH) || !findBinary("ip", PATH)) gaps.push("unshare and ip (util-linux, iproute2)");
  if (process.getuid?.() !== 0) gaps.push("root (for a private network namespace)");
  return gaps.join(", ");
}

/** Runs `script` (relative to the project root) in a new network namespace with only loopback; resolves with its report. */
export function runInNamespace<R>(script: string, killAfterMs: number): Promise<{ run: R; stderr: string; wallMs: number }> {
  const t0 = performance.now();
  return new Promise((resolve, reject) => {
    const child = spawn("unshare", ["-n", "sh", "-c", `ip link set lo up && exec node ${script}`], {
      cwd: root,
      env: { ...process.env, PATH },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d: Buffer) => (out += d.toString()));
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    const timer = setTimeout(() => child.kill("SIGKILL"), killAfterMs);
    child.on("error", (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on("exit", (code) => {
      clearTimeout(timer);
      const line = out.split("\n").find((l) => l.startsWith("RXSIP-E2E "));
      if (!line) return reject(new Error(`the e2e harness printed no report (exit ${code})\n${out.slice(-2000)}\n${err.slice(-2000)}`));
      resolve({ run: JSON.parse(line.slice("RXSIP-E2E ".length)) as R, stderr: err, wallMs: Math.round(performance.now() - t0) });
    });
  });
}
