// Builds the four entry points (rxsip, rxsip/core, rxsip/node, rxsip/testing) as ESM and
// CJS. Type declarations are emitted by `tsc -p tsconfig.build.json` (see package.json).
import typescript from "@rollup/plugin-typescript";

const input = {
  index: "src/index.ts",
  core: "src/core/index.ts",
  node: "src/node.ts",
  testing: "src/testing/index.ts",
};

const external = (id) =>
  id === "rxjs" || id.startsWith("rxjs/") || id === "ws" || id === "webrtc-adapter" || id === "werift" || id.startsWith("werift/") || id.startsWith("node:");

export default {
  input,
  external,
  plugins: [
    typescript({
      tsconfig: "./tsconfig.json",
      include: ["src/**/*.ts"],
      compilerOptions: { noEmit: false, declaration: false, sourceMap: true, allowJs: false },
      noEmitOnError: false, // type errors fail `npm test` through `tsc --noEmit`; the bundle is not the place
    }),
  ],
  output: [
    { dir: "dist/esm", format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js", sourcemap: true },
    { dir: "dist/cjs", format: "cjs", entryFileNames: "[name].cjs", chunkFileNames: "chunks/[name]-[hash].cjs", sourcemap: true, exports: "named" },
  ],
  treeshake: { moduleSideEffects: false },
};
