import { firstValueFrom } from "rxjs";
import { describe, expect, it } from "vitest";
import { NodeSessionDescriptionHandler } from "../../../src/node.js";

const direction = (sdp: string) => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(sdp)?.[1];
/** A re-offer as a browser writes it: DTLS role actpass (RFC 8842 allows keeping the role; browsers offer actpass). */
const asBrowserOffer = (sdp: string) => sdp.replace(/^a=setup:\w+/gm, "a=setup:actpass");

/**
 * Re-INVITE glare (RFC 3261 §14.1): our hold re-INVITE and the peer's re-INVITE cross and both
 * get 491. The peer's retry (after 0-2 s) finds our offer still pending, waiting for our own
 * retry (2.1-4 s): its offer must be answered, and then the answer to our retried offer applied.
 */
describe("Node media: re-INVITE glare, the peer's offer while ours waits for its retry", () => {
  it("the peer's offer is answered (we still hold), then the answer to our retried hold offer is applied", async () => {
    const a = new NodeSessionDescriptionHandler({ loopback: true });
    const b = new NodeSessionDescriptionHandler({ loopback: true });
    try {
      await b.setDescription((await a.getDescription()).body);
      await a.setDescription((await b.getDescription()).body);
      // both offer at once; both get 491
      const aOffer = (await a.getDescription({ hold: true })).body;
      const bOffer = asBrowserOffer((await b.getDescription()).body);
      // b's retry reaches a first
      await a.setDescription(bOffer);
      const aAnswer = (await a.getDescription()).body;
      expect(a.peerConnection?.signalingState).toBe("stable");
      expect(direction(aAnswer)).toBe("sendonly"); // a still wants hold
      await b.setDescription(aAnswer);
      // a's retry: the same offer as before, answered by b
      await b.setDescription(aOffer);
      const bAnswer = (await b.getDescription()).body;
      await a.setDescription(bAnswer);
      expect([a.peerConnection?.signalingState, b.peerConnection?.signalingState]).toEqual(["stable", "stable"]);
      expect(await firstValueFrom(a.hold$)).toBe(true);
      expect(await firstValueFrom(b.remoteHold$)).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  }, 10000);
});

describe("Node media: our offer given up after glare (RFC 3261 §14.1)", () => {
  it("rollbackDescription() after the peer's glare offer was answered: not held, and the next offer is sendrecv", async () => {
    const a = new NodeSessionDescriptionHandler({ loopback: true });
    const b = new NodeSessionDescriptionHandler({ loopback: true });
    try {
      await b.setDescription((await a.getDescription()).body);
      await a.setDescription((await b.getDescription()).body);
      await a.getDescription({ hold: true });
      await b.rollbackDescription();
      await a.setDescription(asBrowserOffer((await b.getDescription()).body));
      await b.setDescription((await a.getDescription()).body);
      // our retry met the peer's exchange and was given up
      await a.rollbackDescription();
      expect(await firstValueFrom(a.hold$)).toBe(false);
      expect(direction((await a.getDescription()).body)).toBe("sendrecv");
    } finally {
      a.close();
      b.close();
    }
  }, 10000);
});
