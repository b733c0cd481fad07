/**
 * bench/load: SIPp offers calls to one listening rxsip user agent over UDP, in steps of
 * rising rate (default 200, 400 and 800 calls/s, 30 s each). The user agent is made with the
 * public API (`rxsip/node`: UserAgent listening on 127.0.0.1, an Invitation accepted at once;
 * a fixed-SDP session description handler, no media), in this process; SIPp (uac-load.xml:
 * INVITE, 200, ACK, BYE, 200) is a child process.
 *
 * Printed per step: calls completed and failed (SIPp's counters), retransmissions SIPp had to
 * make, response time INVITE -> 200 (SIPp's mean and its repartition), rxsip's CPU (user+system,
 * % of one core) and heap after a GC. After the last step the user agent stays idle until its
 * transactions have expired (RFC 3261 Timer J / RFC 6026 Timer L: 64*T1 = 32 s) and the heap
 * is compared with the baseline, taken after a warm-up (1000 calls at 200/s, then the same
 * 34 s wait: code compiled and tables grown on first use are not counted as kept memory).
 *
 *   npm run bench:load                         # build, then 200/400/800 calls/s, 30 s each
 *   BENCH_LOAD_STEPS=100,200 BENCH_LOAD_SECONDS=10 node --expose-gc bench/load/run.mjs
 *
 * "rxsip CPU" is user+system time of this process over the step's wall time (100 % = one core),
 * and per offered call; on a shared machine the per-call figure is the one to compare. "loop
 * lag" is the event-loop delay (p99/max): high lag at low CPU means the process waited for a
 * core, not that it was busy.
 *
 * Exit code 1 when a call failed in any step or the heap did not come back to baseline
 * (+ 2 MiB), so a CI job can hold the claim.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createSocket } from "node:dgram";
import os, { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { setTimeout as sleep } from "node:timers/promises";
import v8 from "node:v8";
import { monitorEventLoopDelay } from "node:perf_hooks";
import vm from "node:vm";

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, "..", "..");
const { UserAgent } = await import(join(root, "dist/esm/node.js"));
const { NodeTransport } = await import(join(root, "dist/esm/node.js"));
// the fixed-SDP handler of bench/calls: it keeps nothing (rxsip/testing's fake records every
// handler it made, for tests to inspect, which would read as a leak here)
const { fakeSdhFactory } = await import("../calls/wire.mjs");

const STEPS = (process.env.BENCH_LOAD_STEPS ?? "200,400,800").split(",").map(Number);
const SECONDS = Number(process.env.BENCH_LOAD_SECONDS ?? 30);
/** Heap may end this much above its baseline and still count as "back". */
const HEAP_SLACK = 2 * 1024 * 1024;

