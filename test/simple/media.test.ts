import { describe, expect, it } from "vitest";
import { fakeSessionDescriptionHandlerFactory } from "../../src/testing/index.js";
import { office } from "./office.js";

/**
 * What SimpleUser does with a WebRTC-shaped handler (remoteMediaStream, localMediaStream,
 * enableSenderTracks, as rxsip's browser handler and SIP.js's have): plays the selected
 * call's streams in the configured elements, and turns the microphone off for mute and hold.
 */
function webLikeMedia() {
  const fake = fakeSessionDescriptionHandlerFactory();
  const sent: boolean[][] = [];
  let n = 0;
  const factory = (session: unknown, options?: object) => {
    const sdh = fake(session, options);
    const calls: boolean[] = [];
    sent.push(calls);
    const id = ++n;
    return Object.assign(sdh, {
      remoteMediaStream: { id: `remote-${id}`, getTracks: () => [] },
      localMediaStream: { id: `local-${id}`, getTracks: () => [] },
      enableSenderTracks: (enable: boolean) => calls.push(enable),
    });
  };
  return { factory, sent };
}

const element = () => {
  const e = { srcObject: null as unknown, plays: 0, play: () => void e.plays++ };
  return e;
};

describe("SimpleUser media with a WebRTC-shaped handler", () => {
  it("plays the answered call in the remote elements, silences the microphone on mute and hold, and lets go at hangup", async () => {
    const { clock, user, settle, end } = await office();
    const media = webLikeMedia();
    const audio = element();
    const video = element();
    const local = element();
    const alice = user("alice", {
      media: { remote: { audio, video }, local: { video: local } },
      userAgentOptions: { sessionDescriptionHandlerFactory: media.factory },
    });
    const bob = user("bob");
    await Promise.all([alice.connect(), bob.connect()]);
    await Promise.all([alice.register(), bob.register()]);
    await clock.advance(100);
    bob.callReceived$.subscribe((c) => void c.answer());
    await alice.call("sip:bob@example.test");
    await clock.advance(200);
    expect(audio.srcObject).toMatchObject({ id: "remote-1" });
    expect(video.srcObject).toMatchObject({ id: "remote-1" });
    expect(local.srcObject).toMatchObject({ id: "local-1" });
    expect(audio.plays).toBe(1);

    alice.mute();
    await settle(alice.hold());
    alice.unmute(); // still held: the microphone stays off
    await settle(alice.unhold());
    expect(media.sent[0]).toEqual([false, false, false, true]);

    await settle(alice.hangup());
    expect(audio.srcObject).toBeNull();
    expect(local.srcObject).toBeNull();
    await end();
  });
});
