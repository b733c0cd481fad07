#!/usr/bin/env node
/**
 * Call benchmark: rxsip against SIP.js 0.21.2, both through their public API (UserAgent,
 * Inviter, Invitation, bye), in one process, side by side; rxsip's user agent core
 * (UserAgentCore) is measured beside them as a second rxsip line.
 *
 *   npm run bench:calls            (builds rxsip, installs the baselines in bench/, runs this)
 *   node bench/calls/run.mjs       (when dist/ is built and bench/node_modules is present)
 *
 * Each library runs two user agents back to back on the same in-memory wire (a message
 * reaches the other side as text in a microtask; reliable, in order), with a fixed SDP and
 * no media. A call cycle is INVITE → 100 → 180 → 200 → ACK → BYE → 200 (checked before
 * timing: each library must put exactly those 7 messages on the wire; rxsip's callees send
 * the 100 themselves, as SIP.js's core does, see rxsipApiCalls.mjs).
 *
 * Lines: "rxsip (API)" (rxsipApiCalls.mjs: UserAgent, Inviter, Invitation — the primary line,
 * whose sequential rate gives the last line printed, `calls ratio rxsip/sip.js: N.NNx`),
 * "rxsip (core)" (rxsipCalls.mjs: the UserAgentCore beneath it) and SIP.js (sipjsCalls.mjs).
 * Where the heap of a call goes: bench/calls/heap.mjs.
 *
 * Measures:
 *   calls/s, sequential      one call at a time, as many as fit in BENCH_MS
 *   calls/s, 100 concurrent  100 callers in a loop on the same pair of user agents
 *   heap per established call (both ends): N calls set up and held, heap before and after
 *                            (global.gc() around it); "just set up" still includes the INVITE
 *                            transactions, which RFC 6026 keeps 64*T1 = 32 s after the 2xx
 *                            (Timers L and M, both libraries); "held 33 s later" is after them
 *   heap per started user agent: M user agents started and kept
 * Before the heap is measured, each pair sets up, holds and ends 300 calls and each library
 * starts and stops 20 user agents (code compiled on first use is not counted as heap per call).
 * Rates are medians of interleaved rounds (each round runs every library, in turn first and
 * last); each measurement uses a new pair of user agents, disposed after.
 *
 * A fourth line, "sip.js (decode hoisted)", is SIP.js 0.21.2 with only its grammar's bytecode
 * decode moved out of each parse call (a copy patched at setup, sipjsHoisted.mjs, never shipped):
 * the ratio against it shows how much of rxsip's lead is rxsip's own and how much is that one
 * SIP.js defect.
 *
 * Never hangs: every call has a time limit (BENCH_CALL_LIMIT_MS, default 5000; setting up or
 * ending the held calls: 60 s); a call that does not end in time, or fails, is counted as lost,
 * the run goes on, and the lost calls are printed per library (exit code 1 when any was lost).
 * A watchdog (BENCH_WATCHDOG_S, default 900) ends a run that takes longer than that.
 *
 * Environment: BENCH_ROUNDS (default 5), BENCH_MS (ms per rate measurement, default 1000),
 * BENCH_WARMUP_MS (default 300), BENCH_CALLS (held calls, default 1000), BENCH_AGENTS
 * (started user agents, default 200), BENCH_HOLD_MS (wait before the "held" heap figure,
 * default 33000; 0 skips it).
 */
import { readFileSync } from "node:fs";
import os from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { rxsipApiHarness } from "./rxsipApiCalls.mjs";
import { rxsipHarness } from "./rxsipCalls.mjs";
import { sipjsHarness } from "./sipjsCalls.mjs";
import { hoistedSipjsUrl } from "./sipjsHoisted.mjs";
import { counter, settle } from "./wire.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const MEASURE_MS = Number(process.env.BENCH_MS ?? 1000);
const WARMUP_MS = Number(process.env.BENCH_WARMUP_MS ?? 300);
const HELD_CALLS = Number(process.env.BENCH_CALLS ?? 1000);
const AGENTS = Number(process.env.BENCH_AGENTS ?? 200);
const HOLD_MS = Number(process.env.BENCH_HOLD_MS ?? 33000);
const CONCURRENT = 100;
const WARM_CALLS = 300;
const WARM_AGENTS = 20;
const CALL_LIMIT_MS = Number(process.env.BENCH_CALL_LIMIT_MS ?? 5000);
const BULK_LIMIT_MS = 60000;
const WATCHDOG_S = Number(process.env.BENCH_WATCHDOG_S ?? 900);
setTimeout(() => {
  console.error(`\nbench/calls: watchdog: the run took more than ${WATCHDOG_S} s; lost calls so far: ${lostSummary()}`);
  process.exit(1);
}, WATCHDOG_S * 1000).unref();
const EXPECTED_CYCLE = ["INVITE", "100 INVITE", "180 INVITE", "200 INVITE", "ACK", "BYE", "200 BYE"];

