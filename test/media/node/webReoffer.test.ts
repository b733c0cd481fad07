import { MediaStreamTrack } from "werift";
import { createCallbackRegister, installPolyfill } from "werift/polyfill";
import { firstValueFrom } from "rxjs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Web, type Session, type SessionDescriptionHandlerFactory } from "../../../src/index.js";
import { nodeMediaFactory, type NodeSessionDescriptionHandler } from "../../../src/node.js";
import { twoAgents, waitFor } from "./twoAgents.js";

/** The status of the final response to a hold / unhold re-INVITE. */
async function reinvite(session: Session, hold: boolean): Promise<number> {
  const codes: number[] = [];
  const requestDelegate = { onAccept: (r: { message: { statusCode: number } }) => codes.push(r.message.statusCode), onReject: (r: { message: { statusCode: number } }) => codes.push(r.message.statusCode) };
  await (hold ? session.hold({ requestDelegate }) : session.unhold({ requestDelegate }));
  await waitFor("the re-INVITE's final response", () => codes.length > 0, 5000);
  return codes[0]!;
}

/**
 * rxsip's browser handler (WebSessionDescriptionHandler, on werift's RTCPeerConnection
 * polyfill) called by a Node handler (werift). Since RFC 8842 §5.3 an offerer that keeps its
 * DTLS association re-offers with its current role (`a=setup:active` / `passive`), not only
 * `actpass`: werift does, and so may browsers and gateways. Such a re-offer is an offer.
 */
describe("WebSessionDescriptionHandler: the peer re-offers with a=setup:active or passive (RFC 8842)", () => {
  let uninstall: (() => void) | undefined;
  beforeAll(() => {
    uninstall = installPolyfill({
      peerConnectionConfig: { iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: ["127.0.0.1"] },
      mediaRegister: [
        createCallbackRegister({ mimeType: "audio/PCMU", kinds: ["audio"], clockRate: 8000, channels: 1, payloadType: 0, createTracks: async () => [new MediaStreamTrack({ kind: "audio" })] }),
      ],
    });
  });
  afterAll(() => uninstall?.());

  it("the callee holds: the browser answers recvonly and sees it is held; then it can hold and unhold itself", async () => {
    const call = await twoAgents({ alice: Web.defaultSessionDescriptionHandlerFactory() as SessionDescriptionHandlerFactory, bob: nodeMediaFactory({ loopback: true }) });
    try {
      const alice = call.inviter.sessionDescriptionHandler as Web.WebSessionDescriptionHandler;
      const bob = call.invitation.sessionDescriptionHandler as NodeSessionDescriptionHandler;
      expect(await reinvite(call.invitation, true)).toBe(200);
      expect(alice.peerConnection.signalingState).toBe("stable");
      expect(alice.peerConnection.localDescription?.type).toBe("answer");
      expect(alice.peerConnection.localDescription?.sdp).toMatch(/^a=recvonly\r$/m);
      expect(await firstValueFrom(alice.remoteHold$)).toBe(true);
      expect(await firstValueFrom(bob.hold$)).toBe(true);
      // bob takes the call off hold; alice's own hold and unhold still work
      expect(await reinvite(call.invitation, false)).toBe(200);
      expect(await firstValueFrom(alice.remoteHold$)).toBe(false);
      expect(await reinvite(call.inviter, true)).toBe(200);
      expect(await firstValueFrom(bob.remoteHold$)).toBe(true);
      expect(await reinvite(call.inviter, false)).toBe(200);
      expect(await firstValueFrom(bob.remoteHold$)).toBe(false);
    } finally {
      await call.stop();
    }
  }, 20000);
});
