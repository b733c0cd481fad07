// `node bench/size/features.mjs`: what each optional feature adds to the trio's browser bundle
// (UserAgent, Registerer, Inviter and the WebRTC handler, built from src/ as bench/size does),
// found by building the bundle again with that feature's modules replaced by empty stubs and
// comparing min+gzip sizes. The figures are the data for making features opt-in (issue 11's
// budgets): a feature that costs little is not worth an opt-in. Each build is limited in time;
// a build that fails is reported, not fatal.
import { build } from "esbuild";
import { readFileSync } from "node:fs";
import { gzipSync } from "node:zlib";
import { browserBuild, root } from "./measure.mjs";

/** Features and the modules (paths under src/) that are theirs alone. */
const FEATURES = {
  "Digest SHA-256 and SHA-512/256": ["core/auth/hashes/sha256.ts", "core/auth/hashes/sha512-256.ts"],
  "REFER handling (Referral)": ["api/Referral.ts", "api/ReferralProgress.ts"],
  "keep-alives": ["streams/keepAlive.ts", "streams/transports/flowKeepAlive.ts", "streams/keepAliveOptions.ts"],
  "server lists (parseServer)": ["streams/transports/parseServer.ts"],
  "header-name table": ["core/messages/headerNames.ts"],
  "stateless checks (loops, merged requests)": ["core/user-agent-core/statelessChecks.ts"],
  "400 answers to unreadable requests": ["streams/transports/badRequest.ts"],
  "DTMF over INFO": ["api/dtmfInfo.ts"],
  "session timers (RFC 4028)": ["core/dialogs/SessionTimer.ts"],
};

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

async function gzipSize(stubbed) {
  const result = await build({
    stdin: { contents: ENTRY, resolveDir: root, loader: "ts" },
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
