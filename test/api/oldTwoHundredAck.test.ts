/**
 * RFC 3261 §13.2.2.4: each retransmission of a 2xx gets the ACK of its own INVITE. The ACK of
 * the call's first 2xx is lost; before the callee's retransmission of that 2xx arrives, our
 * re-INVITE (hold) was answered and ACKed. The first 2xx must still be ACKed (with its own
 * CSeq), else the callee ends the call 64*T1 later. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

describe("a retransmitted 2xx of the initial INVITE after a re-INVITE's ACK", () => {
  it("is ACKed again with the initial INVITE's CSeq", async () => {
    const w = world();
    const alice = w.ua("alice");
    let first: SipRequest | undefined;
    let send: (text: string) => void = () => undefined;
    const acks: SipRequest[] = [];
    rawCallee(w.network, (m, reply) => {
      send = reply;
      if (m.method === "INVITE" && first === undefined) {
        first = m;
        reply(respond(m, "200 OK", ANSWER));
      } else if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER.replace("m=audio", "a=recvonly\r\nm=audio")));
      else if (m.method === "ACK") acks.push(m);
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    expect(inviter.state).toBe(SessionState.Established);
    await inviter.hold();
    await w.clock.advance(100);
    expect(acks.map((a) => a.getHeader("CSeq"))).toEqual([`${first!.cseq.seq} ACK`, `${first!.cseq.seq + 1} ACK`]);

    // bob never saw the first ACK: his 2xx to the INVITE comes again
    send(respond(first!, "200 OK", ANSWER));
    await w.clock.advance(100);
    expect(acks.map((a) => a.getHeader("CSeq"))).toEqual([`${first!.cseq.seq} ACK`, `${first!.cseq.seq + 1} ACK`, `${first!.cseq.seq} ACK`]);
    expect(acks[2]!.getHeader("Via")).toBe(acks[0]!.getHeader("Via"));
    expect(inviter.state).toBe(SessionState.Established);
  });
});
