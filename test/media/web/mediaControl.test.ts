/**
 * Media control during a call on fake peer connections: mute per kind, switching devices
 * with replaceTrack (no renegotiation), DTMF through RTCDTMFSender (RFC 4733), audio levels
 * sampled from getStats on the scheduler.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { FakeMediaStreamTrack, FakeRTCPeerConnection } from "./fakes.js";
import { connectedPair, flush, handler, installFakes } from "./helpers.js";

beforeEach(installFakes);
afterEach(() => vi.unstubAllGlobals());

describe("mute", () => {
  it("mutes audio only, video only, then both; mute$ says so; nothing is renegotiated", async () => {
    const { a } = await connectedPair({ video: true });
    const offers = a.pc.offerOptions.length;
    const states: string[] = [];
    a.sdh.mute$.subscribe((m) => states.push(`${m.audio}/${m.video}`));
    const [mic] = a.sdh.localMediaStream.getAudioTracks();
    const [cam] = a.sdh.localMediaStream.getVideoTracks();

    a.sdh.mute("audio");
    expect([mic!.enabled, cam!.enabled]).toEqual([false, true]);
    a.sdh.unmute("audio");
    a.sdh.mute("video");
    expect([mic!.enabled, cam!.enabled]).toEqual([true, false]);
    a.sdh.mute();
    expect([mic!.enabled, cam!.enabled]).toEqual([false, false]);
    a.sdh.unmute();
    expect(states).toEqual(["false/false", "true/false", "false/false", "false/true", "true/true", "false/false"]);
    expect(a.pc.offerOptions.length).toBe(offers);
    expect(a.pc.signalingState).toBe("stable");
  });

  it("a track that replaces a muted one is muted too", async () => {
    const { a } = await connectedPair();
    a.sdh.mute("audio");
    const other = new FakeMediaStreamTrack("audio", "headset");
    await a.sdh.replaceTrack(other as unknown as MediaStreamTrack);
    expect(other.enabled).toBe(false);
  });
});

describe("switching microphone or camera", () => {
  it("replaceTrack sends the new microphone on the same sender: no offer, old track stopped, local stream updated", async () => {
    const { a } = await connectedPair({ video: true });
    const offers = a.pc.offerOptions.length;
    const [oldMic] = a.sdh.localMediaStream.getAudioTracks();
    const sender = a.pc.transceivers.find((t) => t.kind === "audio")!.sender;
    const headset = new FakeMediaStreamTrack("audio", "headset");
    const emitted: string[][] = [];
    a.sdh.localStream$.subscribe((s) => emitted.push(s.getTracks().map((t) => t.label)));

    const renegotiate = await a.sdh.replaceTrack(headset as unknown as MediaStreamTrack);
    expect(renegotiate).toBe(false);
    expect(sender.track).toBe(headset);
    expect(oldMic!.readyState).toBe("ended");
    expect(a.sdh.localMediaStream.getAudioTracks()).toEqual([headset]);
    expect(emitted.at(-1)).toEqual(["camera", "headset"]);
    expect(a.pc.offerOptions.length).toBe(offers);
    expect(a.pc.signalingState).toBe("stable");

    const camera2 = new FakeMediaStreamTrack("video", "camera 2");
    expect(await a.sdh.replaceTrack(camera2 as unknown as MediaStreamTrack)).toBe(false);
    expect(a.pc.transceivers.find((t) => t.kind === "video")!.sender.track).toBe(camera2);
  });

  it("a camera in an audio-only call needs a re-offer, and says so", async () => {
    const { a } = await connectedPair();
    const camera = new FakeMediaStreamTrack("video", "camera");
    expect(await a.sdh.replaceTrack(camera as unknown as MediaStreamTrack)).toBe(true);
    const offer = await a.sdh.getDescription();
    expect(offer.body).toMatch(/m=video[\s\S]*a=sendrecv/);
  });
});

describe("DTMF", () => {
  it("goes to the audio sender's RTCDTMFSender with the duration and gap asked for", async () => {
    const { a } = await connectedPair();
    expect(a.sdh.sendDtmf("159#", { duration: 120, interToneGap: 80 })).toBe(true);
    expect(a.sdh.sendDtmf("2")).toBe(true);
    const dtmf = a.pc.transceivers[0]!.sender.dtmf!;
    expect(dtmf.sent).toEqual([
      { tones: "159#", duration: 120, gap: 80 },
      { tones: "2", duration: 100, gap: 70 },
    ]);
  });

  it("is refused (false) without an audio sender, or when the sender cannot insert DTMF", async () => {
    const { sdh } = handler();
    expect(sdh.sendDtmf("1")).toBe(false);
    const { a } = await connectedPair();
    a.pc.transceivers[0]!.sender.dtmf!.canInsertDTMF = false;
    expect(a.sdh.sendDtmf("1")).toBe(false);
  });
});

describe("audio levels", () => {
  it("samples getStats every statsInterval ms on the scheduler while subscribed, and stops after", async () => {
    const h = handler({ statsInterval: 500 });
    h.pc.stats = new Map<string, object>([
      ["in", { type: "inbound-rtp", kind: "audio", audioLevel: 0.25 }],
      ["src", { type: "media-source", kind: "audio", audioLevel: 0.5 }],
      ["v", { type: "inbound-rtp", kind: "video" }],
    ]);
    const levels: string[] = [];
    const sub = h.sdh.audioLevel$.subscribe((l) => levels.push(`${h.clock.now()}:${l.inbound}/${l.outbound}`));
    await h.clock.advance(499);
    expect(levels).toEqual([]);
    await h.clock.advance(1);
    await flush();
    h.pc.stats.set("in", { type: "inbound-rtp", kind: "audio", audioLevel: 0 });
    await h.clock.advance(500);
    await flush();
    expect(levels).toEqual(["500:0.25/0.5", "1000:0/0.5"]);
    sub.unsubscribe();
    expect(h.clock.pending).toBe(0);
  });

  it("gives every subscriber the levels, completes them on close() and samples nothing after", async () => {
    const h = handler({ statsInterval: 100 });
    h.pc.stats = new Map<string, object>([["in", { type: "inbound-rtp", kind: "audio", audioLevel: 0.5 }]]);
    const first: Array<number | undefined> = [];
    const second: Array<number | undefined> = [];
    let completed = 0;
    h.sdh.audioLevel$.subscribe({ next: (l) => first.push(l.inbound), complete: () => completed++ });
    h.sdh.audioLevel$.subscribe({ next: (l) => second.push(l.inbound), complete: () => completed++ });
    await h.clock.advance(100);
    await flush();
    expect([first, second]).toEqual([[0.5], [0.5]]);
    h.sdh.close();
    expect(completed).toBe(2);
    expect(h.clock.pending).toBe(0);
    h.sdh.audioLevel$.subscribe({ complete: () => completed++ });
    expect(completed).toBe(3);
    expect(h.clock.pending).toBe(0);
  });
});

describe("the peer's tracks", () => {
  it("remoteStream$ loses a track the peer ended", async () => {
    const { a } = await connectedPair();
    const counts: number[] = [];
    a.sdh.remoteTracks$.subscribe((t) => counts.push(t.length));
    (a.pc.transceivers[0]!.receiver.track as FakeMediaStreamTrack).end();
    expect(counts).toEqual([1, 0]);
  });
});

void FakeRTCPeerConnection;
