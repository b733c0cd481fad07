// Builds the four entry points (rxsip, rxsip/core, rxsip/node, rxsip/testing) as ESM and
// CJS. Type declarations are emitted by `tsc -p tsconfig.build.json` (see package.json).
import typescript from "@rollup/plugin-typescript";
import { privateNames } from "./scripts/privateNames.mjs";
import commonjs from "@rollup/plugin-commonjs";
import resolve from "@rollup/plugin-node-resolve";
import terser from "@rollup/plugin-terser";

const input = {
  index: "src/index.ts",
  core: "src/core/index.ts",
  node: "src/node.ts",
  testing: "src/testing/index.ts",
};

const external = (id) =>
  id === "rxjs" || id.startsWith("rxjs/") || id === "ws" || id === "webrtc-adapter" || id === "werift" || id.startsWith("werift/") || id.startsWith("node:");

const library = {
  input,
  external,
  plugins: [
    typescript({
      tsconfig: "./tsconfig.json",
      include: ["src/**/*.ts"],
      compilerOptions: { noEmit: false, declaration: false, sourceMap: true, allowJs: false },
      transformers: privateNames, // `private` members become `#name`: minifiers may shorten those
      noEmitOnError: false, // type errors fail `npm test` through `tsc --noEmit`; the bundle is not the place
    }),
  ],
  output: [
    { dir: "dist/esm", format: "es", entryFileNames: "[name].js", chunkFileNames: "chunks/[name]-[hash].js", sourcemap: true },
    { dir: "dist/cjs", format: "cjs", entryFileNames: "[name].cjs", chunkFileNames: "chunks/[name]-[hash].cjs", sourcemap: true, exports: "named" },
  ],
  treeshake: { moduleSideEffects: false },
};

// The browser bundles (package.json `unpkg` / `jsdelivr`): everything in `rxsip` with rxjs and
// webrtc-adapter inside (src/browser.ts; the npm entry leaves the adapter to the app),
// minified — an ES module (dist/browser/rxsip.min.js) and a classic script defining the
// global `RxSip` (dist/browser/rxsip.iife.min.js). `ws` stays outside: the WebSocket
// transport imports it only in Node.
const browser = {
  input: "src/browser.ts",
  external: (id) => id === "ws",
  plugins: [
    typescript({
      tsconfig: "./tsconfig.json",
      include: ["src/**/*.ts"],
      compilerOptions: { noEmit: false, declaration: false, sourceMap: true, allowJs: false },
      transformers: privateNames, // `private` members become `#name`: minifiers may shorten those
      noEmitOnError: false,
    }),
    // rxjs's ES2015 build (its "es2015" export condition) is smaller than the ES5 default: no tslib
    resolve({ browser: true, exportConditions: ["es2015"] }),
    commonjs(),
  ],
  output: [
    { file: "dist/browser/rxsip.min.js", format: "es", sourcemap: true, inlineDynamicImports: true, plugins: [terser()] },
    { file: "dist/browser/rxsip.iife.min.js", format: "iife", name: "RxSip", sourcemap: true, inlineDynamicImports: true, plugins: [terser()] },
  ],
  // webrtc-adapter shims the page's WebRTC objects when it is evaluated: keep its module code
  treeshake: { moduleSideEffects: (id) => /webrtc-adapter|[\\/]sdp[\\/]/.test(id) },
};

export default [library, browser];
