import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 20000,
    hookTimeout: 30000,
    pool: "forks",
    typecheck: { enabled: true, include: ["test/**/*.test-d.ts"] },
  },
});
