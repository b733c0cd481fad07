/**
 * Offer/answer on fake peer connections: re-offers, hold by direction (RFC 3264 §8.4), the
 * peer's hold, rollback (RFC 3261 §14.1 after a 491), glare (the peer's offer crossing ours),
 * early media and a later answer from another fork, video added and removed.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { firstValueFrom } from "rxjs";
import { MediaError } from "../../../src/media/web/index.js";
import { sections } from "./fakes.js";
import { connectedPair, flush, handler, installFakes, renegotiate } from "./helpers.js";

beforeEach(installFakes);
afterEach(() => vi.unstubAllGlobals());

const directions = (sdp: string) => sections(sdp).map((s) => `${s.kind}:${s.direction}`);

describe("offer and answer", () => {
  it("an offer with our microphone, answered: both sides send and receive, each has the other's track", async () => {
    const { a, b } = await connectedPair();
    expect(a.pc.signalingState).toBe("stable");
    expect(directions(a.pc.localDescription!.sdp)).toEqual(["audio:sendrecv"]);
    expect(directions(b.pc.localDescription!.sdp)).toEqual(["audio:sendrecv"]);
    expect(a.sdh.localMediaStream.getAudioTracks()).toHaveLength(1);
    expect(a.sdh.remoteMediaStream.getAudioTracks()).toHaveLength(1);
    expect(b.sdh.remoteMediaStream.getAudioTracks()).toHaveLength(1);
    expect(a.media.calls).toEqual([{ audio: true, video: false }]);
  });

  it("re-offers both ways reuse the media (no new getUserMedia)", async () => {
    const { a, b } = await connectedPair();
    await renegotiate(a.sdh, b.sdh);
    await renegotiate(b.sdh, a.sdh);
    expect(a.media.calls).toHaveLength(1);
    expect(b.media.calls).toHaveLength(1);
    expect([a.pc.signalingState, b.pc.signalingState]).toEqual(["stable", "stable"]);
  });

  it("says it takes application/sdp only", () => {
    const { sdh } = handler();
    expect(sdh.hasDescription("application/sdp")).toBe(true);
    expect(sdh.hasDescription("Application/SDP; charset=utf-8")).toBe(true);
    expect(sdh.hasDescription("text/plain")).toBe(false);
  });

  it("an answer without any offer of ours is a MediaError, not a crash", async () => {
    const { a, b } = await connectedPair();
    const c = handler();
    await expect(c.sdh.setDescription(b.pc.localDescription!.sdp)).rejects.toBeInstanceOf(MediaError);
    void a;
  });

  it("a closed handler refuses work with a MediaError and completes its streams", async () => {
    const { a } = await connectedPair();
    const done = firstValueFrom(a.sdh.hold$, { defaultValue: "completed" });
    a.sdh.close();
    a.sdh.close();
    await expect(a.sdh.getDescription()).rejects.toBeInstanceOf(MediaError);
    expect(a.pc.signalingState).toBe("closed");
    expect(a.sdh.localMediaStream.getTracks().every((t) => t.readyState === "ended")).toBe(true);
    expect(await done).toBe(false);
  });
});

describe("hold by transceiver direction", () => {
  it("hold: sendrecv becomes sendonly, the peer answers recvonly and sees it is held; unhold restores sendrecv", async () => {
    const { a, b } = await connectedPair();
    const holds: boolean[] = [];
    const peerHolds: boolean[] = [];
    a.sdh.hold$.subscribe((h) => holds.push(h));
    b.sdh.remoteHold$.subscribe((h) => peerHolds.push(h));

    const held = await renegotiate(a.sdh, b.sdh, { hold: true });
    expect(directions(held.offer)).toEqual(["audio:sendonly"]);
    expect(directions(held.answer)).toEqual(["audio:recvonly"]);
    expect(b.pc.transceivers[0]!.currentDirection).toBe("recvonly");

    const resumed = await renegotiate(a.sdh, b.sdh, { hold: false });
    expect(directions(resumed.offer)).toEqual(["audio:sendrecv"]);
    expect(directions(resumed.answer)).toEqual(["audio:sendrecv"]);
    expect(holds).toEqual([false, true, false]);
    expect(peerHolds).toEqual([false, true, false]);
  });

  it("a receive-only transceiver becomes inactive on hold", async () => {
    const { a, b } = await connectedPair();
    a.pc.addTransceiver("video", { direction: "recvonly" });
    await renegotiate(a.sdh, b.sdh);
    const held = await renegotiate(a.sdh, b.sdh, { hold: true });
    expect(directions(held.offer)).toEqual(["audio:sendonly", "video:inactive"]);
  });

  it("a re-offer from the peer while we hold is answered still held", async () => {
    const { a, b } = await connectedPair();
    await renegotiate(a.sdh, b.sdh, { hold: true });
    const refresh = await renegotiate(b.sdh, a.sdh);
    expect(directions(refresh.answer)).toEqual(["audio:sendonly"]);
  });
});

describe("rollback and glare", () => {
  it("rollbackDescription() after our hold offer was refused (491): stable again, not held, next offer sendrecv", async () => {
    const { a } = await connectedPair();
    const offer = await a.sdh.getDescription({ hold: true });
    expect(directions(offer.body)).toEqual(["audio:sendonly"]);
    expect(a.pc.signalingState).toBe("have-local-offer");
    await a.sdh.rollbackDescription();
    expect(a.pc.signalingState).toBe("stable");
    expect(await firstValueFrom(a.sdh.hold$)).toBe(false);
    // the transceiver wants what was negotiated again (no change pending)
    expect(a.pc.transceivers.map((t) => t.direction)).toEqual(["sendrecv"]);
    const next = await a.sdh.getDescription();
    expect(directions(next.body)).toEqual(["audio:sendrecv"]);
  });

  it("rollback of the peer's offer leaves no transceiver it made", async () => {
    const { a, b } = await connectedPair();
    b.pc.addTransceiver("video", { direction: "sendrecv" });
    const offer = await b.sdh.getDescription();
    await a.sdh.setDescription(offer.body);
    expect(a.pc.transceivers).toHaveLength(2);
    await a.sdh.rollbackDescription();
    expect(a.pc.signalingState).toBe("stable");
    expect(a.pc.transceivers).toHaveLength(1);
  });

  it("glare: the peer's offer crosses ours; ours is rolled back, theirs answered, then the answer to our re-sent offer still applies", async () => {
    const { a, b } = await connectedPair();
    // both offer at once; each side's core answers the other's re-INVITE 491 and retries the same offer later
    const aOffer = await a.sdh.getDescription({ hold: true });
    const bOffer = await b.sdh.getDescription();
    // b retries first: its offer reaches a, whose own offer is still pending
    await a.sdh.setDescription(bOffer.body);
    const aAnswer = await a.sdh.getDescription();
    expect(directions(aAnswer.body)).toEqual(["audio:sendonly"]); // a still wants hold
    await b.sdh.setDescription(aAnswer.body);
    // a's retry: the same offer it made before, answered by b
    await b.sdh.setDescription(aOffer.body);
    const bAnswer = await b.sdh.getDescription();
    await a.sdh.setDescription(bAnswer.body);
    expect([a.pc.signalingState, b.pc.signalingState]).toEqual(["stable", "stable"]);
    expect(await firstValueFrom(a.sdh.hold$)).toBe(true);
    expect(await firstValueFrom(b.sdh.remoteHold$)).toBe(true);
  });
});

describe("early media and forking", () => {
  it("the answer of a 183 gives playable remote media at once; a 200 from another fork with its own answer is applied too", async () => {
    const clockless = handler();
    const a = clockless;
    const forkA = handler();
    const forkB = handler();
    const offer = await a.sdh.getDescription();
    const tracks: number[] = [];
    a.sdh.remoteTracks$.subscribe((t) => tracks.push(t.length));

    await forkA.sdh.setDescription(offer.body);
    const early = await forkA.sdh.getDescription();
    await a.sdh.setDescription(early.body);
    expect(a.sdh.remoteMediaStream.getAudioTracks()).toHaveLength(1);
    expect(tracks).toEqual([0, 1]);

    await forkB.sdh.setDescription(offer.body);
    const final = await forkB.sdh.getDescription();
    await a.sdh.setDescription(final.body);
    expect(a.pc.signalingState).toBe("stable");
    expect(a.pc.remoteDescription!.sdp).toBe(final.body);
  });
});

describe("adding and removing video", () => {
  it("new constraints with video on a re-offer add a video section; without video, it is removed (inactive, camera stopped)", async () => {
    const { a, b } = await connectedPair();
    const up = await renegotiate(a.sdh, b.sdh, { constraints: { audio: true, video: true } });
    expect(directions(up.offer)).toEqual(["audio:sendrecv", "video:sendrecv"]);
    expect(directions(up.answer)).toEqual(["audio:sendrecv", "video:recvonly"]);
    const camera = a.sdh.localMediaStream.getVideoTracks()[0]!;
    expect(b.sdh.remoteMediaStream.getVideoTracks()).toHaveLength(1);

    const down = await renegotiate(a.sdh, b.sdh, { constraints: { audio: true, video: false } });
    expect(directions(down.offer)).toEqual(["audio:sendrecv", "video:inactive"]);
    expect(camera.readyState).toBe("ended");
    expect(a.sdh.localMediaStream.getVideoTracks()).toHaveLength(0);
  });
});

describe("data channel", () => {
  it("dataChannel: true opens one with the offer; dataChannel$ and onDataChannel tell of it", async () => {
    const { sdh, pc } = handler();
    const told: string[] = [];
    const offer = await sdh.getDescription({ dataChannel: true, dataChannelLabel: "chat", onDataChannel: (c) => told.push(c.label) });
    expect(offer.body).toMatch(/m=application/);
    expect(pc.channels.map((c) => c.label)).toEqual(["chat"]);
    expect((await firstValueFrom(sdh.dataChannel$))?.label).toBe("chat");
    expect(told).toEqual(["chat"]);
  });

  it("the peer's data channel arrives on dataChannel$", async () => {
    const { sdh, pc } = handler();
    const seen: Array<string | undefined> = [];
    sdh.dataChannel$.subscribe((c) => seen.push(c?.label));
    pc.dispatchEvent(Object.assign(new Event("datachannel"), { channel: { label: "theirs" } }));
    expect(seen).toEqual([undefined, "theirs"]);
    expect(sdh.dataChannel?.label).toBe("theirs");
  });
});

describe("ICE and DTLS state", () => {
  it("connectionState$ replays the state and follows it to connected", async () => {
    const a = handler();
    const b = handler();
    const states: string[] = [];
    a.sdh.connectionState$.subscribe((s) => states.push(`${s.ice}/${s.dtls}/${s.connection}`));
    const offer = await a.sdh.getDescription();
    await b.sdh.setDescription(offer.body);
    await a.sdh.setDescription((await b.sdh.getDescription()).body);
    await flush();
    expect(states[0]).toBe("new/new/new");
    expect(states.at(-1)).toBe("connected/connected/connected");
  });
});

describe("direction at session level (RFC 4566 §6)", () => {
  it("the peer holds us with a session-level a=sendonly: we answer recvonly and remoteHold$ says so", async () => {
    const { a, b } = await connectedPair();
    const offer = await b.sdh.getDescription({ hold: true });
    // as some phones and gateways write it: once at session level, none in the media section (browsers ignore the former)
    const sessionLevel = offer.body.replace(/^a=sendonly\r\n/m, "").replace(/^t=0 0\r\n/m, "t=0 0\r\na=sendonly\r\n");
    await a.sdh.setDescription(sessionLevel);
    const answer = await a.sdh.getDescription();
    expect(directions(answer.body)).toEqual(["audio:recvonly"]);
    expect(await firstValueFrom(a.sdh.remoteHold$)).toBe(true);
  });
});

describe("the peer's hold in a call where we only receive video", () => {
  it("a video phone holds our audio-only side: remoteHold$ is true, and false again when it resumes", async () => {
    const a = handler();
    const b = handler({}, a.clock);
    // b calls with camera and microphone; a answers with its microphone only (it receives b's video)
    const offer = await b.sdh.getDescription({ constraints: { audio: true, video: true } });
    await a.sdh.setDescription(offer.body);
    const answer = await a.sdh.getDescription({ constraints: { audio: true, video: false } });
    await b.sdh.setDescription(answer.body);
    expect(directions(answer.body)).toEqual(["audio:sendrecv", "video:recvonly"]);
    const held: boolean[] = [];
    a.sdh.remoteHold$.subscribe((h) => held.push(h));
    const hold = await renegotiate(b.sdh, a.sdh, { hold: true });
    expect(directions(hold.answer)).toEqual(["audio:recvonly", "video:recvonly"]);
    await renegotiate(b.sdh, a.sdh, { hold: false });
    expect(held).toEqual([false, true, false]);
  });
});