// global.gc(), as with --expose-gc, without asking npm to pass the flag
if (typeof globalThis.gc !== "function") {
  v8.setFlagsFromString("--expose-gc");
  globalThis.gc = vm.runInNewContext("gc");
}

// ---------------------------------------------------------------------------------------------
// the two libraries

// the first library is the primary rxsip line (the ratios and the last line are computed from it)
const hoisted = await sipjsHarness({ url: hoistedSipjsUrl(), name: "sip.js (decode hoisted)", label: (v) => `SIP.js ${v}, decode hoisted` });
const libs = [rxsipApiHarness(await importRxsip(".", "dist/esm/index.js")), rxsipHarness(await importRxsip("./core", "dist/esm/core.js")), await sipjsHarness(), hoisted];
const sipjs = libs[2];

// ---------------------------------------------------------------------------------------------
// time limits: a call that does not end in time is lost, counted, and the run goes on

const lost = new Map(libs.map((l) => [l.name, 0]));
const lostSummary = () => [...lost].map(([n, k]) => `${n} ${k}`).join(", ");

/** Resolves with the value of `p`, or `undefined` after `ms` or when `p` rejects (counting `count` lost calls for `lib`). */
async function within(lib, p, ms, count = 1) {
  let timer;
  const timedOut = new Promise((resolve) => (timer = setTimeout(() => resolve(TIMED_OUT), ms)));
  const result = await Promise.race([Promise.resolve(p).then((v) => ({ v }), () => TIMED_OUT), timedOut]);
  clearTimeout(timer);
  if (result === TIMED_OUT) {
    lost.set(lib.name, lost.get(lib.name) + count);
    return undefined;
  }
  return result;
}
const TIMED_OUT = Symbol("timed out");
/** One call cycle within the call limit: true when it ended. */
const callOnce = async (lib, pair) => (await within(lib, pair.call(), CALL_LIMIT_MS)) !== undefined;

