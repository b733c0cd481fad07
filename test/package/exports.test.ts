import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The built package as users load it: every entry of the exports map, through `import` and
 * `require`, by its package name from inside the checkout (the package references itself).
 * Needs `npm run build` first (npm test builds); a missing build fails, never skips.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

function run(code: string, type: "module" | "commonjs"): string {
  return execFileSync(process.execPath, [type === "module" ? "--input-type=module" : "--input-type=commonjs", "-e", code], { cwd: root, encoding: "utf8" }).trim();
}

describe("package exports (after the build)", () => {
  it("dist/ exists", () => {
    expect(existsSync(resolve(root, "dist/esm/index.js")), "run npm run build first").toBe(true);
  });

  const entries: Array<[string, string]> = [
    ["rxsip", "UserAgent"],
    ["rxsip/core", "parseMessage"],
    ["rxsip/node", "NodeTransport"],
    ["rxsip/testing", "InMemoryNetwork"],
  ];
  for (const [entry, name] of entries) {
    it(`import("${entry}") and require("${entry}") both give ${name}`, () => {
      expect(run(`const m = await import(${JSON.stringify(entry)}); console.log(typeof m.${name});`, "module")).toBe("function");
      expect(run(`const m = require(${JSON.stringify(entry)}); console.log(typeof m.${name});`, "commonjs")).toBe("function");
    });
  }

  it("the built parser parses a message through the self-reference", () => {
    const out = run(
      `const { parseMessage } = await import("rxsip/core"); const m = parseMessage("OPTIONS sip:a@example.com SIP/2.0\\r\\nVia: SIP/2.0/UDP h;branch=z9hG4bK1\\r\\nCall-ID: x\\r\\nCSeq: 7 OPTIONS\\r\\nContent-Length: 0\\r\\n\\r\\n"); console.log(m.method, m.cseq.seq, m.callId);`,
      "module",
    );
    expect(out).toBe("OPTIONS 7 x");
  });
});
