import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { budgets, ceilings, measure, measureRxsip, root } from "../../bench/size/measure.mjs";

/**
 * The browser bundle an app gets (esbuild --bundle --minify --format=esm --platform=browser,
 * rxjs bundled, gzip -9; see bench/size/measure.mjs and ../shared/notes/anchors.md), measured
 * on the built package. Needs `npm run build` first (npm test builds); a missing build fails.
 */
describe("browser bundle size (after the build)", async () => {
  const rx = await measureRxsip();
  const b = budgets;
  const c = ceilings;

  it(`UserAgent + Registerer + Inviter stays within its ceiling`, () => {
    console.log(`size: ${rx.names.join("+")} ${rx.trio.gzip} B min+gzip (target ${b.trio}); without a handler ${rx.withoutHandler.gzip} B (ceiling ${c.trio}); whole ${rx.whole.gzip} B (target ${b.whole}, ceiling ${c.whole})`);
    expect(rx.withoutHandler.gzip).toBeLessThanOrEqual(c.trio);
  });

  it("with the WebRTC handler (once the package exports one), the trio stays within its ceiling plus the handler's allowance", () => {
    expect(rx.trio.gzip).toBeLessThanOrEqual(rx.handler ? c.trio + c.handlerAllowance : c.trio);
  });

  it("everything from rxsip stays within its ceiling", () => {
    expect(rx.whole.gzip).toBeLessThanOrEqual(c.whole);
  });

  it("a browser build of rxsip references no Node-only module (node:*, ws, werift ...)", () => {
    expect(rx.trio.nodeOnly).toEqual([]);
    expect(rx.whole.nodeOnly).toEqual([]);
  });

  it("webrtc-adapter is paid only by pages that import it: not in the npm entry's bundle, inside the prebuilt browser bundle", async () => {
    const fromAdapter = (inputs: Record<string, unknown>) => Object.keys(inputs).filter((p) => p.includes("node_modules/webrtc-adapter/"));
    expect(fromAdapter(rx.trio.inputs)).toEqual([]);
    expect(fromAdapter(rx.whole.inputs)).toEqual([]);
    // the adapter object's `browserDetails` property survives minification
    const prebuilt = readFileSync(join(root, "dist", "browser", "rxsip.min.js"), "utf8");
    expect(prebuilt).toContain("browserDetails");
  });

  it("the Node-only check notices a stray Node import", async () => {
    const m = (await measure(`import { readFileSync } from "node:fs"; import WebSocket from "ws"; export const f = () => [readFileSync, WebSocket];`, root));
    expect(m.nodeOnly.sort()).toEqual(["node:fs", "ws"]);
  });
});
