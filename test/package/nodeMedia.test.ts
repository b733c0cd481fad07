import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The built `rxsip/node` makes Node media through both module systems: werift (an optional
 * peer dependency) is loaded by a dynamic import when the first offer is made. Needs
 * `npm run build` first (npm test builds).
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const offer = (load: string) =>
  `${load}
const sdh = nodeMediaFactory({ loopback: true })({}, {});
sdh.getDescription().then((d) => { console.log(JSON.stringify({ type: d.contentType, pcmu: /a=rtpmap:0 PCMU\\/8000/.test(d.body), dtmf: /telephone-event\\/8000/.test(d.body), ip: /a=candidate:.* 127\\.0\\.0\\.1 /.test(d.body) })); sdh.close(); setTimeout(() => process.exit(0), 50); });`;

function run(code: string, type: "module" | "commonjs"): unknown {
  const out = execFileSync(process.execPath, [`--input-type=${type}`, "-e", code], { cwd: root, encoding: "utf8", timeout: 20000 });
  return JSON.parse(out.trim().split("\n").pop()!);
}

describe("rxsip/node media from the built package", () => {
  const expected = { type: "application/sdp", pcmu: true, dtmf: true, ip: true };
  it("import: nodeMediaFactory() makes an offer with PCMU, telephone-event and a 127.0.0.1 candidate", () => {
    expect(run(offer(`const { nodeMediaFactory } = await import("rxsip/node");`), "module")).toEqual(expected);
  }, 30000);
  it("require: the same through CommonJS", () => {
    expect(run(offer(`const { nodeMediaFactory } = require("rxsip/node");`), "commonjs")).toEqual(expected);
  }, 30000);
});
