/**
 * ICE gathering (RFC 8445 §5.1.1) before the description goes out, in virtual time: the
 * description waits for gathering to complete, for at most `iceGatheringTimeout` on the
 * scheduler, or up to the first usable server-reflexive/relay candidate when asked.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeRTCPeerConnection, candidate } from "./fakes.js";
import { flush, handler, installFakes } from "./helpers.js";
import { isUsableServerCandidate } from "../../../src/media/web/index.js";

beforeEach(() => {
  installFakes();
  FakeRTCPeerConnection.autoGather = false;
});
afterEach(() => vi.unstubAllGlobals());

/** Starts getDescription() and reports when it resolved (virtual ms) and with what. */
function start(h: ReturnType<typeof handler>, options = {}) {
  const out: { at?: number; body?: string } = {};
  const p = h.sdh.getDescription(options).then((d) => {
    out.at = h.clock.now();
    out.body = d.body;
  });
  return { out, p };
}

describe("ICE gathering before the offer", () => {
  it("waits for the timeout (default 5 s) when gathering never completes, then sends the candidates it has", async () => {
    const h = handler();
    const { out } = start(h);
    await flush();
    h.pc.emitCandidate(candidate("host"));
    await h.clock.advance(4999);
    expect(out.at).toBeUndefined();
    await h.clock.advance(1);
    expect(out.at).toBe(5000);
    expect(out.body).toMatch(/a=candidate:\S+ 1 udp \d+ 127\.0\.0\.1 \d+ typ host/);
  });

  it("takes a configured timeout", async () => {
    const h = handler({ iceGatheringTimeout: 1500 });
    const { out } = start(h);
    await flush();
    await h.clock.advance(1499);
    expect(out.at).toBeUndefined();
    await h.clock.advance(1);
    expect(out.at).toBe(1500);
  });

  it("goes as soon as gathering completes, and leaves no timer behind", async () => {
    const h = handler();
    const { out } = start(h);
    await flush();
    await h.clock.advance(300);
    h.pc.emitCandidate(candidate("host"));
    h.pc.completeGathering();
    await flush();
    await h.clock.advance(0);
    expect(out.at).toBe(300);
    expect(h.clock.pending).toBe(0);
  });

  it("with iceStopOnServerCandidate, goes at the first srflx candidate; a host candidate is not enough", async () => {
    const h = handler({ iceStopOnServerCandidate: true });
    const { out } = start(h);
    await flush();
    await h.clock.advance(10);
    h.pc.emitCandidate(candidate("host"));
    await h.clock.advance(40);
    expect(out.at).toBeUndefined();
    h.pc.emitCandidate(candidate("srflx"));
    await flush();
    await h.clock.advance(0);
    expect(out.at).toBe(50);
    expect(out.body).toMatch(/typ srflx/);
  });

  it("without the option, a srflx candidate does not end the wait", async () => {
    const h = handler();
    const { out } = start(h);
    await flush();
    h.pc.emitCandidate(candidate("srflx"));
    await h.clock.advance(4000);
    expect(out.at).toBeUndefined();
    await h.clock.advance(1000);
    expect(out.at).toBe(5000);
  });

  it("a relay candidate counts too; one without an address does not", async () => {
    const h = handler({ iceStopOnServerCandidate: true });
    const { out } = start(h);
    await flush();
    h.pc.emitCandidate(candidate("relay", "0.0.0.0"));
    await h.clock.advance(100);
    expect(out.at).toBeUndefined();
    h.pc.emitCandidate(candidate("relay"));
    await flush();
    await h.clock.advance(0);
    expect(out.at).toBe(100);
  });

  it("a re-offer without ICE restart does not wait again; with iceRestart it makes new credentials and waits", async () => {
    const h = handler({ iceGatheringTimeout: 2000 });
    const first = start(h);
    await flush();
    h.pc.completeGathering();
    await first.p;
    // answer it so the next offer is a re-offer
    await h.sdh.setDescription(first.out.body!.replace("a=setup:actpass", "a=setup:active"));
    const again = start(h);
    await again.p;
    expect(again.out.at).toBe(first.out.at);
    await h.sdh.setDescription(again.out.body!.replace("a=setup:actpass", "a=setup:active"));

    const restart = start(h, { iceRestart: true });
    await flush();
    expect(h.pc.offerOptions.at(-1)).toMatchObject({ iceRestart: true });
    expect(/a=ice-ufrag:(\S+)/.exec(h.pc.localDescription!.sdp)![1]).not.toBe(/a=ice-ufrag:(\S+)/.exec(first.out.body!)![1]);
    await h.clock.advance(1999);
    expect(restart.out.at).toBeUndefined();
    await h.clock.advance(1);
    expect(restart.out.at).toBe(first.out.at! + 2000);
  });

  it("close() while waiting ends the wait: no timer is left", async () => {
    const h = handler();
    const { p } = start(h);
    await flush();
    h.sdh.close();
    await p.catch(() => undefined);
    await flush();
    expect(h.clock.pending).toBe(0);
  });
});

describe("isUsableServerCandidate", () => {
  const raw = (candidate: string) => ({ candidate }) as RTCIceCandidate;

  it("reads the type and address from the candidate line when the browser gives no fields", () => {
    expect(isUsableServerCandidate(raw("candidate:1 1 udp 1686052607 203.0.113.7 40000 typ srflx raddr 10.0.0.2 rport 50000"))).toBe(true);
    expect(isUsableServerCandidate(raw("candidate:2 1 udp 41885439 198.51.100.9 3478 typ relay raddr 203.0.113.7 rport 40000"))).toBe(true);
    expect(isUsableServerCandidate(raw("candidate:3 1 udp 2122260223 10.0.0.2 50000 typ host"))).toBe(false);
    expect(isUsableServerCandidate(raw("candidate:4 1 udp 41885439 0.0.0.0 9 typ relay"))).toBe(false);
    expect(isUsableServerCandidate(raw(""))).toBe(false);
    expect(isUsableServerCandidate(null)).toBe(false);
  });

  it("prefers the browser's type and address fields to the line", () => {
    const c = { candidate: "candidate:1 1 udp 1 10.0.0.2 50000 typ host", type: "srflx", address: "203.0.113.7" } as RTCIceCandidate;
    expect(isUsableServerCandidate(c)).toBe(true);
    expect(isUsableServerCandidate({ ...c, address: "" } as RTCIceCandidate)).toBe(false);
  });
});
