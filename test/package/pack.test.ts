import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * What `npm pack` puts in the tarball users install: the built entries, their declarations
 * (ESM and CommonJS), README, LICENSE and package.json; no sources, tests, benchmarks,
 * scripts or compiled examples. Needs `npm run build` first (npm test builds).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const npm = process.platform === "win32" ? "npm.cmd" : "npm";

describe("npm pack", () => {
  const out = execFileSync(npm, ["pack", "--dry-run", "--json", "--ignore-scripts"], { cwd: root, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
  const files: string[] = JSON.parse(out)[0].files.map((f: { path: string }) => f.path);
  const pkg = JSON.parse(readFileSync(resolve(root, "package.json"), "utf8"));

  it("holds every file the exports map, main, module and types name", () => {
    const named = new Set<string>([pkg.main, pkg.module, pkg.types]);
    const walk = (v: unknown): void => {
      if (typeof v === "string") named.add(v);
      else if (v && typeof v === "object") for (const x of Object.values(v)) walk(x);
    };
    walk(pkg.exports);
    for (const k of ["unpkg", "jsdelivr"]) if (typeof pkg[k] === "string") named.add(pkg[k]);
    for (const f of named) {
      if (f === "./package.json") continue;
      expect(files, f).toContain(f.replace(/^\.\//, ""));
    }
  });

  it("holds README, LICENSE and the CommonJS declarations", () => {
    expect(files).toEqual(expect.arrayContaining(["README.md", "LICENSE", "package.json", "dist/types/index.d.cts", "dist/types/testing/index.d.cts"]));
  });

  it("holds nothing users do not need", () => {
    const extra = files.filter((f) => !/^(README\.md|LICENSE|package\.json|dist\/.+)$/.test(f) || /^dist\/examples\//.test(f));
    expect(extra).toEqual([]);
  });

  it("rxjs is a peer dependency (one Observable in an app) and peggy is build-time only", () => {
    expect(pkg.peerDependencies?.rxjs).toBeTruthy();
    expect(pkg.dependencies?.rxjs).toBeUndefined();
    expect(pkg.dependencies?.peggy).toBeUndefined();
    expect(pkg.devDependencies?.peggy).toBeTruthy();
  });
});
