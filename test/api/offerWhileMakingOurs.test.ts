/**
 * hold() while the media handler is still making the offer (ICE gathering can take seconds in
 * a browser), and the peer's re-INVITE with its own offer arrives in that time: the exchange
 * is ours already (RFC 3261 §14.2, RFC 3264 §4: one offer at a time), so the peer's gets 491
 * and retries later, instead of being taken into a handler that is making an offer (the fake
 * handler, like a real one without rollback, would take it for the answer).
 * The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, type FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, rawRequest, respond } from "./rawCallee.js";

const PEER_OFFER = "v=0\r\no=- 3 2 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0\r\na=sendrecv\r\n";

describe("the peer's offer while ours is being made", () => {
  it("gets 491; our re-INVITE then goes and the session is on hold, the handler stable", async () => {
    const w = world();
    const alice = w.ua("alice", { sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory({ delay: 500, scheduler: w.clock.scheduler }) });
    let first: SipRequest | undefined;
    let send: (text: string) => void = () => undefined;
    const reinvites: SipRequest[] = [];
    rawCallee(w.network, (m, reply) => {
      send = reply;
      if (m.method === "INVITE" && first === undefined) {
        first = m;
        reply(respond(m, "200 OK", ANSWER));
      } else if (m.method === "INVITE") {
        reinvites.push(m);
        reply(respond(m, "200 OK", ANSWER.replace("m=audio", "a=recvonly\r\nm=audio")));
      }
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    void inviter.invite();
    await w.clock.advance(1000);
    expect(inviter.state).toBe(SessionState.Established);

    const held = inviter.hold();
    await w.clock.advance(100);
    const ruri = first!.getHeader("Contact")!.replace(/^<|>$/g, "");
    send(
      rawRequest(
        "INVITE",
        1,
        { ruri, via: "bob.example.test", branch: "bob1", from: `${first!.getHeader("To")};tag=b1`, to: first!.getHeader("From")!, callId: first!.callId, contact: "<sip:bob@bob.example.test:5060;transport=tcp>" },
        PEER_OFFER,
      ),
    );
    await w.clock.advance(100);
    const answer = w.network.log.find((r) => r.from.startsWith("alice") && r.text.startsWith("SIP/2.0") && r.text.includes("CSeq: 1 INVITE"));
    expect(answer?.text.split("\r\n")[0]).toBe("SIP/2.0 491 Request Pending");
    await w.clock.advance(1000);
    await held;
    expect(reinvites).toHaveLength(1);
    expect(reinvites[0]!.body).toContain("a=sendonly");
    expect(inviter.isOnHold).toBe(true);
    expect((inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler).signalingState).toBe("stable");
  });
});
