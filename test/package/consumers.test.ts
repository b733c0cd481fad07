import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, copyFileSync, rmSync, symlinkSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";

/**
 * The built declarations as every kind of TypeScript consumer sees them: a small project per
 * module mode (consumers/consumer.ts, importing every entry of the package by name) is
 * type-checked by tsc. The bundler project also checks our .d.ts files themselves
 * (skipLibCheck off), so a declaration broken by stripInternal fails; the others keep
 * skipLibCheck on (fast) and check resolution and use (TS1479 is reported at the import).
 * Needs `npm run build` first (npm test builds).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
const run = promisify(execFile);

interface Mode {
  name: string;
  type: "module" | "commonjs";
  compilerOptions: Record<string, unknown>;
  checkDeclarations?: boolean;
}

const modes: Mode[] = [
  { name: "node16 from CommonJS", type: "commonjs", compilerOptions: { module: "node16", moduleResolution: "node16" } },
  { name: "nodenext from ESM", type: "module", compilerOptions: { module: "nodenext", moduleResolution: "nodenext" } },
  { name: "bundler", type: "module", compilerOptions: { module: "esnext", moduleResolution: "bundler" }, checkDeclarations: true },
  { name: "classic node (node10) resolution of the subpaths", type: "commonjs", compilerOptions: { module: "commonjs", moduleResolution: "node10" } },
];

const made: string[] = [];

function project(mode: Mode): string {
  const dir = mkdtempSync(join(tmpdir(), "rxsip-consumer-"));
  made.push(dir);
  mkdirSync(join(dir, "node_modules"));
  symlinkSync(root, join(dir, "node_modules", "rxsip"), "dir");
  symlinkSync(join(root, "node_modules", "rxjs"), join(dir, "node_modules", "rxjs"), "dir");
  mkdirSync(join(dir, "node_modules", "@types"));
  symlinkSync(join(root, "node_modules", "@types", "node"), join(dir, "node_modules", "@types", "node"), "dir");
  copyFileSync(join(root, "test", "package", "consumers", "consumer.ts"), join(dir, "consumer.ts"));
  writeFileSync(join(dir, "package.json"), JSON.stringify({ name: "consumer", private: true, type: mode.type }));
  const compilerOptions = { target: "ES2022", lib: ["ES2022", "DOM"], types: ["node"], strict: true, noEmit: true, skipLibCheck: !mode.checkDeclarations, ...mode.compilerOptions };
  writeFileSync(join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, files: ["consumer.ts"] }));
  return dir;
}

describe("declarations for every consumer (after the build)", () => {
  afterAll(() => {
    for (const dir of made) rmSync(dir, { recursive: true, force: true });
  });

  it("dist/types has ESM and CommonJS declarations", () => {
    expect(existsSync(join(root, "dist/types/index.d.ts")), "run npm run build first").toBe(true);
    expect(existsSync(join(root, "dist/types/index.d.cts"))).toBe(true);
  });

  // the four tsc runs start together; each test awaits its own
  let results: Map<string, Promise<string>> | undefined;
  const resultOf = (mode: Mode): Promise<string> => {
    results ??= new Map(
      modes.map((m) => {
        const dir = project(m);
        const out = run(process.execPath, [tsc, "-p", dir], { cwd: dir }).then(
          () => "",
          (e: { stdout?: string }) => e.stdout ?? String(e),
        );
        return [m.name, out];
      }),
    );
    return results.get(mode.name)!;
  };
  for (const mode of modes) {
    it(`type-checks with module resolution ${mode.name}`, { timeout: 180_000 }, async () => {
      expect(await resultOf(mode)).toBe("");
    });
  }
});
