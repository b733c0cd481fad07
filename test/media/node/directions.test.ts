import { describe, expect, it } from "vitest";
import { NodeSessionDescriptionHandler } from "../../../src/node.js";
import { waitFor } from "./twoAgents.js";

/** The direction attributes of an SDP, media section by media section. */
const directions = (sdp: string) => sdp.split(/\r\n(?=m=)/).slice(1).map((m) => /^a=(sendrecv|sendonly|recvonly|inactive)\r?$/m.exec(m)?.[1]);

/** An SDP without any media-level direction attribute; `sessionLevel` puts one at session level (RFC 4566 §6). */
function withoutMediaDirections(sdp: string, sessionLevel?: string): string {
  const bare = sdp.replace(/^a=(sendrecv|sendonly|recvonly|inactive)\r\n/gm, "");
  return sessionLevel ? bare.replace(/^t=0 0\r\n/m, `t=0 0\r\na=${sessionLevel}\r\n`) : bare;
}

/**
 * Many SIP phones and gateways write no direction attribute (RFC 3264 §5.1: then "sendrecv
 * is assumed"), or write it once at session level (RFC 4566 §6: it applies to every media
 * section that has none of its own). The Node handler must read them so.
 */
describe("Node media: offers and answers without a media-level direction attribute", () => {
  async function call(offer: (sdp: string) => string, answer: (sdp: string) => string = (s) => s) {
    const a = new NodeSessionDescriptionHandler({ loopback: true });
    const b = new NodeSessionDescriptionHandler({ loopback: true });
    try {
      await b.setDescription(offer((await a.getDescription()).body));
      const answered = (await b.getDescription()).body;
      await a.setDescription(answer(answered));
      return { a, b, answered };
    } catch (e) {
      a.close();
      b.close();
      throw e;
    }
  }

  it("an offer with no direction attribute is answered sendrecv, and audio flows both ways", async () => {
    const { a, b, answered } = await call((s) => withoutMediaDirections(s));
    try {
      expect(directions(answered)).toEqual(["sendrecv"]);
      await waitFor("audio both ways", () => a.stats.packetsReceived >= 10 && b.stats.packetsReceived >= 10, 5000);
    } finally {
      a.close();
      b.close();
    }
  }, 10000);

  it("an answer with no direction attribute lets the offerer send: audio flows both ways", async () => {
    const { a, b } = await call((s) => s, (s) => withoutMediaDirections(s));
    try {
      await waitFor("audio both ways", () => a.stats.packetsReceived >= 10 && b.stats.packetsReceived >= 10, 5000);
    } finally {
      a.close();
      b.close();
    }
  }, 10000);

  it("a session-level a=sendonly (the peer holds us) is answered recvonly, and remoteHold$ says so", async () => {
    const { a, b, answered } = await call((s) => withoutMediaDirections(s, "sendonly"));
    const held: boolean[] = [];
    b.remoteHold$.subscribe((h) => held.push(h));
    try {
      expect(directions(answered)).toEqual(["recvonly"]);
      expect(held).toEqual([true]);
      // the peer's music on hold is heard
      await waitFor("the held side to hear the peer", () => b.stats.packetsReceived >= 10, 5000);
      expect(a.stats.packetsReceived).toBe(0);
    } finally {
      a.close();
      b.close();
    }
  }, 10000);

  it("a session-level a=recvonly is answered sendonly", async () => {
    const { a, b, answered } = await call((s) => withoutMediaDirections(s, "recvonly"));
    a.close();
    b.close();
    expect(directions(answered)).toEqual(["sendonly"]);
  }, 10000);
});