/** rxsip (or rxsip/core) as built: the self-reference when it resolves, else the root package.json's exports path. */
async function importRxsip(subpath, fallback) {
  const specifier = subpath === "." ? "rxsip" : `rxsip/${subpath.slice(2)}`;
  try {
    return await import(specifier);
  } catch {
    let path = fallback;
    try {
      const rootPkg = JSON.parse(readFileSync(join(here, "../../package.json"), "utf8"));
      const target = rootPkg.exports?.[subpath]?.import;
      // a condition's target is a path, or an object of nested conditions ({ types, default })
      path = (typeof target === "string" ? target : target?.default) ?? path;
    } catch {
      // keep the default path
    }
    try {
      return await import(pathToFileURL(join(here, "../..", path)).href);
    } catch (e) {
      fail(`rxsip not measured: cannot import ${specifier} or ${path} (${e.message}); run \`npx rollup -c\` (or npm run build) first`);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// what goes on the wire: the same 7 messages for both

for (const lib of libs) {
  const pair = await lib.pair();
  await callOnce(lib, pair); // the first call may differ (nothing to compare yet): look at the second
  await settle();
  counter.trace = [];
  if (!(await callOnce(lib, pair))) fail(`${lib.name}: a call did not end within ${CALL_LIMIT_MS} ms before timing`);
  await settle();
  const trace = counter.trace;
  counter.trace = undefined;
  if (trace.join(",") !== EXPECTED_CYCLE.join(",")) fail(`${lib.name}: a call cycle put [${trace.join(", ")}] on the wire, expected [${EXPECTED_CYCLE.join(", ")}]`);
  await pair.dispose();
}

const now = () => performance.now();

// ---------------------------------------------------------------------------------------------
// heap: established calls, started user agents (first, while the heap holds nothing else)

async function heapUsed() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await settle(1);
  }
  return process.memoryUsage().heapUsed;
}

process.stdout.write("heap");
const heap = {};
{
  // each pair first sets up, holds and ends a few calls (and each library starts and stops a
  // few user agents), so that what is measured is the calls and agents, not code compiled
  // on their first run
  const pairs = [];
  for (const lib of libs) {
    const pair = await lib.pair();
    await callOnce(lib, pair);
    const warm = (await within(lib, pair.establish(WARM_CALLS), BULK_LIMIT_MS, WARM_CALLS))?.v ?? [];
    await settle();
    await within(lib, pair.hangup(warm), BULK_LIMIT_MS, 0);
    pairs.push(pair);
    await lib.stopAgents(await lib.startAgents(WARM_AGENTS));
  }
  await settle();
  const held = [];
  let before = await heapUsed();
  for (const [i, lib] of libs.entries()) {
    const got = await within(lib, pairs[i].establish(HELD_CALLS), BULK_LIMIT_MS, HELD_CALLS);
    held.push(got?.v ?? []);
    await settle();
    const after = await heapUsed();
    heap[lib.name] = { fresh: got === undefined ? NaN : (after - before) / HELD_CALLS };
    before = after;
    process.stdout.write(".");
  }
  if (HOLD_MS > 0) {
    process.stdout.write(` (holding ${Math.round(HOLD_MS / 1000)} s)`);
    await new Promise((resolve) => setTimeout(resolve, HOLD_MS));
    // each library's share is what its calls free when they end
    let last = await heapUsed();
    for (const [i, lib] of libs.entries()) {
      await within(lib, pairs[i].hangup(held[i]), BULK_LIMIT_MS, 0);
      await within(lib, pairs[i].dispose(), BULK_LIMIT_MS, 0);
      held[i] = undefined;
      pairs[i] = undefined;
      await settle();
      const after = await heapUsed();
      heap[lib.name].held = (last - after) / HELD_CALLS;
      last = after;
    }
  } else {
    for (const [i, lib] of libs.entries()) {
      await within(lib, pairs[i].hangup(held[i]), BULK_LIMIT_MS, 0);
      await within(lib, pairs[i].dispose(), BULK_LIMIT_MS, 0);
    }
  }
  for (const lib of libs) {
    // what the previous library's stopped agents leave (emptied tables, a timer or two) is let go first
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const b = await heapUsed();
    let agents = await lib.startAgents(AGENTS);
    const a = await heapUsed();
    heap[lib.name].agent = (a - b) / AGENTS;
    await lib.stopAgents(agents);
    agents = undefined; // not kept (by this frame) while the next library is measured
    process.stdout.write(".");
  }
}
console.log("");

// ---------------------------------------------------------------------------------------------
// call rates

/** Calls per second, one at a time, on a new pair. */
async function sequential(lib) {
  const pair = await lib.pair();
  let t0 = now();
  while (now() - t0 < WARMUP_MS) await callOnce(lib, pair);
  let n = 0;
  t0 = now();
  let t = t0;
  while (t - t0 < MEASURE_MS) {
    if (await callOnce(lib, pair)) n++;
    t = now();
  }
  await within(lib, pair.dispose(), BULK_LIMIT_MS, 0);
  return n / ((t - t0) / 1000);
}

/**
 * Calls per second with `CONCURRENT` callers, each starting its next call when its last one
 * ends, until BENCH_MS have passed; the calls then in flight are waited for and counted, and
 * the time is until the last one ended (100 calls in flight move in near lockstep, so a
 * fixed window would count them in batches).
 */
async function concurrent(lib) {
  const pair = await lib.pair();
  const run = async (ms) => {
    const t0 = now();
    const end = t0 + ms;
    let done = 0;
    const worker = async () => {
      while (now() < end) {
        if (await callOnce(lib, pair)) done++;
      }
    };
    await Promise.all(Array.from({ length: CONCURRENT }, worker));
    return done / ((now() - t0) / 1000);
  };
  await run(WARMUP_MS);
  const rate = await run(MEASURE_MS);
  await settle();
  await within(lib, pair.dispose(), BULK_LIMIT_MS, 0);
  return rate;
}

const samples = new Map(libs.map((l) => [l.name, { seq: [], conc: [] }]));
process.stdout.write(`calls: ${ROUNDS} rounds `);
for (let round = 0; round < ROUNDS; round++) {
  const order = round % 2 === 0 ? libs : [...libs].reverse();
  for (const lib of order) samples.get(lib.name).seq.push(await sequential(lib));
  for (const lib of order) samples.get(lib.name).conc.push(await concurrent(lib));
  process.stdout.write(".");
}
console.log("");

// ---------------------------------------------------------------------------------------------
// report

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (x) => (x >= 100 ? Math.round(x).toLocaleString("en-US") : x.toFixed(1));
const kib = (bytes) => (bytes === undefined || Number.isNaN(bytes) ? "-" : `${(bytes / 1024).toFixed(1)} KiB`);
const range = (xs) => `${fmt(Math.min(...xs))}-${fmt(Math.max(...xs))}`;

const sjs = sipjs.name;
const rxsLibs = libs.filter((l) => l.name.startsWith("rxsip"));
const primary = rxsLibs[0].name; // rxsip (API)
const r = Object.fromEntries(libs.map((l) => [l.name, { seq: median(samples.get(l.name).seq), conc: median(samples.get(l.name).conc) }]));
const hasHeld = heap[primary].held !== undefined;

console.log("");
console.log(`node ${process.version}, ${os.platform()} ${os.arch()}, ${os.cpus().length} x ${os.cpus()[0]?.model ?? "?"}`);
console.log(`call cycle: ${EXPECTED_CYCLE.join(" → ")} (7 messages, checked for each), in-memory reliable transport, fixed SDP`);
console.log(`rates: medians of ${ROUNDS} interleaved rounds of ${MEASURE_MS} ms; heap: ${HELD_CALLS} calls held, ${AGENTS} user agents started`);
console.log("");
for (const lib of libs) console.log(`${lib.label}: ${lib.description}`);
console.log("");
// one line per library, named as asked; a ratio line per rxsip line below them
const cols = [
  ["calls/s seq", (n) => fmt(r[n].seq)],
  [`calls/s ${CONCURRENT} conc`, (n) => fmt(r[n].conc)],
  ["heap/call set up", (n) => kib(heap[n].fresh)],
  ...(hasHeld ? [[`heap/call held`, (n) => kib(heap[n].held)]] : []),
  ["heap/user agent", (n) => kib(heap[n].agent)],
];
const ratios = (rxs, base = sjs) => [
  r[rxs].seq / r[base].seq,
  r[rxs].conc / r[base].conc,
  heap[rxs].fresh / heap[base].fresh,
  ...(hasHeld ? [heap[rxs].held / heap[base].held] : []),
  heap[rxs].agent / heap[base].agent,
];
const W = Math.max(...libs.map((l) => l.label.length), ...rxsLibs.map((l) => `${l.name}/${hoisted.name}`.length)) + 2;
const C = 18;
const pad = (s) => String(s).padStart(C);
const header = "library".padEnd(W) + cols.map(([h]) => pad(h)).join("");
console.log(header);
console.log("-".repeat(header.length));
for (const lib of libs) console.log(lib.label.padEnd(W) + cols.map(([, f]) => pad(f(lib.name))).join(""));
for (const lib of rxsLibs) console.log(`${lib.name}/${sjs}`.padEnd(W) + ratios(lib.name).map((x) => pad(Number.isFinite(x) ? `${x.toFixed(2)}x` : "-")).join(""));
for (const lib of rxsLibs) console.log(`${lib.name}/${hoisted.name}`.padEnd(W) + ratios(lib.name, hoisted.name).map((x) => pad(Number.isFinite(x) ? `${x.toFixed(2)}x` : "-")).join(""));
console.log("");
for (const lib of libs) {
  const s = samples.get(lib.name);
  console.log(`${lib.name} min-max across rounds: sequential ${range(s.seq)}, ${CONCURRENT} concurrent ${range(s.conc)} calls/s`);
}
console.log("");
console.log("heap per established call counts both ends. 'set up': just after the ACK, with the INVITE transactions");
console.log("still in RFC 6026's Accepted state (Timers L/M, 64*T1 = 32 s: the INVITE and its 2xx are kept);");
if (hasHeld) console.log(`'held': the same calls ${Math.round(HOLD_MS / 1000)} s later, after Timers L/M (what each library frees when its calls end).`);
console.log("rxsip runs with its defaults: session timers off (an opt-in, as SIP.js has none), asyncScheduler for every timer.");
console.log("rxsip (API): the callee sends 100 Trying on the Invitation's server transaction at once, as SIP.js does");
console.log("(rxsip's transaction would send it itself only after 200 ms without an answer, RFC 3261 §17.2.1).");
const anyLost = [...lost.values()].some((k) => k > 0);
console.log(`lost calls (did not end within ${CALL_LIMIT_MS} ms, or failed): ${lostSummary()}`);
console.log(`calls ratio rxsip/sip.js (decode hoisted): ${(r[primary].seq / r[hoisted.name].seq).toFixed(2)}x`);
console.log(`calls ratio rxsip/sip.js: ${(r[primary].seq / r[sjs].seq).toFixed(2)}x`);
process.exit(anyLost ? 1 : 0);

function fail(message) {
  console.error(message);
  process.exit(1);
}
