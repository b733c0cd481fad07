import { describe, expect, it } from "vitest";
import { InvalidOptionError, Inviter, sessionTimers, SessionState, UserAgent, type Invitation, type UserAgentOptions } from "../../src/index.js";
import { world } from "./harness.js";

/**
 * Session timers (RFC 4028) at the UserAgent: off unless `sessionTimers()` is given (as
 * SIP.js); with it, calls ask for them and are refreshed.
 */
describe("the sessionTimers user agent option", () => {
  async function call(aliceOptions: Partial<UserAgentOptions>, bobOptions: Partial<UserAgentOptions> = {}, headers: string[] = []) {
    const w = world();
    const alice = w.ua("alice", aliceOptions);
    const bob = w.ua("bob", bobOptions);
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.delegate = { onInvite: (i) => void (invitations.push(i), i.accept()) };
    const inviter = new Inviter(alice, w.target("bob"), { extraHeaders: headers });
    await inviter.invite().catch(() => undefined);
    await w.clock.advance(500);
    const texts = w.network.log.filter((r) => !r.dropped).map((r) => r.text);
    const invite = texts.find((t) => t.startsWith("INVITE "))!;
    const answer = texts.find((t) => t.startsWith("SIP/2.0 ") && /\r\nCSeq: *1 INVITE\r\n/i.test(t) && !t.startsWith("SIP/2.0 100"));
    return { ...w, alice, bob, inviter, invitation: invitations[0], invite, answer };
  }
  const header = (text: string | undefined, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)\\r\\n`, "i").exec(text ?? "")?.[1];

  it("absent: the INVITE has no Session-Expires and Supported has no timer; the call is not refreshed", async () => {
    const w = await call({}, {});
    expect(header(w.invite, "Session-Expires")).toBeUndefined();
    expect(header(w.invite, "Min-SE")).toBeUndefined();
    expect(header(w.invite, "Supported")).not.toMatch(/\btimer\b/);
    expect(header(w.answer, "Session-Expires")).toBeUndefined();
    expect(w.inviter.state).toBe(SessionState.Established);
    const before = w.network.log.length;
    await w.clock.advance(3_600_000);
    expect(w.network.log.slice(before).filter((r) => /^(UPDATE|INVITE|BYE) /.test(r.text))).toEqual([]);
    expect(w.inviter.state).toBe(SessionState.Established);
  });

  it("present: the INVITE asks for the interval, the callee (with timers too) agrees, and the caller refreshes at half of it", async () => {
    const w = await call({ sessionTimers: sessionTimers({ sessionExpires: 600 }) }, { sessionTimers: sessionTimers() });
    expect(header(w.invite, "Session-Expires")).toBe("600");
    expect(header(w.invite, "Supported")).toMatch(/\btimer\b/);
    expect(header(w.answer, "Session-Expires")).toBe("600;refresher=uac");
    const before = w.network.log.length;
    await w.clock.advance(300_000);
    expect(w.network.log.slice(before).some((r) => r.text.startsWith("UPDATE ") && header(r.text, "Session-Expires") === "600;refresher=uac")).toBe(true);
    expect(w.inviter.state).toBe(SessionState.Established);
  });

  it("a callee without it answers an INVITE with Require: timer 420 Bad Extension, Unsupported: timer", async () => {
    const w = await call({ sessionTimers: sessionTimers() }, {}, ["Require: timer"]);
    expect(w.answer?.split("\r\n")[0]).toBe("SIP/2.0 420 Bad Extension");
    expect(header(w.answer, "Unsupported")).toBe("timer");
    expect(w.invitation).toBeUndefined();
    expect(w.inviter.state).toBe(SessionState.Terminated);
  });

  it("the old { sessionExpires, minSE } form is refused at construction with an InvalidOptionError naming sessionTimers()", () => {
    const old = { sessionExpires: 600, minSE: 300 } as never;
    expect(() => new UserAgent({ sessionTimers: old, transportOptions: { server: "wss://sip.example.test" } })).toThrow(InvalidOptionError);
    expect(() => new UserAgent({ sessionTimers: old, transportOptions: { server: "wss://sip.example.test" } })).toThrow(/sessionTimers\(\{/);
  });
});
