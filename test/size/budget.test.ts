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

  describe("opt-in features (issue 11: a page pays for a feature only when it uses it)", () => {
    /** Each opt-in's factory and the modules that hold its code. */
    const OPT_INS = {
      sha2Digest: ["src/core/auth/sha2Digest.ts", "src/core/auth/hashes/sha2.ts"],
      sessionTimers: ["src/core/user-agent-core/sessionTimerSupport.ts", "src/core/dialogs/SessionTimer.ts"],
      sessionRecovery: ["src/api/sessionRecoverySupport.ts"],
      badRequests: ["src/streams/transports/badRequests.ts"],
      optionsPings: ["src/streams/transports/optionsPings.ts"],
      dtmfInfo: ["src/api/dtmfInfoSupport.ts"],
    };
    const factories = Object.keys(OPT_INS);
    const trioEntry = (from: string, extra: string[] = []) => `export { ${[...rx.names, ...extra].join(", ")} } from "${from}";`;

    it("none of their modules is in the trio (built from src/, module by module)", async () => {
      const { inputs } = await measure(trioEntry("./src/index.ts"));
      const modules = Object.keys(inputs);
      expect(modules.some((m) => m.endsWith("src/api/UserAgent.ts"))).toBe(true);
      for (const paths of Object.values(OPT_INS)) for (const path of paths) expect(modules.filter((m) => m.endsWith(path))).toEqual([]);
    });

    it("the built package keeps them out too: importing the factories grows the trio by about what it does from src/", async () => {
      // rollup joins modules into chunks, where a top-level call in an opt-in module (not
      // marked pure) would stay in every bundle; then adding the factories adds little
      const fromSrc = (await measure(trioEntry("./src/index.ts", factories))).min - (await measure(trioEntry("./src/index.ts"))).min;
      const fromDist = (await measure(trioEntry("./dist/esm/index.js", factories))).min - rx.trio.min;
      console.log(`size: the opt-in factories add ${fromSrc} B minified to the trio from src/, ${fromDist} B from dist/`);
      expect(fromSrc).toBeGreaterThan(3000);
      expect(fromDist).toBeGreaterThan(fromSrc * 0.97);
    });
  });

  it("the Node-only check notices a stray Node import", async () => {
    const m = (await measure(`import { readFileSync } from "node:fs"; import WebSocket from "ws"; export const f = () => [readFileSync, WebSocket];`, root));
    expect(m.nodeOnly.sort()).toEqual(["node:fs", "ws"]);
  });
});
