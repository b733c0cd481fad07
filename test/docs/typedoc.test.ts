import { execFile } from "node:child_process";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

/**
 * The API reference (`npm run docs`, typedoc.json) builds without a warning: every type a
 * public declaration refers to is itself exported and documented, and every {@link} in a doc
 * comment resolves. typedoc.json treats warnings as errors; this runs it without writing HTML.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const typedoc = join(root, "node_modules", "typedoc", "bin", "typedoc");

describe("API reference (typedoc)", () => {
  it("builds with no warning", { timeout: 180_000 }, async () => {
    const out = await promisify(execFile)(process.execPath, [typedoc, "--emit", "none"], { cwd: root }).then(
      (r) => r.stdout + r.stderr,
      (e: { stdout?: string; stderr?: string }) => `${e.stdout ?? ""}${e.stderr ?? ""}` || String(e),
    );
    expect(out).not.toMatch(/warning|error/i);
  });
});
