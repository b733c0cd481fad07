/**
 * RFC 3261 §13.2.2.4: "If the offer in the 2xx response is not acceptable, the UAC core MUST
 * generate a valid answer in the ACK and then send a BYE immediately." Our INVITE (or
 * re-INVITE) had no offer and the handler refuses the one in the 2xx: the ACK carries an
 * answer refusing each stream (port 0), then BYE. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

const refuse = () => Promise.reject(new Error("no common codec"));

describe("an offer in the 2xx that the handler refuses", () => {
  it("initial INVITE without an offer: the ACK carries a refusing answer, then BYE", async () => {
    const w = world();
    const alice = w.ua("alice");
    const acks: SipRequest[] = [];
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER));
      else if (m.method === "ACK") acks.push(m);
      else if (m.method === "BYE") reply(respond(m, "200 OK"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"), { inviteWithoutSdp: true, sessionDescriptionHandlerModifiers: [refuse] });
    await inviter.invite();
    await w.clock.advance(500);
    expect(acks).toHaveLength(1);
    expect(acks[0]!.body.match(/^m=.*$/gm)).toEqual(["m=audio 0 RTP/AVP 0"]);
    expect(got.slice(-2)).toEqual(["ACK", "BYE"]);
    expect(inviter.state).toBe(SessionState.Terminated);
  });

  it("re-INVITE without an offer: the ACK carries a refusing answer, then BYE", async () => {
    const w = world();
    const alice = w.ua("alice");
    const acks: SipRequest[] = [];
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER));
      else if (m.method === "ACK") acks.push(m);
      else if (m.method === "BYE") reply(respond(m, "200 OK"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(100);
    expect(inviter.state).toBe(SessionState.Established);
    await inviter.invite({ withoutSdp: true, sessionDescriptionHandlerModifiers: [refuse] });
    await w.clock.advance(500);
    expect(acks).toHaveLength(2);
    expect(acks[1]!.body.match(/^m=.*$/gm)).toEqual(["m=audio 0 RTP/AVP 0"]);
    expect(got.slice(-2)).toEqual(["ACK", "BYE"]);
    expect(inviter.state).toBe(SessionState.Terminated);
  });
});
