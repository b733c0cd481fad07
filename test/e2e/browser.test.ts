/**
 * A real browser: Debian's Chromium (headless, fake microphone) driven by playwright-core,
 * in a private network namespace with only loopback, with the project's Kamailio started
 * inside it. Pages on the built rxsip browser bundle (dist/browser/rxsip.iife.min.js) call
 * each other over WebSocket with the default WebRTC handler (no factory given):
 * audio arrives both ways (getStats: inbound packets, energy > 0), hold stops the held
 * side's inbound audio and unhold brings it back, DTMF sent by RTCDTMFSender arrives as
 * RFC 4733 telephone-event packets, a 183's early media is heard before the 200, a data channel added by re-offer carries text, an ICE
 * restart keeps the audio flowing, SIP.js 0.21.2's own Web handler factory works in an
 * rxsip user agent, and a page and a Node rxsip UA with werift media (rxsip/node's
 * nodeMediaFactory, built dist/esm/node.js) call each other both ways on PCMU (issue 9).
 * Under CI=true a missing Chromium, Kamailio or unshare FAILS.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { inCI, requirePeers } from "../interop/peers/requirePeer.js";
import { browserGaps, root, runInNamespace } from "./namespace.js";

const bundle = join(root, "dist", "browser", "rxsip.iife.min.js");

const gaps = browserGaps();
const peers = requirePeers("kamailio", "kamcmd");
if (gaps !== "" && inCI()) throw new Error(`browser e2e: missing ${gaps}. CI=true: the browser test must not be skipped.`);
const skip = gaps !== "" || peers.skip;
if (skip) console.warn(`[rxsip e2e] SKIPPED outside CI: missing ${gaps || peers.reason}`);

interface Inbound {
  packetsReceived: number;
  totalAudioEnergy: number;
}

/** A call between a page and the Node UA: what the page's getStats and the Node handler's counters show. */
interface NodeCall {
  connected: Record<string, boolean>;
  page: { inbound: Inbound; codecs: { inbound?: string; outbound?: string } };
  node: { nodeHandler: boolean; connectionState: string; stats: { packetsReceived: number; nonSilentPacketsReceived: number; packetsSent: number }; errors: string[] };
}

interface Run {
  results: {
    fatal?: string;
    kamailioLog?: string;
    pageErrors?: string[];
    defaultFactory: { alice: boolean; bob: boolean };
    call: { rxsipWebHandler: boolean };
    established: { alice: boolean; bob: boolean };
    audio: { alice: Inbound; bob: Inbound };
    hold: { held: boolean; alicePacketsWhileHeld: number; bobPacketsWhileHeld: number; resumed: boolean; alicePacketsAfterUnhold: number };
    dtmf: { ok: boolean; played: string; bob: { rtpPayloadTypes: Record<string, number>; telephoneEvent: number[]; errors: string[] } };
    dataChannel: { status: number; label: string; open: boolean; echoed: boolean; bobGot: string[] };
    iceRestart: { status: number; restarted: boolean; connected: boolean; alicePackets: number; bobPackets: number };
    earlyMedia: { early: { state: string; connected: boolean; inbound: Inbound }; established: boolean };
    sipjs: { call: { handler: string; rxsipWebHandler: boolean }; connected: { carol: boolean; bob: boolean }; audio: { carol: Inbound; bob: Inbound } };
    pageCallsNode: NodeCall & { call: { rxsipWebHandler: boolean } };
    nodeCallsPage: NodeCall & { established: boolean };
  };
  timings: Record<string, number>;
}

