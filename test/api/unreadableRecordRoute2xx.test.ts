/**
 * A 2xx to our INVITE whose Record-Route cannot be read: the dialog could not be made from it
 * (RFC 3261 §12.1.2), so it is discarded as a malformed response; the INVITE then ends as
 * unanswered (Timer B, §17.1.1.2) instead of hanging in Establishing. The callee is scripted
 * in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";
import { unhandledDuring } from "./unhandled.js";

describe("a 2xx with a Record-Route that cannot be read", () => {
  it("is discarded: no ACK, no session; the Inviter ends when Timer B fires", async () => {
    const w = world();
    const alice = w.ua("alice");
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER, { headers: ["Record-Route: <sip:p1.example.test;lr"] }));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    const unhandled = await unhandledDuring(async () => {
      await inviter.invite();
      await w.clock.advance(1000);
      expect(inviter.state).toBe(SessionState.Establishing);
      await w.clock.advance(40_000);
    });
    expect(got).toEqual(["INVITE"]);
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(unhandled).toEqual([]);
    expect(alice.userAgentCore.dialogCount).toBe(0);
  });
});
