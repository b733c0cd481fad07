import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * examples/angular (an injectable service over rxsip's streams and operators, and a
 * standalone component using the async pipe) type-checks against @angular/core, a
 * devDependency of the example only (examples/angular/package.json, installed by
 * scripts/setup.sh). Against the built types in dist/ (`npm test` builds first).
 * Under CI a missing install fails; elsewhere it is skipped with a notice.
 */
const root = fileURLToPath(new URL("../../", import.meta.url));
const installed = existsSync(`${root}examples/angular/node_modules/@angular/core/package.json`);
const required = process.env.CI === "true" || process.env.CI === "1";
if (!installed && !required) console.info("[examples/angular] skipped: run `npm ci` in examples/angular (scripts/setup.sh does) to type-check it");

describe("examples/angular", () => {
  it.runIf(installed || required)("type-checks against @angular/core and rxsip's types", async () => {
    expect(installed, "examples/angular/node_modules is missing: scripts/setup.sh installs it").toBe(true);
    expect(existsSync(`${root}dist/types/index.d.ts`), "dist/types is missing: npm run build").toBe(true);
    const tsc = `${root}node_modules/typescript/bin/tsc`;
    const result = await promisify(execFile)(process.execPath, [tsc, "-p", `${root}examples/angular/tsconfig.json`, "--pretty", "false"], { cwd: root }).then(
      (r) => ({ code: 0, out: r.stdout + r.stderr }),
      (e: { code?: number; stdout?: string; stderr?: string }) => ({ code: e.code ?? 1, out: `${e.stdout ?? ""}${e.stderr ?? ""}` }),
    );
    expect(result.out).toBe("");
    expect(result.code).toBe(0);
  }, 180_000);
});
