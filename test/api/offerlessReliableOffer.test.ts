/**
 * An INVITE without an offer (`inviteWithoutSdp`) to a callee that sends reliable provisionals
 * (RFC 3262): the callee MUST put its offer in the first reliable non-failure response (RFC
 * 3261 §13.2.1), here a 183 with Require: 100rel, and the answer goes in the PRACK (RFC 3262
 * §5). The 2xx then carries no new offer, and its ACK no body. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { rawCallee, respond } from "./rawCallee.js";

const OFFER = "v=0\r\no=- 7 1 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0\r\na=sendrecv\r\n";

describe("offerless INVITE, offer in a reliable 183 (RFC 3262 §5)", () => {
  it("the PRACK carries our answer, the 2xx without a body establishes the call, and no BYE follows", async () => {
    const w = world();
    const alice = w.ua("alice");
    let invite: SipRequest | undefined;
    const pracks: SipRequest[] = [];
    const acks: SipRequest[] = [];
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") {
        invite = m;
        reply(respond(m, "183 Session Progress", OFFER, { headers: ["Require: 100rel", "RSeq: 1"] }));
      } else if (m.method === "PRACK") {
        pracks.push(m);
        reply(respond(m, "200 OK"));
        w.clock.scheduler.schedule(() => reply(respond(invite!, "200 OK")), 100);
      } else if (m.method === "ACK") acks.push(m);
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"), { inviteWithoutSdp: true });
    await inviter.invite();
    await w.clock.advance(1000);

    expect(invite!.body).toBe("");
    expect(pracks).toHaveLength(1);
    expect(pracks[0]!.getHeader("Content-Type")).toBe("application/sdp");
    expect(pracks[0]!.body).toMatch(/^m=audio /m);
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions[0]).toMatchObject({ type: "offer", sdp: OFFER });
    expect(sdh.localDescriptions.map((d) => d.type)).toEqual(["answer"]);
    expect(inviter.state).toBe(SessionState.Established);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.body).toBe("");
    await w.clock.advance(5000);
    expect(got).not.toContain("BYE");
    expect(inviter.state).toBe(SessionState.Established);
  });

  it("an offer the handler refuses: the PRACK still goes (without a body) and the call is cancelled", async () => {
    const w = world();
    const alice = w.ua("alice");
    let invite: SipRequest | undefined;
    const pracks: SipRequest[] = [];
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") {
        invite = m;
        reply(respond(m, "183 Session Progress", "not sdp at all", { headers: ["Require: 100rel", "RSeq: 1"] }));
      } else if (m.method === "PRACK") {
        pracks.push(m);
        reply(respond(m, "200 OK"));
      } else if (m.method === "CANCEL") {
        reply(respond(m, "200 OK"));
        reply(respond(invite!, "487 Request Terminated"));
      }
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"), { inviteWithoutSdp: true });
    await inviter.invite();
    await w.clock.advance(1000);
    expect(pracks).toHaveLength(1);
    expect(pracks[0]!.body).toBe("");
    expect(got).toContain("CANCEL");
    expect(inviter.state).toBe(SessionState.Terminated);
  });
});
