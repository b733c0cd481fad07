// Browser bundle sizes, made the way ../shared/notes/anchors.md describes for SIP.js and JsSIP:
// esbuild --bundle --minify --format=esm --platform=browser of a one-line entry, every
// dependency (rxjs included) bundled, then gzip -9. Used by `npm run bench:size` and by the
// budget test (test/size/budget.test.ts), so the printed figures and the CI check agree.
import { build } from "esbuild";
import { existsSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const root = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const benchDir = join(root, "bench");

/** Target budgets in bytes (1 KB = 1000 bytes), min+gzip, rxjs included (issue 11). */
export const budgets = { trio: 35_000, whole: 45_000 };

/**
 * What CI enforces today: a ratchet at the figures reached so far plus about 1 %, lowered by
 * each reduction, until it meets `budgets` (then CI enforces `budgets` itself).
 */
// Measured on 2026-12-03: trio 49.1 KB (features SIP.js lacks made opt-in), whole 68.5 KB
// (private members shortened by the build, one header-value parser, compact digest). Raised
// the same day by the 69 protocol defects fixed at stop 16 (trio 51.3 KB, whole 70.9 KB):
// each fix costs bytes, and correctness comes first.
export const ceilings = { trio: Math.max(budgets.trio, 51_700), whole: Math.max(budgets.whole, 71_500), handlerAllowance: 0 };

/** Names of the classes a "trio" page uses; the WebRTC handler is added when the package has one. */
export const trioNames = ["UserAgent", "Registerer", "Inviter"];

/** How every figure here is built: one browser ESM bundle, minified, kept in memory. */
export const browserBuild = { bundle: true, minify: true, format: "esm", platform: "browser", write: false, logLevel: "silent" };

/** Module ids a browser build must never contain. */
export function isNodeOnly(id) {
  if (id.startsWith("node:")) return true;
  const bare = id.split("/")[0];
  return ["ws", "werift", "fs", "net", "tls", "dgram", "dns", "os", "child_process", "http", "https", "crypto", "stream", "zlib", "path", "url", "util", "events", "buffer"].includes(bare);
}

/**
 * Bundles `contents` (an ESM entry) for the browser and returns its minified and gzip -9
 * sizes, the per-input byte counts from esbuild's metafile and any Node-only imports left.
 * Node-only ids are kept external (never bundled) and reported, so a stray import shows up
 * as a finding instead of a resolution error.
 */
export async function measure(contents, resolveDir = root) {
  const nodeOnly = new Set();
  const result = await build({
    stdin: { contents, resolveDir, loader: "ts", sourcefile: "entry.ts" },
    ...browserBuild,
    metafile: true,
    plugins: [
      {
        name: "node-only",
        setup(b) {
          b.onResolve({ filter: /.*/ }, (args) => {
            if (isNodeOnly(args.path)) {
              return { path: args.path, external: true };
            }
            return undefined;
          });
        },
      },
    ],
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  for (const imp of output.imports) if (isNodeOnly(imp.path)) nodeOnly.add(imp.path);
  return {
    min: code.length,
    gzip: gzipSync(code, { level: 9 }).length,
    inputs: output.inputs,
    nodeOnly: [...nodeOnly],
  };
}

/** Whether the package exports a WebRTC session description handler for the browser. */
export async function webRtcHandlerName() {
  const index = join(root, "dist", "esm", "index.js");
  if (!existsSync(index)) return undefined;
  const mod = await import(index);
  return Object.keys(mod).find((name) => typeof mod[name] === "function" && /^Web(?:Rtc|RTC)?.*SessionDescriptionHandler$/.test(name));
}

/** rxsip's figures, measured on the built package (dist/esm), as an app bundles it. */
export async function measureRxsip() {
  const entry = "./dist/esm/index.js";
  if (!existsSync(join(root, entry))) throw new Error("dist/esm/index.js is missing: run `npm run build` first");
  const handler = await webRtcHandlerName();
  const names = handler ? [...trioNames, handler] : trioNames;
  const trio = await measure(`export { ${names.join(", ")} } from "${entry}";`);
  const whole = await measure(`export * from "${entry}";`);
  const withoutHandler = handler ? await measure(`export { ${trioNames.join(", ")} } from "${entry}";`) : trio;
  return { names, handler, trio, withoutHandler, whole };
}

/**
 * The trio built up layer by layer, from src/ (module by module, as `analyse` does; the
 * package's chunks would blur the layers), each step adding the next layer of the stack:
 * rxjs's parts, the message layer, transactions, the user-agent core with its dialogs, the
 * WebSocket transport, Digest, the WebRTC handler, and the SIP.js API over them. Each row is a
 * whole bundle (min+gzip) and what it adds to the row before, so a layer's gzip cost is read in
 * the context it is used in. The rows before the API are what any page using the protocol pays.
 */
export async function measureLayers() {
  const core = "./src/core/index.ts";
  const index = "./src/index.ts";
  const steps = [
    ["rxjs (Observable, Subject, BehaviorSubject, asyncScheduler)", `export { Observable, Subject, BehaviorSubject, asyncScheduler } from "rxjs";`],
    ["+ message layer and grammar (parseMessage, SipRequest)", `export { parseMessage, SipRequest } from "${core}";`],
    ["+ transactions (TransactionLayer)", `export { TransactionLayer } from "${core}";`],
    ["+ user-agent core and dialogs (UserAgentCore)", `export { UserAgentCore } from "${core}";`],
    ["+ WebSocket transport", `export { WebSocketTransport } from "${index}";`],
    ["+ Digest (DigestAuthenticator)", `export { DigestAuthenticator } from "${core}";`],
    ["+ WebRTC handler (WebSessionDescriptionHandler)", `export { WebSessionDescriptionHandler } from "${index}";`],
    [`+ API (${trioNames.join(", ")}): the trio`, `export { ${trioNames.join(", ")} } from "${index}";`],
  ];
  const rows = [];
  let entry = "";
  let before = 0;
  for (const [name, line] of steps) {
    entry += line + "\n";
    const m = await measure(entry);
    rows.push({ name, gzip: m.gzip, adds: m.gzip - before });
    before = m.gzip;
  }
  return rows;
}

/** SIP.js's and JsSIP's figures, when bench/setup.mjs has installed them. */
export async function measureAnchors() {
  const out = {};
  if (existsSync(join(benchDir, "node_modules", "sip.js"))) {
    out["sip.js 0.21.2 trio"] = await measure(`export { UserAgent, Registerer, Inviter } from "sip.js";`, benchDir);
    out["sip.js 0.21.2 whole"] = await measure(`export * from "sip.js";`, benchDir);
    // SIP.js's trio without its API layer: the protocol any of its pages pays (compare the
    // layer rows of `measureLayers` up to the WebRTC handler)
    out["sip.js 0.21.2 protocol without its API"] = await measure(
      `export { UserAgentCore, DigestAuthentication } from "sip.js/lib/core/index.js"; export { Transport, SessionDescriptionHandler } from "sip.js/lib/platform/web/index.js";`,
      benchDir,
    );
  }
  if (existsSync(join(benchDir, "node_modules", "jssip"))) {
    out["jssip 3.13.8 whole"] = await measure(`export * from "jssip";`, benchDir);
  }
  return out;
}

/**
 * Where the bytes go: the same entry built from src/ (module by module; the package's dist is
 * concatenated by rollup, which hides module boundaries), minified bytes per module and per
 * folder. The figures are minified, before gzip; gzip shrinks every part by a similar ratio.
 */
export async function analyse(contents) {
  const { inputs, min } = await measure(contents);
  const rows = Object.entries(inputs).map(([path, v]) => ({ path: shorten(path), bytes: v.bytesInOutput }));
  rows.sort((a, b) => b.bytes - a.bytes);
  const groups = new Map();
  for (const r of rows) {
    const g = group(r.path);
    groups.set(g, (groups.get(g) ?? 0) + r.bytes);
  }
  return { min, rows, groups: [...groups.entries()].sort((a, b) => b[1] - a[1]) };
}

function shorten(path) {
  return relative(root, path).replace(/^node_modules\//, "");
}

function group(path) {
  if (path.startsWith("rxjs/")) return "rxjs";
  if (path.startsWith("webrtc-adapter/") || path.startsWith("sdp/")) return "webrtc-adapter";
  const m = /^src\/((?:core|streams|api|media|testing)(?:\/[^/]+)?)\//.exec(path);
  if (m) return "src/" + m[1].replace(/\.ts$/, "");
  return path.split("/")[0];
}
