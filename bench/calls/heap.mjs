#!/usr/bin/env node
/**
 * Where the heap of established calls goes, for one library of the call benchmark: the
 * pair is warmed up as in run.mjs, then N calls are set up (and optionally held), and the
 * objects that are new in a heap snapshot taken after, compared with one taken before, are
 * summed up per call:
 *
 *   node bench/calls/heap.mjs [api|core|sipjs] [N=500] [holdMs=0]
 *
 *   by constructor            count and self size per call of each kind of object
 *   by field (TOP=n)          self size grouped by "retainer constructor .field -> object"
 *                             (the first retainer found), e.g. which field holds which strings
 *   OWNERS=Inviter,Dialog,... each new object charged to the nearest of these classes up its
 *                             chain of first retainers (roughly: what each part of a call keeps)
 *   FIND=text                 chains of first retainers of a few new objects whose name starts with text
 *
 * holdMs > 0 waits that long after setting up (33000: after RFC 6026's Timers L and M);
 * WARM=n (default 100) calls are set up and ended first, so that compiled code is not counted.
 * Needs rxsip built (npx rollup -c) and bench/node_modules (node bench/setup.mjs).
 */
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { settle } from "./wire.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const which = process.argv[2] ?? "api";
const N = Number(process.argv[3] ?? 500);
const HOLD = Number(process.argv[4] ?? 0);
const TOP = Number(process.env.TOP ?? 40);
if (typeof globalThis.gc !== "function") {
  v8.setFlagsFromString("--expose-gc");
  globalThis.gc = vm.runInNewContext("gc");
}

const dist = (file) => import(pathToFileURL(join(here, "../../dist/esm", file)).href);
let lib;
if (which === "api") lib = (await import("./rxsipApiCalls.mjs")).rxsipApiHarness(await dist("index.js"));
else if (which === "core") lib = (await import("./rxsipCalls.mjs")).rxsipHarness(await dist("core.js"));
else lib = await (await import("./sipjsCalls.mjs")).sipjsHarness();

async function gcHard() {
  for (let i = 0; i < 4; i++) {
    globalThis.gc();
    await settle(1);
  }
}

function snapshot() {
  const stream = v8.getHeapSnapshot();
  const chunks = [];
  let chunk;
  while ((chunk = stream.read()) !== null) chunks.push(chunk);
  return JSON.parse(chunks.join(""));
}

/** The node ids of a snapshot, sorted, in a typed array (off the JS heap: not counted as new). */
function idsOf(snap) {
  const f = snap.snapshot.meta.node_fields;
  const iId = f.indexOf("id");
  const ids = new Float64Array(snap.nodes.length / f.length);
  for (let i = 0, j = 0; i < snap.nodes.length; i += f.length, j++) ids[j] = snap.nodes[i + iId];
  return ids.sort();
}

