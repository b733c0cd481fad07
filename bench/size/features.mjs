// `node bench/size/features.mjs`: what each optional feature adds to the trio's browser bundle
// (UserAgent, Registerer, Inviter and the WebRTC handler, built from src/ as bench/size does),
// found by building the bundle again with that feature's modules replaced by empty stubs and
// comparing min+gzip sizes; then what each opt-in feature adds when a page imports its factory.
// The figures are the data for making features opt-in (issue 11's budgets): a feature that
// costs little is not worth an opt-in. Each build is limited in time;
// a build that fails is reported, not fatal.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { browserBuild, root } from "./measure.mjs";

/** Built-in features of the trio and the modules (paths under src/) that are theirs alone. */
const FEATURES = {
  "REFER handling (Referral)": ["api/Referral.ts", "api/ReferralProgress.ts"],
  "CRLF keep-alives": ["streams/keepAlive.ts", "streams/transports/flowKeepAlive.ts", "streams/keepAliveCrlf.ts"],
  "header-name spellings": ["core/messages/headerNames.ts"],
  "stateless checks (loops, merged requests)": ["core/user-agent-core/statelessChecks.ts"],
};

/** The opt-in features (issue 11): what a page pays when it passes the factory's value. */
const OPT_INS = ["sha2Digest", "sessionTimers", "sessionRecovery", "badRequests", "optionsPings", "dtmfInfo", "trickleIce"];

const ENTRY = `export { UserAgent, Registerer, Inviter, WebSessionDescriptionHandler } from "./src/index.ts";`;
const STEP_LIMIT_MS = 60_000;

/** A module with the same export names as `path`, and nothing behind them. */
function emptyTwin(path) {
  const source = readFileSync(path, "utf8");
  const out = [];
  for (const m of source.matchAll(/export\s+(?:abstract\s+)?(class|function|const|let)\s+([A-Za-z0-9_$]+)/g)) {
    out.push(m[1] === "class" ? `export class ${m[2]} {}` : m[1] === "function" ? `export function ${m[2]}() {}` : `export const ${m[2]} = {};`);
  }
  return out.join("\n");
}

async function gzipSize(stubbed, entry = ENTRY) {
  const result = await build({
    stdin: { contents: entry, resolveDir: root, loader: "ts" },
    ...browserBuild,
    plugins: [
      {
        name: "stub",
        setup(b) {
          b.onLoad({ filter: /\.ts$/ }, (args) => (stubbed.some((s) => args.path.endsWith(`src/${s}`)) ? { contents: emptyTwin(args.path), loader: "ts" } : undefined));
        },
      },
    ],
  });
  return gzipSync(result.outputFiles[0].contents, { level: 9 }).length;
}

function limited(promise) {
  let timer;
  const limit = new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`no result within ${STEP_LIMIT_MS} ms`)), STEP_LIMIT_MS)));
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

const kb = (n) => (n / 1000).toFixed(2) + " KB";
const base = await limited(gzipSize([]));
console.log(`trio built from src/: ${kb(base)} min+gzip; what each feature adds (its modules stubbed out):\n`);
let total = 0;
for (const [name, modules] of Object.entries(FEATURES)) {
  try {
    const without = await limited(gzipSize(modules));
    total += base - without;
    console.log(`  ${name.padEnd(44)} ${kb(base - without).padStart(9)}`);
  } catch (e) {
    console.log(`  ${name.padEnd(44)} failed: ${String(e.message).split("\n")[0]}`);
  }
}
console.log(`\n  ${"sum (gzip shares bytes: not exactly additive)".padEnd(44)} ${kb(total).padStart(9)}`);

console.log(`\nwhat each opt-in adds to the trio when the page imports its factory:\n`);
for (const name of OPT_INS) {
  try {
    const withIt = await limited(gzipSize([], ENTRY.replace("WebSessionDescriptionHandler }", `WebSessionDescriptionHandler, ${name} }`)));
    console.log(`  ${name.padEnd(44)} ${kb(withIt - base).padStart(9)}`);
  } catch (e) {
    console.log(`  ${name.padEnd(44)} failed: ${String(e.message).split("\n")[0]}`);
  }
}
