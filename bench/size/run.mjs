// `npm run bench:size`: rxsip's browser bundle figures beside SIP.js's and JsSIP's, built
// the same way (see measure.mjs), then where rxsip's bytes go.
import { analyse, budgets, measureAnchors, measureLayers, measureRxsip } from "./measure.mjs";

const kb = (n) => (n / 1000).toFixed(1) + " KB";
const line = (name, m, budget) =>
  `${name.padEnd(42)} ${kb(m.min).padStart(9)} min ${kb(m.gzip).padStart(8)} min+gzip` +
  (budget ? `   budget ${kb(budget)} ${m.gzip <= budget ? "ok" : "EXCEEDED"}` : "");

const rx = await measureRxsip();
const anchors = await measureAnchors();
console.log("esbuild --bundle --minify --format=esm --platform=browser, gzip -9, rxjs bundled\n");
console.log(line(`rxsip trio (${rx.names.join(", ")})`, rx.trio, budgets.trio));
if (rx.handler) console.log(line("rxsip trio without the WebRTC handler", rx.withoutHandler));
console.log(line("rxsip whole (export * from \"rxsip\")", rx.whole, budgets.whole));
for (const [name, m] of Object.entries(anchors)) console.log(line(name, m));
if (Object.keys(anchors).length === 0) console.log("(run `node bench/setup.mjs` to install sip.js and jssip for comparison)");
const stray = [...rx.trio.nodeOnly, ...rx.whole.nodeOnly];
console.log(stray.length ? `\nNode-only modules in the browser build: ${stray.join(", ")}` : "\nNode-only modules in the browser build: none");

console.log("\nThe trio layer by layer, built from src/ (each row a whole bundle, and what it adds):");
for (const r of await measureLayers()) console.log(`  ${r.name.padEnd(62)} ${kb(r.gzip).padStart(8)}  ${("+" + kb(r.adds)).padStart(9)}`);

for (const [title, entry] of [
  ["trio", `export { ${rx.names.join(", ")} } from "./src/index.ts";`],
  ["whole", `export * from "./src/index.ts";`],
]) {
  const a = await analyse(entry);
  console.log(`\nWhere the bytes go, ${title} built from src/ (${kb(a.min)} minified, before gzip):`);
  for (const [g, bytes] of a.groups) console.log(`  ${g.padEnd(36)} ${kb(bytes).padStart(9)}  ${((100 * bytes) / a.min).toFixed(1).padStart(5)}%`);
  console.log("  largest modules:");
  for (const r of a.rows.slice(0, process.argv.includes("--all") ? Infinity : 15)) console.log(`    ${r.path.padEnd(60)} ${kb(r.bytes).padStart(9)}`);
}
