/**
 * Whole calls through the SIP.js-compatible API with the WebRTC handler over fake peer
 * connections, in virtual time: early media from a 183, hold/unhold by re-INVITE, and
 * re-INVITE glare (RFC 3261 §14.1: both hold at once, 491s, retries) ending consistent.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { firstValueFrom } from "rxjs";
import { Inviter, SessionState, Web, type Invitation, type WebSessionDescriptionHandler } from "../../../src/index.js";
import { world } from "../../api/harness.js";
import { FakeRTCPeerConnection, fakeMedia, sections } from "./fakes.js";
import { installFakes } from "./helpers.js";

beforeEach(installFakes);
afterEach(() => vi.unstubAllGlobals());

const webMedia = () => ({ sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(fakeMedia().factory) });
const pcOf = (sdh: unknown) => (sdh as WebSessionDescriptionHandler).peerConnection as unknown as FakeRTCPeerConnection;
const audioDirection = (sdh: unknown) => sections(pcOf(sdh).localDescription!.sdp)[0]!.direction;

async function established(options: { early?: boolean } = {}) {
  const w = world();
  const alice = w.ua("alice", webMedia());
  const bob = w.ua("bob", webMedia());
  await Promise.all([alice.start(), bob.start()]);
  const invitations: Invitation[] = [];
  bob.invites$.subscribe((inv) => {
    invitations.push(inv);
    if (options.early) w.clock.scheduler.schedule(() => void inv.progress({ statusCode: 183, earlyMedia: true, rel100: true }), 100);
    w.clock.scheduler.schedule(() => void inv.accept(), 2000);
  });
  const inviter = new Inviter(alice, w.target("bob"));
  await inviter.invite();
  return { ...w, inviter, invitations, alice, bob };
}

describe("calls with the WebRTC handler (fake peer connections)", () => {
  it("early media: the 183's answer makes the callee's media playable before the 200; the call then connects", async () => {
    const { clock, inviter, invitations } = await established({ early: true });
    await clock.advance(1000);
    expect(inviter.state).toBe(SessionState.Establishing);
    const sdh = inviter.sessionDescriptionHandler as WebSessionDescriptionHandler;
    expect(sdh.remoteMediaStream.getAudioTracks()).toHaveLength(1);
    expect(sdh.peerConnection.signalingState).toBe("stable");
    await clock.advance(2000);
    expect(inviter.state).toBe(SessionState.Established);
    expect(invitations[0]!.state).toBe(SessionState.Established);
    expect((await firstValueFrom(sdh.connectionState$)).connection).toBe("connected");
  });

  it("hold() and unhold(): offers sendonly then sendrecv; the peer's handler sees remote hold and its end", async () => {
    const { clock, inviter, invitations } = await established();
    await clock.advance(3000);
    const bobSdh = invitations[0]!.sessionDescriptionHandler as WebSessionDescriptionHandler;
    const peerHold: boolean[] = [];
    bobSdh.remoteHold$.subscribe((h) => peerHold.push(h));
    await inviter.hold();
    await clock.advance(1000);
    expect(inviter.isOnHold).toBe(true);
    expect(audioDirection(inviter.sessionDescriptionHandler)).toBe("sendonly");
    expect(audioDirection(bobSdh)).toBe("recvonly");
    await inviter.unhold();
    await clock.advance(1000);
    expect(inviter.isOnHold).toBe(false);
    expect(audioDirection(bobSdh)).toBe("sendrecv");
    expect(peerHold).toEqual([false, true, false]);
  });

  it("glare: both hold at the same moment; after the 491s and retries both sessions are up, both on hold, and both peer connections stable", async () => {
    const { clock, inviter, invitations, wire } = await established();
    await clock.advance(3000);
    const invitation = invitations[0]!;
    await Promise.all([inviter.hold(), invitation.hold()]);
    await clock.advance(10_000);
    expect(wire().filter((l) => l.includes("491"))).toHaveLength(2);
    expect([inviter.state, invitation.state]).toEqual([SessionState.Established, SessionState.Established]);
    const a = inviter.sessionDescriptionHandler as WebSessionDescriptionHandler;
    const b = invitation.sessionDescriptionHandler as WebSessionDescriptionHandler;
    expect([a.peerConnection.signalingState, b.peerConnection.signalingState]).toEqual(["stable", "stable"]);
    expect([await firstValueFrom(a.hold$), await firstValueFrom(b.hold$)]).toEqual([true, true]);
    // each stopped receiving: both ends of the audio are inactive
    expect([pcOf(a).transceivers[0]!.currentDirection, pcOf(b).transceivers[0]!.currentDirection]).toEqual(["inactive", "inactive"]);
  });
});