function has(sorted, id) {
  let lo = 0;
  let hi = sorted.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (sorted[mid] === id) return true;
    if (sorted[mid] < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return false;
}

const pair = await lib.pair();
await pair.call();
await pair.hangup(await pair.establish(Number(process.env.WARM ?? 100)));
await settle();
await gcHard();
let old = idsOf(snapshot());
await gcHard();
const b = process.memoryUsage().heapUsed;
const held = await pair.establish(N);
await settle();
if (HOLD > 0) await new Promise((r) => setTimeout(r, HOLD));
await gcHard();
const a = process.memoryUsage().heapUsed;
const snap = snapshot();

const meta = snap.snapshot.meta;
const nf = meta.node_fields;
const ef = meta.edge_fields;
const NF = nf.length;
const EF = ef.length;
const nTypes = meta.node_types[0];
const eTypes = meta.edge_types[0];
const iType = nf.indexOf("type");
const iName = nf.indexOf("name");
const iId = nf.indexOf("id");
const iSize = nf.indexOf("self_size");
const iEc = nf.indexOf("edge_count");
const eType = ef.indexOf("type");
const eName = ef.indexOf("name_or_index");
const eTo = ef.indexOf("to_node");
const { nodes, edges, strings } = snap;
const count = nodes.length / NF;
const isNew = new Uint8Array(count);
// native memory (array buffer contents: the ids above among them) is not the JS heap
for (let n = 0; n < count; n++) isNew[n] = nTypes[nodes[n * NF + iType]] === "native" || has(old, nodes[n * NF + iId]) ? 0 : 1;
old = undefined;

const typeOf = (n) => nTypes[nodes[n * NF + iType]];
const nameOf = (n) => strings[nodes[n * NF + iName]];
const isString = (t) => t === "string" || t === "concatenated string" || t === "sliced string";
const label = (n) => {
  const t = typeOf(n);
  const name = nameOf(n);
  if (isString(t)) return `"${name.slice(0, 24).replace(/\r\n/g, "⏎")}"(${t[0]})`;
  if (t === "object") return name;
  if (t === "closure") return `fn ${name}`;
  return `(${t}) ${name.slice(0, 30)}`;
};
const kind = (n) => {
  const t = typeOf(n);
  if (isString(t)) return `(${t})`;
  if (t === "object") return nameOf(n);
  if (t === "closure") return `(closure) ${nameOf(n)}`;
  return `(${t}) ${nameOf(n).slice(0, 30)}`;
};

// the first (strong) retainer of every node, and the edge it holds it by
const retainer = new Int32Array(count).fill(-1);
const retEdge = new Array(count);
for (let n = 0, e = 0; n < count; n++) {
  const ec = nodes[n * NF + iEc];
  for (let k = 0; k < ec; k++, e += EF) {
    const et = eTypes[edges[e + eType]];
    if (et === "weak" || et === "shortcut") continue;
    const to = edges[e + eTo] / NF;
    if (retainer[to] !== -1) continue;
    retainer[to] = n;
    retEdge[to] = et === "element" || et === "hidden" ? `[${et}]` : String(strings[edges[e + eName]] ?? edges[e + eName]);
  }
}

function table(title, groups) {
  const rows = [...groups].sort((x, y) => y[1].size - x[1].size);
  console.log(`\n${title}`);
  for (const [k, g] of rows.slice(0, TOP)) console.log(`${(g.size / N).toFixed(0).padStart(7)} B ${(g.count / N).toFixed(2).padStart(7)}  ${k}`);
}
const add = (groups, key, n) => {
  const g = groups.get(key) ?? { size: 0, count: 0 };
  g.size += nodes[n * NF + iSize];
  g.count++;
  groups.set(key, g);
};

let total = 0;
const byKind = new Map();
const byField = new Map();
for (let n = 0; n < count; n++) {
  if (!isNew[n]) continue;
  total += nodes[n * NF + iSize];
  add(byKind, kind(n), n);
  const r = retainer[n];
  add(byField, `${r >= 0 ? label(r) : "?"} .${retEdge[n] ?? "?"} -> ${kind(n)}`, n);
}
console.log(`${lib.name}: ${N} calls${HOLD > 0 ? `, held ${HOLD} ms` : ""}: heapUsed +${((a - b) / N / 1024).toFixed(2)} KiB/call; new objects ${(total / N / 1024).toFixed(2)} KiB/call`);
table("by constructor (B/call, count/call):", byKind);
table("by field (B/call, count/call):", byField);

if (process.env.OWNERS) {
  const owners = new Set(process.env.OWNERS.split(","));
  const byOwner = new Map();
  for (let n = 0; n < count; n++) {
    if (!isNew[n]) continue;
    let owner = "(other)";
    let below = n;
    for (let m = n, d = 0; m >= 0 && d < 30; below = m, m = retainer[m], d++) {
      if (typeOf(m) === "object" && owners.has(nameOf(m))) {
        owner = m === n ? `${nameOf(m)} (itself)` : `${nameOf(m)} .${retEdge[below]}`;
        break;
      }
    }
    add(byOwner, owner, n);
  }
  table("by owner (B/call, count/call):", byOwner);
}

if (process.env.FIND) {
  console.log(`\nfirst retainers of new objects named ${JSON.stringify(process.env.FIND)}...:`);
  let shown = 0;
  for (let n = 0; n < count && shown < 4; n++) {
    if (!isNew[n] || !nameOf(n).startsWith(process.env.FIND)) continue;
    shown++;
    const chain = [];
    for (let m = n, d = 0; m >= 0 && d < 10; m = retainer[m], d++) chain.push(`${label(m)}${retEdge[m] ? ` .${retEdge[m]}` : ""}`);
    console.log(chain.join(" <- "));
  }
}
void held;
process.exit(0);
