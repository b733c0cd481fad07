import { MediaStreamTrack, RtpHeader, RtpPacket } from "werift";
import { createCallbackRegister, installPolyfill } from "werift/polyfill";
import { Web } from "sip.js";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { encodeG711, toneSource } from "../../../src/node.js";
import type { SessionDescriptionHandlerFactory } from "../../../src/index.js";
import { twoAgents, waitFor } from "./twoAgents.js";

/**
 * SIP.js 0.21.2's own `Web.defaultSessionDescriptionHandlerFactory()`, unchanged, as the
 * media of two rxsip user agents in Node: werift's polyfill supplies RTCPeerConnection and
 * getUserMedia (a "microphone" that plays a PCMU tone), ICE stays on 127.0.0.1.
 */
describe("SIP.js's Web.defaultSessionDescriptionHandlerFactory() with rxsip (werift polyfill, Node)", () => {
  let uninstall: (() => void) | undefined;
  const timers: ReturnType<typeof setInterval>[] = [];

  beforeAll(() => {
    // a DOM event werift's polyfill does not define; SIP.js dispatches it on its MediaStreams
    const g = globalThis as { MediaStreamTrackEvent?: unknown };
    g.MediaStreamTrackEvent ??= class extends Event {
      readonly track: unknown;
      constructor(type: string, init: { track: unknown }) {
        super(type);
        this.track = init.track;
      }
    };
    uninstall = installPolyfill({
      peerConnectionConfig: { iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: ["127.0.0.1"] },
      mediaRegister: [
        createCallbackRegister({
          mimeType: "audio/PCMU",
          kinds: ["audio"],
          clockRate: 8000,
          channels: 1,
          payloadType: 0,
          createTracks: async () => {
            const track = new MediaStreamTrack({ kind: "audio" });
            const tone = toneSource(440);
            let n = 0;
            timers.push(
              setInterval(() => {
                const payload = Buffer.from(encodeG711(tone.read(160), "PCMU"));
                track.writeRtp(new RtpPacket(new RtpHeader({ payloadType: 0, sequenceNumber: n & 0xffff, timestamp: n * 160 }), payload));
                n++;
              }, 20),
            );
            return [track];
          },
        }),
      ],
    });
  });

  beforeAll(() => {
    // werift's MediaStream is not an EventTarget; SIP.js only dispatches addtrack/removetrack on it
    const proto = (globalThis as unknown as { MediaStream: { prototype: { dispatchEvent?: unknown } } }).MediaStream.prototype;
    proto.dispatchEvent ??= () => true;
  });

  afterAll(() => {
    for (const t of timers) clearInterval(t);
    uninstall?.();
  });

  it("a call between two rxsip user agents connects, and the tone arrives both ways", async () => {
    const factory = Web.defaultSessionDescriptionHandlerFactory() as unknown as SessionDescriptionHandlerFactory;
    const call = await twoAgents({ alice: factory, bob: factory });
    try {
      const alice = call.inviter.sessionDescriptionHandler as unknown as Web.SessionDescriptionHandler;
      const bob = call.invitation.sessionDescriptionHandler as unknown as Web.SessionDescriptionHandler;
      expect(alice).toBeInstanceOf(Web.SessionDescriptionHandler);
      const received = { alice: 0, bob: 0 };
      for (const [name, sdh] of [["alice", alice], ["bob", bob]] as const) {
        await waitFor(`${name}'s remote audio track`, () => sdh.remoteMediaStream.getAudioTracks().length > 0, 5000);
        const track = sdh.remoteMediaStream.getAudioTracks()[0] as unknown as MediaStreamTrack;
        track.onReceiveRtp.subscribe(() => received[name]++);
      }
      await waitFor("25 packets each way", () => received.alice >= 25 && received.bob >= 25, 5000);
      expect(alice.peerConnection!.connectionState).toBe("connected");
    } finally {
      await call.stop();
    }
  }, 15000);
});
