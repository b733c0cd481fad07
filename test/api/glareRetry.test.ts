/**
 * re-INVITE glare seen from the session (RFC 3261 §14.1): our hold() gets 491 because the
 * peer's re-INVITE crossed it; the peer (not the owner of the Call-ID) sends its offer again
 * first, and we answer it; our re-INVITE goes again 2.1-4 s after the 491. Our offer must be
 * out of the way when the peer's comes (else the handler takes the peer's offer for an
 * answer to ours), and the retry must carry a new offer, made after that exchange (RFC 3264
 * §8: a later o= version, still on hold). The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, rawRequest, respond } from "./rawCallee.js";

const PEER_OFFER = "v=0\r\no=- 3 2 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0\r\na=sendrecv\r\n";
const version = (sdp: string) => Number(/^o=\S+ \S+ (\d+)/m.exec(sdp)![1]);

/** bob's own request to alice, in the dialog of `invite` (bob's CSeq numbers start at 1). */
function fromBob(invite: SipRequest, method: string, cseq: number, branch: string, body = ""): string {
  const ruri = invite.getHeader("Contact")!.replace(/^<|>$/g, "");
  const contact = "<sip:bob@bob.example.test:5060;transport=tcp>";
  return rawRequest(method, cseq, { ruri, via: "bob.example.test", branch, from: `${invite.getHeader("To")};tag=b1`, to: invite.getHeader("From")!, callId: invite.callId, contact }, body);
}

describe("re-INVITE glare, from the session (RFC 3261 §14.1)", () => {
  it("after the 491 the peer's offer is answered as an offer, and our re-INVITE goes again with a new offer, still on hold", async () => {
    const w = world();
    const alice = w.ua("alice");
    let first: SipRequest | undefined;
    const reinvites: SipRequest[] = [];
    const answers: string[] = [];
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE" && first === undefined) {
        first = m;
        reply(respond(m, "200 OK", ANSWER));
      } else if (m.method === "INVITE") {
        reinvites.push(m);
        if (reinvites.length === 1) {
          reply(respond(m, "491 Request Pending"));
          // bob's own re-INVITE, which crossed ours, goes again 100 ms later
          w.clock.scheduler.schedule(() => reply(fromBob(first!, "INVITE", 1, "bob1", PEER_OFFER)), 100);
        } else reply(respond(m, "200 OK", ANSWER.replace("a=sendrecv", "a=recvonly")));
      }
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    expect(inviter.state).toBe(SessionState.Established);

    await inviter.hold();
    await w.clock.advance(200);
    // alice answered bob's offer: a 200 with her answer
    const ok = w.network.log.find((r) => r.text.startsWith("SIP/2.0 200") && r.text.includes("CSeq: 1 INVITE") && r.from.startsWith("alice"));
    expect(ok).toBeDefined();
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions.at(-1)).toMatchObject({ type: "offer", sdp: PEER_OFFER });
    const answer = sdh.localDescriptions.at(-1)!;
    expect(answer.type).toBe("answer");
    answers.push(answer.sdp);

    await w.clock.advance(4000);
    expect(reinvites).toHaveLength(2);
    expect(version(reinvites[1]!.body)).toBeGreaterThan(version(answers[0]!));
    expect(reinvites[1]!.body).toContain("a=sendonly");
    await w.clock.advance(100);
    expect(inviter.isOnHold).toBe(true);
    expect(sdh.signalingState).toBe("stable");
    expect(got.filter((m) => m === "ACK")).toHaveLength(3);
  });
});
