/**
 * The peer CANCELs its re-INVITE while our answer is still being made (RFC 3261 §9.2: 200
 * to the CANCEL, 487 to the re-INVITE). The re-INVITE is then over: the late answer must not
 * be sent nor waited for (a 487 "2xx" awaiting an ACK that never comes would end the call
 * with BYE 64*T1 later, §13.3.1.4). The peer is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, rawRequest, respond } from "./rawCallee.js";

const PEER_OFFER = "v=0\r\no=- 3 2 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0\r\na=sendonly\r\n";

describe("a re-INVITE the peer cancels while our answer is made", () => {
  it("gets 487 only; the call stays up, with no BYE 64*T1 later", async () => {
    const w = world();
    const alice = w.ua("alice", { sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory({ delay: 500, scheduler: w.clock.scheduler }) });
    let first: SipRequest | undefined;
    let send: (text: string) => void = () => undefined;
    const { got } = rawCallee(w.network, (m, reply) => {
      send = reply;
      if (m.method === "INVITE" && first === undefined) {
        first = m;
        reply(respond(m, "200 OK", ANSWER));
      }
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    void inviter.invite();
    await w.clock.advance(1000);
    expect(inviter.state).toBe(SessionState.Established);

    const h = {
      ruri: first!.getHeader("Contact")!.replace(/^<|>$/g, ""),
      via: "bob.example.test",
      branch: "reinv1",
      from: `${first!.getHeader("To")};tag=b1`,
      to: first!.getHeader("From")!,
      callId: first!.callId,
      contact: "<sip:bob@bob.example.test:5060;transport=tcp>",
    };
    send(rawRequest("INVITE", 1, h, PEER_OFFER));
    await w.clock.advance(100);
    send(rawRequest("CANCEL", 1, h).replace(/^Contact:.*\r\n/m, ""));
    await w.clock.advance(50);
    const toReinvite = () => w.network.log.filter((r) => r.from.startsWith("alice") && r.text.startsWith("SIP/2.0") && r.text.includes("CSeq: 1 INVITE")).map((r) => r.text.split("\r\n")[0]);
    expect(toReinvite()).toEqual(["SIP/2.0 487 Request Terminated"]);
    send(rawRequest("ACK", 1, h).replace(/^Contact:.*\r\n/m, ""));
    await w.clock.advance(40_000);
    expect(toReinvite().filter((l) => !l.includes("487"))).toEqual([]);
    expect(got).not.toContain("BYE");
    expect(inviter.state).toBe(SessionState.Established);
  });
});
