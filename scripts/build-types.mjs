#!/usr/bin/env node
/**
 * After `tsc -p tsconfig.build.json` has written dist/types/**\/*.d.ts (ES module
 * declarations, the package being "type": "module"), writes a CommonJS twin of each file,
 * `X.d.cts` beside `X.d.ts`, whose relative imports name `.cjs` files. A CommonJS consumer
 * compiled with `module: node16/nodenext` resolves `require("rxsip")` through the exports
 * map's "require" condition to these, so TypeScript sees CommonJS declarations for the
 * CommonJS build (without them it reports TS1479: ESM-only declarations under require).
 */
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const typesDir = join(root, "dist", "types");

/** `"./x.js"` / `'../y/index.js'` in from-clauses, import() types and export-from, to `.cjs`. */
function toCommonJs(text) {
  return text.replace(/((?:from|import)\s*\(?\s*)(["'])(\.{1,2}\/[^"']*?)\.js\2/g, "$1$2$3.cjs$2");
}

let count = 0;
function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else if (entry.name.endsWith(".d.ts")) {
      writeFileSync(path.slice(0, -".d.ts".length) + ".d.cts", toCommonJs(readFileSync(path, "utf8")));
      count++;
    }
  }
}
walk(typesDir);
console.log(`types: wrote ${count} .d.cts twins in ${relative(root, typesDir)}`);
