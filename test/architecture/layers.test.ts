import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * The layering of docs/architecture.md, enforced by dependency-cruiser with the rules in
 * .dependency-cruiser.cjs: core imports nothing of ours outside core and no Node module;
 * streams use core/messages only; operators use api and rxjs; nothing imports testing;
 * browser-reachable code imports no Node-only module; no cycle of run-time imports.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const depcruise = join(root, "node_modules", "dependency-cruiser", "bin", "dependency-cruise.mjs");

describe("import directions (dependency-cruiser)", () => {
  it("src/ breaks none of the rules of .dependency-cruiser.cjs", { timeout: 120_000 }, async () => {
    const out = await promisify(execFile)(process.execPath, [depcruise, "src", "--config", ".dependency-cruiser.cjs", "--output-type", "err"], { cwd: root }).then(
      (r) => r.stdout,
      (e: { stdout?: string }) => e.stdout ?? String(e),
    );
    expect(out).toContain("no dependency violations found");
  });
});
