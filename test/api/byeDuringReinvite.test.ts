/**
 * `bye()` while our re-INVITE (hold) is unanswered (RFC 3261 §15.1.1): the BYE goes at once;
 * the re-INVITE's 2xx, when it comes, is still ACKed (§13.2.2.4: every 2xx is), and nothing
 * is left unhandled. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";
import { unhandledDuring } from "./unhandled.js";

describe("BYE while our re-INVITE is pending", () => {
  it("BYE goes at once, the late 2xx of the re-INVITE is ACKed, the call is Terminated", async () => {
    const w = world();
    const alice = w.ua("alice");
    let invites = 0;
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE" && invites++ === 0) reply(respond(m, "200 OK", ANSWER));
      else if (m.method === "INVITE") w.clock.scheduler.schedule(() => reply(respond(m, "200 OK", ANSWER.replace("a=sendrecv", "a=recvonly"))), 300);
      else if (m.method === "BYE") reply(respond(m, "200 OK"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    const unhandled = await unhandledDuring(async () => {
      await inviter.invite();
      await w.clock.advance(50);
      await inviter.hold();
      await w.clock.advance(50);
      await inviter.bye();
      await w.clock.advance(1000);
    });
    expect(got).toEqual(["INVITE", "ACK", "INVITE", "BYE", "ACK"]);
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(unhandled).toEqual([]);
    expect(alice.userAgentCore.dialogCount).toBe(0);
  });
});
