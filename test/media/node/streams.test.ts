import { filter, firstValueFrom, take, timeout, toArray } from "rxjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { AudioLevels, MediaConnectionState, MuteState, SessionDescriptionHandlerFactory } from "../../../src/index.js";
import { NodeSessionDescriptionHandler, nodeMediaFactory, toneSource } from "../../../src/node.js";
import { sleep, twoAgents } from "./twoAgents.js";

/** An 8000-amplitude sine's RMS over full scale: 8000 / √2 / 32767. */
const TONE_LEVEL = 8000 / Math.SQRT2 / 32767;

/** The factory, recording each handler it makes (to watch its streams from the very start). */
function recording(factory: SessionDescriptionHandlerFactory, made: NodeSessionDescriptionHandler[]): SessionDescriptionHandlerFactory {
  return (session, options) => {
    const handler = factory(session, options) as NodeSessionDescriptionHandler;
    made.push(handler);
    return handler;
  };
}

/** The next `n` audio level samples of a handler. */
const levels = (media: NodeSessionDescriptionHandler, n = 3): Promise<AudioLevels[]> => firstValueFrom(media.audioLevel$.pipe(take(n), toArray(), timeout(3000)));

/** Resolves when the peer accepted a re-INVITE (hold / unhold). */
const accepted = (fn: (o: { requestDelegate: { onAccept: () => void } }) => Promise<unknown>) =>
  new Promise<void>((resolve, reject) => void fn({ requestDelegate: { onAccept: () => resolve() } }).catch(reject));

/**
 * The Node handler's state streams (the browser handler's names and shapes) in a real call:
 * two rxsip user agents speaking SIP over TCP on 127.0.0.1, media on werift over 127.0.0.1,
 * each playing a tone (amplitude 8000 of 32767).
 */
