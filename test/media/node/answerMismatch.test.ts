import { asyncScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { Inviter, SessionState, UserAgent } from "../../../src/index.js";
import { MediaFormatError, nodeMediaFactory, NodeSessionDescriptionHandler } from "../../../src/node.js";
import { InMemoryNetwork, InMemoryTransport } from "../../../src/testing/index.js";
import { scriptedPeer } from "../../api/scriptedPeer.js";
import { waitFor } from "./twoAgents.js";

/** `sdp` with one more media section: a copy of its first one under another mid. */
const withExtraSection = (sdp: string) => {
  const first = sdp.split(/\r\n(?=m=)/)[1]!;
  return `${sdp.trimEnd()}\r\n${first.replace(/^a=mid:\S+$/m, "a=mid:extra").trimEnd()}\r\n`;
};
/** `sdp` without its last media section. */
const withoutLastSection = (sdp: string) => `${sdp.split(/\r\n(?=m=)/).slice(0, -1).join("\r\n")}\r\n`;

/**
 * RFC 3264 §6: "The answer MUST contain exactly the same number of m= lines as the offer."
 * An answer that does not is not an answer to our offer: the Node handler refuses it, and
 * the caller ends the call (RFC 3261 §13.2.2.4) rather than stay in a call set up halfway.
 */
describe("Node media: an answer whose m= lines do not match the offer", () => {
  it("a 200 OK whose answer has one m= line more: the call is ACKed and ended with BYE", async () => {
    const network = new InMemoryNetwork({ scheduler: asyncScheduler, delay: 1 });
    const alice = new UserAgent({
      uri: UserAgent.makeURI("sip:alice@example.test")!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: "alice.example.test:5060", reliable: true },
      sessionDescriptionHandlerFactory: nodeMediaFactory({ loopback: true }),
      logBuiltinEnabled: false,
      contactName: "alice",
    });
    const bob = scriptedPeer(network, "bob");
    const bobMedia = new NodeSessionDescriptionHandler({ loopback: true });
    bob.onRequest((r) => {
      if (r.method === "BYE") bob.reply(r, "200 OK", "b1");
      if (r.method !== "INVITE") return;
      void (async () => {
        await bobMedia.setDescription(r.body);
        const answer = (await bobMedia.getDescription()).body;
        bob.reply(r, "200 OK", "b1", ["Contact: <sip:bob@bob.example.test:5060;transport=tcp>", "Content-Type: application/sdp"], withExtraSection(answer));
      })();
    });
    await alice.start();
    try {
      const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@bob.example.test:5060")!);
      await inviter.invite();
      await waitFor("alice's BYE", () => bob.requests.some((r) => r.method === "BYE"), 5000);
      expect(bob.requests.map((r) => r.method)).toEqual(["INVITE", "ACK", "BYE"]);
      expect(inviter.state).toBe(SessionState.Terminated);
    } finally {
      bobMedia.close();
      await alice.dispose();
    }
  }, 10000);

  it("setDescription() refuses such answers with MediaFormatError (one more or one fewer m= line), and the offer stays pending", async () => {
    for (const change of [withExtraSection, withoutLastSection]) {
      const a = new NodeSessionDescriptionHandler({ loopback: true, dataChannel: true });
      const b = new NodeSessionDescriptionHandler({ loopback: true });
      try {
        await b.setDescription((await a.getDescription()).body);
        const answer = (await b.getDescription()).body;
        await expect(a.setDescription(change(answer))).rejects.toBeInstanceOf(MediaFormatError);
        expect(a.peerConnection?.signalingState).toBe("have-local-offer");
      } finally {
        a.close();
        b.close();
      }
    }
  }, 10000);
});
