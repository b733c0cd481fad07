import { firstValueFrom, filter, timeout } from "rxjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { DtmfEvent } from "../../../src/index.js";
import { nodeMediaFactory, toneSource, type NodeSessionDescriptionHandler } from "../../../src/node.js";
import { sleep, twoAgents, waitFor } from "./twoAgents.js";

/**
 * A real call between two rxsip user agents in one process: SIP on an in-memory network,
 * media on werift over 127.0.0.1 (ICE, DTLS-SRTP, G.711, RFC 4733, SCTP data channel).
 */
describe("Node media: two rxsip user agents on werift over 127.0.0.1", () => {
  let call: Awaited<ReturnType<typeof twoAgents>>;
  let aliceMedia: NodeSessionDescriptionHandler;
  let bobMedia: NodeSessionDescriptionHandler;
  const bobDigits: DtmfEvent[] = [];
  const aliceDigits: DtmfEvent[] = [];

  beforeAll(async () => {
    call = await twoAgents({
      alice: nodeMediaFactory({ source: () => toneSource(440), loopback: true, dataChannel: "chat" }),
      bob: nodeMediaFactory({ source: () => toneSource(660), loopback: true, codecs: ["PCMA", "PCMU"] }),
    });
    aliceMedia = call.inviter.sessionDescriptionHandler as NodeSessionDescriptionHandler;
    bobMedia = call.invitation.sessionDescriptionHandler as NodeSessionDescriptionHandler;
    call.invitation.dtmf$.subscribe((d) => bobDigits.push(d));
    call.inviter.dtmf$.subscribe((d) => aliceDigits.push(d));
  }, 15000);

  afterAll(async () => {
    await call?.stop();
    expect(aliceMedia.peerConnection).toBeUndefined(); // closed with the session
  }, 10000);

  it("connects, and tone audio flows both ways: packets counted and decoded as non-silent", async () => {
    await waitFor("50 audio packets each way", () => aliceMedia.stats.packetsReceived >= 50 && bobMedia.stats.packetsReceived >= 50, 6000);
    for (const media of [aliceMedia, bobMedia]) {
      const s = media.stats;
      expect(s.nonSilentPacketsReceived).toBeGreaterThanOrEqual(s.packetsReceived - 2);
      expect(s.meanRms).toBeGreaterThan(4000); // an 8000-amplitude sine: RMS ≈ 5657
      expect(s.meanRms).toBeLessThan(7000);
    }
  }, 10000);

  it("DTMF sent as RFC 4733 (auto: telephone-event was negotiated) arrives on the peer's dtmf$, both ways", async () => {
    expect(await call.inviter.dtmf("159#")).toBe(true);
    expect(await call.invitation.dtmf("*7", { transport: "rfc4733", duration: 80 })).toBe(true);
    await waitFor("4 keys at bob, 2 at alice", () => bobDigits.length >= 4 && aliceDigits.length >= 2, 5000);
    expect(bobDigits.map((d) => d.tone).join("")).toBe("159#");
    expect(bobDigits.every((d) => d.via === "rfc4733" && d.duration >= 100 && d.duration <= 140)).toBe(true);
    expect(aliceDigits.map((d) => `${d.tone}/${d.via}`)).toEqual(["*/rfc4733", "7/rfc4733"]);
    expect(bobMedia.stats.eventPacketsReceived).toBeGreaterThanOrEqual(4 * 4);
  }, 10000);

  it("DTMF sent as INFO arrives on the peer's dtmf$", async () => {
    bobDigits.length = 0;
    expect(await call.inviter.dtmf("0A", { transport: "info" })).toBe(true);
    await waitFor("2 keys at bob", () => bobDigits.length >= 2, 3000);
    expect(bobDigits.map((d) => `${d.tone}/${d.via}`)).toEqual(["0/info", "A/info"]);
  }, 10000);

  it("the data channel carries text both ways", async () => {
    await firstValueFrom(aliceMedia.dataChannel$.pipe(filter((c) => c !== undefined), timeout(5000)));
    const atBob = firstValueFrom(bobMedia.messages$.pipe(timeout(3000)));
    expect(aliceMedia.send("hello bob")).toBe(true);
    expect(await atBob).toBe("hello bob");
    const atAlice = firstValueFrom(aliceMedia.messages$.pipe(timeout(3000)));
    expect(bobMedia.send("hello alice")).toBe(true);
    expect(await atAlice).toBe("hello alice");
  }, 10000);

  it("hold stops what the held peer sends (sendonly offer, RFC 3264 §8.4); unhold restores both ways", async () => {
    const accepted = (fn: (d: { requestDelegate: { onAccept: () => void } }) => Promise<unknown>) =>
      new Promise<void>((resolve, reject) => void fn({ requestDelegate: { onAccept: () => resolve() } }).catch(reject));
    await accepted((o) => call.inviter.hold(o));
    expect(call.inviter.isOnHold).toBe(true);
    await sleep(200); // packets already in flight
    const a0 = aliceMedia.stats.packetsReceived;
    const b0 = bobMedia.stats.packetsReceived;
    await sleep(400);
    expect(aliceMedia.stats.packetsReceived - a0).toBe(0); // bob (recvonly now) sends nothing
    expect(bobMedia.stats.packetsReceived - b0).toBeGreaterThan(10); // alice (sendonly) still plays to bob

    await accepted((o) => call.inviter.unhold(o));
    expect(call.inviter.isOnHold).toBe(false);
    const a1 = aliceMedia.stats.packetsReceived;
    const b1 = bobMedia.stats.packetsReceived;
    await sleep(400);
    expect(aliceMedia.stats.packetsReceived - a1).toBeGreaterThan(10);
    expect(bobMedia.stats.packetsReceived - b1).toBeGreaterThan(10);
  }, 10000);

  it("hold with holdDirection inactive stops both ways; unhold restores both", async () => {
    const accepted = (fn: (d: { requestDelegate: { onAccept: () => void } }) => Promise<unknown>) =>
      new Promise<void>((resolve, reject) => void fn({ requestDelegate: { onAccept: () => resolve() } }).catch(reject));
    await accepted((o) => call.inviter.hold({ ...o, sessionDescriptionHandlerOptions: { holdDirection: "inactive" } }));
    await sleep(200);
    const a0 = aliceMedia.stats.packetsReceived;
    const b0 = bobMedia.stats.packetsReceived;
    await sleep(400);
    expect([aliceMedia.stats.packetsReceived - a0, bobMedia.stats.packetsReceived - b0]).toEqual([0, 0]);
    await accepted((o) => call.inviter.unhold(o));
    const a1 = aliceMedia.stats.packetsReceived;
    const b1 = bobMedia.stats.packetsReceived;
    await sleep(400);
    expect(aliceMedia.stats.packetsReceived - a1).toBeGreaterThan(10);
    expect(bobMedia.stats.packetsReceived - b1).toBeGreaterThan(10);
  }, 10000);
});
