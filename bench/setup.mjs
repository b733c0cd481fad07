// Installs the benchmark baselines (bench/package.json devDependencies) into bench/node_modules
// when any of them is missing or at another version. Idempotent; a no-op when present.
import { execSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const pkg = JSON.parse(readFileSync(join(here, "package.json"), "utf8"));
const wanted = pkg.devDependencies ?? {};

function installedVersion(name) {
  const file = join(here, "node_modules", name, "package.json");
  if (!existsSync(file)) return undefined;
  try {
    return JSON.parse(readFileSync(file, "utf8")).version;
  } catch {
    return undefined;
  }
}

const missing = Object.entries(wanted).filter(([name, version]) => installedVersion(name) !== version);
if (missing.length === 0) {
  console.log("bench/setup: baselines present (" + Object.entries(wanted).map(([n, v]) => `${n}@${v}`).join(", ") + ")");
} else {
  console.log("bench/setup: installing " + missing.map(([n, v]) => `${n}@${v}`).join(", ") + " in bench/");
  execSync("npm install --no-audit --no-fund", { cwd: here, stdio: "inherit" });
}
