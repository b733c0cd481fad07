import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

export default defineConfig({
  // the examples import "rxsip" as users do; in tests that is this checkout's source
  resolve: {
    alias: [
      { find: /^rxsip\/core$/, replacement: src("core/index.ts") },
      { find: /^rxsip\/node$/, replacement: src("node.ts") },
      { find: /^rxsip\/testing$/, replacement: src("testing/index.ts") },
      { find: /^rxsip$/, replacement: src("index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20000,
    hookTimeout: 30000,
    pool: "forks",
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
