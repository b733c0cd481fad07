// `node bench/size/quick.mjs`: the trio's and the whole package's min+gzip sizes built straight
// from src/ (no `npm run build` needed), for quick before/after checks while cutting bytes.
// The figures CI budgets are bench/size/run.mjs's, measured on the built package; the two agree
// to within a few hundred bytes. `--rxjs-external` leaves rxjs out, to see rxsip's own share.
import { build } from "esbuild";
import { gzipSync } from "node:zlib";
import { browserBuild, root } from "./measure.mjs";

const entries = {
  trio: `export { UserAgent, Registerer, Inviter, WebSessionDescriptionHandler } from "./src/index.ts";`,
  whole: `export * from "./src/index.ts";`,
};
const external = process.argv.includes("--rxjs-external") ? ["rxjs"] : [];
for (const [name, contents] of Object.entries(entries)) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts" },
    ...browserBuild,
    external,
  });
  const code = result.outputFiles[0].contents;
  console.log(`${name.padEnd(6)} ${(code.length / 1000).toFixed(1).padStart(7)} KB min ${(gzipSync(code, { level: 9 }).length / 1000).toFixed(2).padStart(7)} KB min+gzip`);
}