/** A GC: global.gc under --expose-gc, else one made available through v8 flags. */
const gc = globalThis.gc ?? (v8.setFlagsFromString("--expose-gc"), vm.runInNewContext("gc"));
async function heapAfterGc() {
  for (let i = 0; i < 3; i++) {
    gc();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

async function freeUdpPort() {
  const s = createSocket("udp4");
  await new Promise((r) => s.bind(0, "127.0.0.1", r));
  const port = s.address().port;
  await new Promise((r) => s.close(r));
  return port;
}

// ---- the user agent under test ----------------------------------------------------------------
const uaPort = await freeUdpPort();
let established = 0;
let answerErrors = 0;
const ua = new UserAgent({
  uri: UserAgent.makeURI("sip:load@127.0.0.1"),
  transportConstructor: NodeTransport,
  transportOptions: { listen: { protocol: "UDP", host: "127.0.0.1", port: uaPort } },
  sessionDescriptionHandlerFactory: fakeSdhFactory,
  logBuiltinEnabled: false,
  delegate: {
    onInvite(invitation) {
      invitation.accept().then(
        () => established++,
        () => answerErrors++,
      );
    },
  },
});
await ua.start();

// ---- SIPp -------------------------------------------------------------------------------------
function which(bin) {
  for (const d of (process.env.PATH ?? "").split(":").concat(["/usr/bin", "/usr/sbin"])) {
    if (existsSync(join(d, bin))) return join(d, bin);
  }
  return undefined;
}
const sipp = which("sipp");
if (!sipp) {
  console.error("bench/load: sipp not found (Debian package sip-tester; scripts/install-peers.sh installs it)");
  process.exit(2);
}

/** SIPp's "HH:MM:SS:micros" as milliseconds. */
const ms = (t) => {
  const [h, m, s, us] = String(t).split(":").map(Number);
  return ((h * 60 + m) * 60 + s) * 1000 + us / 1000;
};

async function step(rate, seconds = SECONDS) {
  const dir = mkdtempSync(join(tmpdir(), "rxsip-load-"));
  const total = rate * seconds;
  const args = [
    "-sf", join(here, "uac-load.xml"),
    "-i", "127.0.0.1", "-p", String(await freeUdpPort()),
    "-r", String(rate), "-rp", "1000", "-m", String(total),
    "-l", String(rate * 20),
    "-nostdin", "-timeout", `${seconds + 60}s`, "-timeout_error",
    "-max_recv_loops", "10000", "-max_sched_loops", "10000",
    "-trace_stat", "-stf", join(dir, "stats.csv"), "-fd", "1",
    "-trace_err", "-error_file", join(dir, "errors.log"),
    `127.0.0.1:${uaPort}`,
  ];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const lag = monitorEventLoopDelay({ resolution: 10 });
  lag.enable();
  const child = spawn(sipp, args, { cwd: dir, stdio: ["ignore", "ignore", "pipe"] });
  // SIPp's own CPU (utime+stime from /proc), sampled until it exits: is the load generator the limit?
  let sippTicks = 0;
  const sampler = setInterval(() => {
    try {
      const f = readFileSync(`/proc/${child.pid}/stat`, "utf8").split(") ")[1].split(" ");
      sippTicks = Number(f[11]) + Number(f[12]);
    } catch {
      // exited
    }
  }, 500);
  let stderr = "";
  child.stderr.on("data", (d) => (stderr += d));
  const code = await new Promise((r) => child.once("close", (c) => r(c ?? -1)));
  const wall = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  clearInterval(sampler);
  lag.disable();
  const lines = existsSync(join(dir, "stats.csv")) ? readFileSync(join(dir, "stats.csv"), "utf8").trim().split("\n") : [];
  const head = (lines[0] ?? "").split(";");
  const last = (lines.at(-1) ?? "").split(";");
  const col = (name) => last[head.indexOf(name)];
  const repartition = head
    .map((h, i) => [h, last[i]])
    .filter(([h]) => h.startsWith("ResponseTimeRepartition1_"))
    .map(([h, v]) => `${h.slice("ResponseTimeRepartition1_".length)}:${v}`)
    .join(" ");
  const errors = existsSync(join(dir, "errors.log")) ? readFileSync(join(dir, "errors.log"), "utf8") : "";
  rmSync(dir, { recursive: true, force: true });
  return {
    rate,
    offered: total,
    sippExit: code,
    completed: Number(col("SuccessfulCall(C)") ?? NaN),
    failed: Number(col("FailedCall(C)") ?? NaN),
    retransmissions: Number(col("Retransmissions(C)") ?? NaN),
    achievedRate: Number(col("CallRate(C)") ?? NaN),
    responseMs: ms(col("ResponseTime1(C)") ?? "0:0:0:0"),
    responseSdMs: ms(col("ResponseTime1StDev(C)") ?? "0:0:0:0"),
    repartition,
    cpuPercent: ((cpu.user + cpu.system) / 1000 / wall) * 100,
    cpuMsPerCall: (cpu.user + cpu.system) / 1000 / Math.max(1, total),
    sippCpuPercent: ((sippTicks * 10) / wall) * 100,
    lagP99Ms: lag.percentile(99) / 1e6,
    lagMaxMs: lag.max / 1e6,
    wallS: wall / 1000,
    heapMiB: (await heapAfterGc()) / 1048576,
    firstError: errors.split("\n").find((l) => l.trim() && !l.startsWith("The following events")) ?? stderr.trim().split("\n")[0] ?? "",
  };
}

// warm-up: the first calls compile code and grow tables once; the baseline is taken after
// them and their transactions' expiry, so that "back to baseline" compares like with like
const WARMUP_CALLS = Number(process.env.BENCH_LOAD_WARMUP_CALLS ?? 1000);
const DRAIN_S = Number(process.env.BENCH_LOAD_DRAIN_SECONDS ?? 34);
if (WARMUP_CALLS > 0) {
  const before = await heapAfterGc();
  const w = await step(200, Math.ceil(WARMUP_CALLS / 200));
  console.log(
    `warm-up: ${w.completed}/${w.offered} calls at 200/s, heap ${(before / 1048576).toFixed(1)} -> ${w.heapMiB.toFixed(1)} MiB; ` +
      `waiting ${DRAIN_S} s for its transactions to expire ...`,
  );
  await sleep(DRAIN_S * 1000);
}
const baseline = await heapAfterGc();
console.log(
  `bench/load: rxsip ${JSON.parse(readFileSync(join(root, "package.json"), "utf8")).version} UA on udp 127.0.0.1:${uaPort}; ` +
    `SIPp ${STEPS.join("/")} calls/s, ${SECONDS} s each; Node ${process.version}; ${os.cpus().length} cores, load average ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}; ` +
    `baseline heap (after the warm-up) ${(baseline / 1048576).toFixed(1)} MiB`,
);
console.log(
  "rate/s | offered | completed | failed | retrans | achieved/s | INVITE->200 ms (mean ± sd) | rxsip CPU (ms/call) | SIPp CPU | rxsip loop lag p99/max ms | heap MiB | response time repartition (ms:count)",
);
let failedAny = false;
for (const rate of STEPS) {
  const r = await step(rate);
  if (r.failed > 0 || r.completed !== r.offered || r.sippExit !== 0) failedAny = true;
  console.log(
    `${String(rate).padStart(6)} | ${String(r.offered).padStart(7)} | ${String(r.completed).padStart(9)} | ${String(r.failed).padStart(6)} | ` +
      `${String(r.retransmissions).padStart(7)} | ${r.achievedRate.toFixed(1).padStart(10)} | ${r.responseMs.toFixed(2)} ± ${r.responseSdMs.toFixed(2)} | ` +
      `${r.cpuPercent.toFixed(0).padStart(3)} % (${r.cpuMsPerCall.toFixed(2)}) | ${r.sippCpuPercent.toFixed(0).padStart(3)} % | ${r.lagP99Ms.toFixed(0)}/${r.lagMaxMs.toFixed(0)} | ` +
      `${r.heapMiB.toFixed(1)} | ${r.repartition}` +
      (r.sippExit !== 0 ? `   (sipp exit ${r.sippExit}: ${r.firstError.slice(0, 160)})` : ""),
  );
}
console.log(`rxsip answered ${established} calls (${answerErrors} accept() rejections); load average now ${os.loadavg().map((l) => l.toFixed(1)).join(" ")}`);
// transactions linger 64*T1 = 32 s after the last call (Timer J, Timer L); then memory must be back
const wait = DRAIN_S;
console.log(`waiting ${wait} s for transactions to expire ...`);
await sleep(wait * 1000);
const after = await heapAfterGc();
const back = after <= baseline + HEAP_SLACK;
console.log(
  `heap: baseline ${(baseline / 1048576).toFixed(1)} MiB, after the run ${(after / 1048576).toFixed(1)} MiB ` +
    `(${after >= baseline ? "+" : ""}${((after - baseline) / 1024).toFixed(0)} KiB): ${back ? "back to baseline" : "NOT back to baseline"}`,
);
await ua.stop();
if (failedAny || !back) {
  console.log("bench/load: FAILED " + [failedAny ? "calls failed or were lost" : "", back ? "" : "memory not released"].filter(Boolean).join("; "));
  process.exit(1);
}
console.log("bench/load: every call completed, memory back to baseline");