describe.skipIf(skip)("browser e2e: Chromium pages through Kamailio (private network namespace)", () => {
  let run: Run;
  beforeAll(async () => {
    if (!existsSync(bundle)) throw new Error(`${bundle} is missing: run \`npm run build\` first`);
    const r = await runInNamespace<Run>("test/e2e/harness/run.mjs", 115_000);
    run = r.run;
    console.info(`[rxsip e2e] ${r.wallMs} ms in all; timings ${JSON.stringify(run.timings)}`);
    for (const k of ["pageCallsNode", "nodeCallsPage"] as const) {
      const c = run.results[k];
      if (c?.page && c.node?.stats) console.info(`[rxsip e2e] ${k}: page ${JSON.stringify(c.page)}; node ${JSON.stringify(c.node.stats)}`);
    }
    if (run.results.fatal) console.error(`[rxsip e2e] ${run.results.fatal}\n${run.results.kamailioLog ?? ""}\n${r.stderr.slice(-2000)}`);
  }, 125_000);

  it("ran every scenario without a harness failure or page error", () => {
    expect(run.results.fatal).toBeUndefined();
    expect(run.results.pageErrors ?? []).toEqual([]);
  });

  it("two pages with the default handler (no factory given) call each other; audio arrives both ways with energy", () => {
    const r = run.results;
    expect(r.defaultFactory).toEqual({ alice: true, bob: true });
    expect(r.call.rxsipWebHandler).toBe(true);
    expect(r.established).toEqual({ alice: true, bob: true });
    for (const side of [r.audio.alice, r.audio.bob]) {
      expect(side.packetsReceived).toBeGreaterThan(50); // 2.5 s of 20 ms Opus frames is ~125
      expect(side.totalAudioEnergy).toBeGreaterThan(0);
    }
  });

  it("hold stops the held party's audio to us (inbound packets stop); unhold brings it back", () => {
    const h = run.results.hold;
    expect(h.held).toBe(true);
    expect(h.alicePacketsWhileHeld).toBeLessThanOrEqual(2);
    expect(h.bobPacketsWhileHeld).toBeGreaterThan(10); // sendonly: alice still sends
    expect(h.resumed).toBe(true);
    expect(h.alicePacketsAfterUnhold).toBeGreaterThan(25);
  });

  it("DTMF by RTCDTMFSender: the tones are played and arrive as RFC 4733 telephone-event packets", () => {
    const d = run.results.dtmf;
    expect(d.ok).toBe(true);
    expect(d.played).toBe("159");
    expect(d.bob.telephoneEvent.length).toBeGreaterThan(0);
    const received = d.bob.telephoneEvent.reduce((n, pt) => n + (d.bob.rtpPayloadTypes[String(pt)] ?? 0), 0);
    expect(received).toBeGreaterThanOrEqual(3);
    expect(d.bob.errors).toEqual([]);
  });

  it("a data channel opened by re-offer carries text both ways", () => {
    const d = run.results.dataChannel;
    expect(d).toMatchObject({ status: 200, label: "chat", open: true, echoed: true });
    expect(d.bobGot).toEqual(["hello over SCTP"]);
  });

  it("ICE restart by re-offer (iceRestart: true): new ICE credentials, still connected, audio still flows both ways", () => {
    const r = run.results.iceRestart;
    expect(r).toMatchObject({ status: 200, restarted: true, connected: true });
    expect(r.alicePackets).toBeGreaterThan(25);
    expect(r.bobPackets).toBeGreaterThan(10);
  });

  it("early media: the callee's audio of a 183 is heard before the 200, then the call is established", () => {
    const e = run.results.earlyMedia;
    expect(e.early.state).toBe("Establishing");
    expect(e.early.connected).toBe(true);
    expect(e.early.inbound.packetsReceived).toBeGreaterThan(25);
    expect(e.early.inbound.totalAudioEnergy).toBeGreaterThan(0);
    expect(e.established).toBe(true);
  });

  it("SIP.js 0.21.2's own Web.defaultSessionDescriptionHandlerFactory() works in an rxsip user agent", () => {
    const s = run.results.sipjs;
    expect(s.call.handler).toBe("SessionDescriptionHandler");
    expect(s.call.rxsipWebHandler).toBe(false);
    expect(s.connected).toEqual({ carol: true, bob: true });
    for (const side of [s.audio.carol, s.audio.bob]) {
      expect(side.packetsReceived).toBeGreaterThan(50);
      expect(side.totalAudioEnergy).toBeGreaterThan(0);
    }
  });

  /** The checks of a page-Node call, either way: PCMU negotiated (Chromium also offers Opus), sound arriving at each end. */
  function expectPcmuAudioBothWays(c: NodeCall): void {
    expect(Object.values(c.connected).every(Boolean)).toBe(true);
    expect(c.page.codecs).toEqual({ inbound: "audio/PCMU", outbound: "audio/PCMU" });
    expect(c.page.inbound.packetsReceived).toBeGreaterThan(50); // 2 s of 20 ms frames is ~100
    expect(c.page.inbound.totalAudioEnergy).toBeGreaterThan(0); // the Node side's 440 Hz tone
    expect(c.node.nodeHandler).toBe(true);
    expect(c.node.connectionState).toBe("connected");
    expect(c.node.stats.packetsSent).toBeGreaterThan(50);
    expect(c.node.stats.packetsReceived).toBeGreaterThan(50);
    // Chromium's fake microphone beeps once a second: 2 s always hold a beep's frames
    expect(c.node.stats.nonSilentPacketsReceived).toBeGreaterThan(5);
    expect(c.node.errors).toEqual([]);
  }

  it("a page calls a Node rxsip UA with werift media: Node answers, PCMU audio with sound arrives at both ends", () => {
    const c = run.results.pageCallsNode;
    expect(c.call.rxsipWebHandler).toBe(true);
    expectPcmuAudioBothWays(c);
  });

  it("a Node rxsip UA with werift media calls a page: the page answers, PCMU audio with sound arrives at both ends", () => {
    const c = run.results.nodeCallsPage;
    expect(c.established).toBe(true);
    expectPcmuAudioBothWays(c);
  });

  it("stays well under two minutes", () => {
    expect(run.timings.total).toBeLessThan(100_000);
  });
});
