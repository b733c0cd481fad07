/**
 * A re-INVITE that got 491 (RFC 3261 §14.1) is retried after a random delay; when that retry
 * is given up (here: the media handler cannot make the new offer), the request delegate of
 * `hold()` must still learn the outcome: the 491 it ended with. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

describe("a glare retry given up (RFC 3261 §14.1)", () => {
  it("hold()'s request delegate is told the re-INVITE was rejected 491, and the session is not on hold", async () => {
    const w = world();
    const alice = w.ua("alice");
    let invites = 0;
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method !== "INVITE") return;
      invites++;
      reply(invites === 1 ? respond(m, "200 OK", ANSWER) : respond(m, "491 Request Pending"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    expect(inviter.state).toBe(SessionState.Established);

    let offers = 0;
    // the first offer is made; the retry's new one cannot be (say, the device went away)
    const modifier = (d: RTCSessionDescriptionInit) => (++offers === 1 ? Promise.resolve(d) : Promise.reject(new Error("no device")));
    const outcomes: number[] = [];
    await inviter.hold({
      sessionDescriptionHandlerModifiers: [modifier],
      requestDelegate: { onAccept: (r) => outcomes.push(r.message.statusCode), onReject: (r) => outcomes.push(r.message.statusCode) },
    });
    await w.clock.advance(5000);
    expect(offers).toBe(2);
    expect(invites).toBe(2);
    expect(outcomes).toEqual([491]);
    expect(inviter.isOnHold).toBe(false);
    expect(inviter.state).toBe(SessionState.Established);
    expect(got.filter((m) => m === "INVITE")).toHaveLength(2);
  });
});
