/**
 * A REFER we sent is accepted, and no NOTIFY of its implicit subscription ever comes: either
 * the transferee said so (`Refer-Sub: false` in the 2xx, RFC 4488 §4) or it just never
 * reports (RFC 3515 §2.4.4; a subscriber stops waiting 64*T1 after the 2xx, RFC 6665
 * §4.1.2.4 Timer N). The transfer's outcome must not stay pending until the call ends.
 * The transferee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

/** alice calls a raw bob who answers the REFER `referAnswer` (status line and headers) and never NOTIFYs. */
async function transferWith(referStatus: string, referHeaders: string[]) {
  const w = world();
  const alice = w.ua("alice");
  const { got } = rawCallee(w.network, (m, reply) => {
    if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER));
    else if (m.method === "REFER") reply(respond(m, referStatus, "", { headers: referHeaders }));
  });
  await alice.start();
  const inviter = new Inviter(alice, w.target("bob"));
  await inviter.invite();
  await w.clock.advance(50);
  expect(inviter.state).toBe(SessionState.Established);
  const { progress$, outcome } = inviter.transfer(w.target("carol"));
  let settled: number | undefined;
  void outcome.then((code) => (settled = code));
  let completed = false;
  progress$.subscribe({ complete: () => (completed = true) });
  return { w, inviter, got, outcome: () => settled, completed: () => completed };
}

describe("REFER accepted with no NOTIFY to follow", () => {
  it("Refer-Sub: false in the 2xx (RFC 4488 §4): the outcome is the 2xx's status at once, the call stays up", async () => {
    const t = await transferWith("202 Accepted", ["Refer-Sub: false", "Require: norefersub"]);
    await t.w.clock.advance(100);
    await Promise.resolve();
    expect(t.outcome()).toBe(202);
    expect(t.completed()).toBe(true);
    expect(t.inviter.state).toBe(SessionState.Established);
  });

  it("no NOTIFY within 64*T1 of the 2xx (RFC 6665 §4.1.2.4 Timer N): the outcome is 408, not pending until the call ends", async () => {
    const t = await transferWith("202 Accepted", []);
    await t.w.clock.advance(31_000);
    await Promise.resolve();
    expect(t.outcome()).toBeUndefined();
    await t.w.clock.advance(1_100);
    await Promise.resolve();
    expect(t.outcome()).toBe(408);
    expect(t.completed()).toBe(true);
    expect(t.inviter.state).toBe(SessionState.Established);
  });
});
