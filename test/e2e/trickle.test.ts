/**
 * Trickle ICE (RFC 8840) in a real browser: two Chromium pages on the built rxsip bundle,
 * through the project's Kamailio, in a private network namespace with only loopback. Both
 * have trickle ICE on; alice's INVITE goes in "full" mode (before any candidate is
 * gathered) and bob answers at once, so neither description carries a candidate: the call
 * can only connect through the candidates the INFOs of the trickle-ice package carried.
 * Asserted: no a=candidate in the INVITE and its 200, INFOs with trickle fragments both
 * ways (as the SIP traces of both pages show them), audio energy arriving both ways.
 * Under CI=true a missing Chromium, Kamailio or unshare FAILS.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inCI, requirePeers } from "../interop/peers/requirePeer.js";
import { parseTrickleFragment } from "../../src/api/trickleFragment.js";
import { sipText as message } from "../sipText.js";
import { browserGaps, root, runInNamespace } from "./namespace.js";

const bundle = join(root, "dist", "browser", "rxsip.iife.min.js");
const gaps = browserGaps();
const peers = requirePeers("kamailio", "kamcmd");
if (gaps !== "" && inCI()) throw new Error(`trickle ICE e2e: missing ${gaps}. CI=true: the browser test must not be skipped.`);
const skip = gaps !== "" || peers.skip;
if (skip) console.warn(`[rxsip e2e] trickle ICE SKIPPED outside CI: missing ${gaps || peers.reason}`);

interface Inbound {
  packetsReceived: number;
  totalAudioEnergy: number;
}

interface Trace {
  wire: Array<{ direction: "in" | "out"; text: string }>;
  trickle: Array<{ direction: "sent" | "received"; candidates: number; endOfCandidates: boolean }>;
}

interface Run {
  results: {
    fatal?: string;
    kamailioLog?: string;
    pageErrors?: string[];
    call: { rxsipWebHandler: boolean };
    established: { alice: boolean; bob: boolean };
    audio: { alice: Inbound; bob: Inbound };
    trace: { alice: Trace; bob: Trace };
  };
  timings: Record<string, number>;
}

describe.skipIf(skip)("browser e2e: trickle ICE between two Chromium pages through Kamailio", () => {
  let run: Run;
  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
    const r = await runInNamespace<Run>("test/e2e/harness/trickleRun.mjs", 90_000);
    run = r.run;
    console.info(`[rxsip e2e] trickle ICE: ${r.wallMs} ms in all; timings ${JSON.stringify(run.timings)}; audio ${JSON.stringify(run.results.audio)}`);
    if (run.results.fatal) console.error(`[rxsip e2e] ${run.results.fatal}\n${run.results.kamailioLog ?? ""}\n${r.stderr.slice(-2000)}`);
  }, 100_000);

  it("ran without a harness failure or page error; the call connected on both pages", () => {
    expect(run.results.fatal).toBeUndefined();
    expect(run.results.pageErrors ?? []).toEqual([]);
    expect(run.results.call.rxsipWebHandler).toBe(true);
    expect(run.results.established).toEqual({ alice: true, bob: true });
  });

  it("the INVITE and its 200 say trickle-ice and carry no candidate", () => {
    const sent = run.results.trace.alice.wire.filter((w) => w.direction === "out").map((w) => message(w.text));
    const invite = sent.find((m) => m.start.startsWith("INVITE "));
    expect(invite).toBeDefined();
    expect(invite!.header("Supported").join(",")).toMatch(/\btrickle-ice\b/);
    expect(invite!.header("Recv-Info")).toEqual(["trickle-ice"]);
    expect(invite!.body).toMatch(/a=ice-options:trickle/);
    expect(invite!.body).not.toMatch(/a=candidate/);
    const ok = run.results.trace.alice.wire
      .filter((w) => w.direction === "in")
      .map((w) => message(w.text))
      .find((m) => m.start.startsWith("SIP/2.0 200") && /INVITE/.test(m.header("CSeq")[0] ?? ""));
    expect(ok).toBeDefined();
    expect(ok!.header("Supported").join(",")).toMatch(/\btrickle-ice\b/);
    expect(ok!.body).not.toMatch(/a=candidate/);
  });

  it("INFOs of the trickle-ice package went both ways with candidates and an end of candidates, each answered 200", () => {
    for (const [from, to] of [
      ["alice", "bob"],
      ["bob", "alice"],
    ] as const) {
      const infos = run.results.trace[from].wire.filter((w) => w.direction === "out" && w.text.startsWith("INFO ")).map((w) => message(w.text));
      expect(infos.length, `${from}'s INFOs`).toBeGreaterThan(0);
      for (const info of infos) {
        expect(info.header("Info-Package")).toEqual(["trickle-ice"]);
        expect(info.header("Content-Type")).toEqual(["application/trickle-ice-sdpfrag"]);
        expect(info.header("Content-Disposition")).toEqual(["Info-Package"]);
      }
      const fragments = infos.map((i) => parseTrickleFragment(i.body));
      expect(fragments.flatMap((f) => f.sections.flatMap((s) => s.candidates)).length, `${from}'s candidates`).toBeGreaterThan(0);
      expect(fragments.some((f) => f.endOfCandidates || f.sections.some((s) => s.endOfCandidates))).toBe(true);
      // the peer took them: its session handed candidates to its peer connection
      const received = run.results.trace[to].trickle.filter((e) => e.direction === "received");
      expect(received.reduce((n, e) => n + e.candidates, 0), `candidates ${to} applied`).toBeGreaterThan(0);
      const answers = run.results.trace[from].wire.filter((w) => w.direction === "in" && /^SIP\/2\.0 \d+/.test(w.text)).map((w) => message(w.text)).filter((m) => /INFO/.test(m.header("CSeq")[0] ?? ""));
      expect(answers.map((a) => a.start.slice(8, 11))).toEqual(infos.map(() => "200"));
    }
  });

  it("audio arrives both ways with energy: the trickled candidates were used", () => {
    for (const side of [run.results.audio.alice, run.results.audio.bob]) {
      expect(side.packetsReceived).toBeGreaterThan(50);
      expect(side.totalAudioEnergy).toBeGreaterThan(0);
    }
  });
});