describe("Node media state streams: connectionState$, audioLevel$, hold$, remoteHold$, mute$", () => {
  let call: Awaited<ReturnType<typeof twoAgents>>;
  let alice: NodeSessionDescriptionHandler;
  let bob: NodeSessionDescriptionHandler;
  const aliceStates: MediaConnectionState[] = [];
  const aliceHold: boolean[] = [];
  const aliceRemoteHold: boolean[] = [];
  const bobHold: boolean[] = [];
  const bobRemoteHold: boolean[] = [];
  const bobMute: MuteState[] = [];

  beforeAll(async () => {
    const made = { alice: [] as NodeSessionDescriptionHandler[], bob: [] as NodeSessionDescriptionHandler[] };
    const options = { loopback: true, statsInterval: 100 };
    const pending = twoAgents(
      {
        alice: recording(nodeMediaFactory({ ...options, source: () => toneSource(440) }), made.alice),
        bob: recording(nodeMediaFactory({ ...options, source: () => toneSource(660) }), made.bob),
      },
      "tcp",
    );
    // alice's handler is made when she invites: watch its connection from its first state
    const watch = setInterval(() => {
      const h = made.alice[0];
      if (h === undefined) return;
      clearInterval(watch);
      h.connectionState$.subscribe((s) => aliceStates.push(s));
    }, 1);
    call = await pending;
    clearInterval(watch);
    alice = call.inviter.sessionDescriptionHandler as NodeSessionDescriptionHandler;
    bob = call.invitation.sessionDescriptionHandler as NodeSessionDescriptionHandler;
    expect([alice, bob]).toEqual([made.alice[0], made.bob[0]]);
    alice.hold$.subscribe((h) => aliceHold.push(h));
    alice.remoteHold$.subscribe((h) => aliceRemoteHold.push(h));
    bob.hold$.subscribe((h) => bobHold.push(h));
    bob.remoteHold$.subscribe((h) => bobRemoteHold.push(h));
    bob.mute$.subscribe((m) => bobMute.push(m));
  }, 15000);

  afterAll(async () => {
    await call?.stop();
  }, 10000);

  it("connectionState$ goes from new to ICE, DTLS and the peer connection connected", async () => {
    const connected = await firstValueFrom(alice.connectionState$.pipe(filter((s) => s.connection === "connected"), timeout(5000)));
    expect(["connected", "completed"]).toContain(connected.ice);
    expect(connected.dtls).toBe("connected");
    expect(aliceStates[0]).toEqual({ ice: "new", dtls: "new", connection: "new" });
    expect(aliceStates.map((s) => s.connection)).toContain("connecting");
    expect(aliceStates.at(-1)).toEqual(connected);
  });

  it("audioLevel$: inbound and outbound are the tone's level (RMS of full scale) while tones play both ways", async () => {
    await sleep(300); // audio flowing
    for (const media of [alice, bob]) {
      for (const l of await levels(media)) {
        expect(l.inbound).toBeGreaterThan(TONE_LEVEL * 0.9);
        expect(l.inbound).toBeLessThan(TONE_LEVEL * 1.1);
        expect(l.outbound).toBeGreaterThan(TONE_LEVEL * 0.99);
        expect(l.outbound).toBeLessThan(TONE_LEVEL * 1.01);
      }
    }
  });

  it("audioLevel$ samples every statsInterval ms (100 here)", async () => {
    const start = performance.now();
    await levels(alice, 5);
    const took = performance.now() - start;
    expect(took).toBeGreaterThan(450);
    expect(took).toBeLessThan(1000);
  });

  it("hold (sendonly): hold$ and remoteHold$ say who holds; the held peer's audio level drops to 0 and comes back on unhold", async () => {
    await accepted((o) => call.inviter.hold(o));
    expect(aliceHold).toEqual([false, true]);
    expect(bobRemoteHold).toEqual([false, true]);
    expect(aliceRemoteHold).toEqual([false]);
    expect(bobHold).toEqual([false]);
    await sleep(200); // packets already in flight
    for (const l of await levels(alice)) expect(l.inbound).toBe(0); // bob is held: sends nothing
    for (const l of await levels(bob)) {
      expect(l.outbound).toBe(0);
      expect(l.inbound).toBeGreaterThan(TONE_LEVEL * 0.9); // alice (sendonly) still plays to bob
    }

    await accepted((o) => call.inviter.unhold(o));
    expect(aliceHold).toEqual([false, true, false]);
    expect(bobRemoteHold).toEqual([false, true, false]);
    await sleep(200);
    for (const l of await levels(alice)) expect(l.inbound).toBeGreaterThan(TONE_LEVEL * 0.9);
  }, 10000);

  it("hold inactive: neither side hears anything; remoteHold$ is true at the held side", async () => {
    await accepted((o) => call.inviter.hold({ ...o, sessionDescriptionHandlerOptions: { holdDirection: "inactive" } }));
    expect(aliceHold.at(-1)).toBe(true);
    expect(bobRemoteHold.at(-1)).toBe(true);
    await sleep(200);
    const [a, b] = await Promise.all([levels(alice), levels(bob)]);
    expect([...a, ...b].map((l) => [l.inbound, l.outbound])).toEqual(Array(6).fill([0, 0]));
    await accepted((o) => call.inviter.unhold(o));
    expect([aliceHold.at(-1), bobRemoteHold.at(-1)]).toEqual([false, false]);
  }, 10000);

  it("mute: mute$ emits the state; the peer hears silence (RTP still flowing) until unmute", async () => {
    bob.mute("audio");
    expect(bobMute).toEqual([
      { audio: false, video: false },
      { audio: true, video: false },
    ]);
    await sleep(200);
    const before = alice.stats.packetsReceived;
    const [a, b] = await Promise.all([levels(alice), levels(bob)]);
    for (const l of a) expect(l.inbound).toBeLessThan(0.001);
    for (const l of b) {
      expect(l.outbound).toBeLessThan(0.001);
      expect(l.inbound).toBeGreaterThan(TONE_LEVEL * 0.9); // alice is not muted
    }
    expect(alice.stats.packetsReceived - before).toBeGreaterThan(10); // silence, not a stop of RTP

    bob.unmute();
    expect(bobMute.at(-1)).toEqual({ audio: false, video: false });
    await sleep(200);
    for (const l of await levels(alice)) expect(l.inbound).toBeGreaterThan(TONE_LEVEL * 0.9);
  }, 10000);

  it("SIP.js enableSenderTracks(false) mutes everything, (true) unmutes", async () => {
    bob.enableSenderTracks(false);
    expect(bobMute.at(-1)).toEqual({ audio: true, video: true });
    await sleep(200);
    for (const l of await levels(alice)) expect(l.inbound).toBeLessThan(0.001);
    bob.enableSenderTracks(true);
    expect(bobMute.at(-1)).toEqual({ audio: false, video: false });
  }, 10000);

  it("the streams complete when the call ends", async () => {
    const ended = (o: { subscribe(x: { complete(): void }): unknown }) => new Promise<string>((resolve) => void o.subscribe({ complete: () => resolve("complete") }));
    const all = Promise.all([alice.audioLevel$, alice.hold$, alice.remoteHold$, alice.mute$, alice.connectionState$].map(ended));
    await call.stop();
    expect(await Promise.race([all, sleep(3000).then(() => "still open")])).toEqual(Array(5).fill("complete"));
  }, 10000);
});

describe("Node media hold$ when a hold offer is not answered", () => {
  it("a hold offer rolled back (its re-INVITE failed) leaves hold$ false and the next offer sendrecv", async () => {
    const a = new NodeSessionDescriptionHandler({ loopback: true });
    const b = new NodeSessionDescriptionHandler({ loopback: true });
    try {
      const held: boolean[] = [];
      a.hold$.subscribe((h) => held.push(h));
      await b.setDescription((await a.getDescription()).body);
      await a.setDescription((await b.getDescription()).body);
      expect((await a.getDescription({ hold: true })).body).toContain("a=sendonly");
      await a.rollbackDescription();
      expect((await a.getDescription()).body).toContain("a=sendrecv");
      expect(held).toEqual([false]);
    } finally {
      a.close();
      b.close();
    }
  }, 10000);
});
