import { describe, expect, it } from "vitest";
import { InvalidOptionError, Inviter, sessionRecovery, SessionState, UserAgent, type Invitation, type SessionRecoveryEvent, type SessionDescriptionHandlerOptions, type UserAgentOptions } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, type InMemoryTransport } from "../../src/testing/index.js";
import { world } from "./harness.js";

/**
 * Call recovery: a session Established when the transport dropped is re-INVITEd through
 * the new flow once the transport is back (new Via and Contact, ICE restart asked of the
 * media handler), or ended with BYE when that fails, in virtual time on the in-memory network.
 */
describe("call recovery after the transport drops", () => {
  async function call(aliceOptions: Partial<UserAgentOptions> = {}) {
    const w = world();
    const offers: SessionDescriptionHandlerOptions[] = [];
    const factory = fakeSessionDescriptionHandlerFactory();
    const alice = w.ua("alice", {
      // the client reconnects from a new source port, as after a TCP reconnection
      transportOptions: { network: w.network, address: "alice.example.test:5060", reconnectAddresses: ["alice.example.test:5062"], reliable: true },
      sessionDescriptionHandlerFactory: (session, options) => {
        const sdh = factory(session, options);
        const getDescription = sdh.getDescription.bind(sdh);
        sdh.getDescription = (o, m) => (offers.push(o ?? {}), getDescription(o, m));
        return sdh;
      },
      sessionRecovery: sessionRecovery(),
      ...aliceOptions,
    });
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.delegate = { onInvite: (i) => void (invitations.push(i), i.accept()) };
    const inviter = new Inviter(alice, w.target("bob"));
    const events: string[] = [];
    const states: string[] = [];
    inviter.recovery$.subscribe((e: SessionRecoveryEvent) => events.push(e.type === "failed" ? `failed ${e.reason} ${e.response?.statusCode ?? ""}`.trim() : e.type));
    inviter.state$.subscribe((s) => states.push(s));
    const all: SessionRecoveryEvent[] = [];
    alice.recoveries$.subscribe((e) => all.push(e));
    const errors: Error[] = [];
    alice.errors$.subscribe((e) => errors.push(e));
    await inviter.invite();
    await w.clock.advance(500);
    expect(inviter.state).toBe(SessionState.Established);
    const transport = alice.transport as InMemoryTransport;
    return { ...w, alice, bob, inviter, invitation: invitations[0]!, events, states, all, errors, offers, transport };
  }

  /** What went over the wire after `from` (virtual ms), full text. */
  const sentAfter = (log: ReadonlyArray<{ at: number; from: string; text: string; dropped?: boolean }>, from: number) => log.filter((r) => r.at >= from && !r.dropped);

  it("drop + reconnect: a re-INVITE through the new flow (new Via, new Contact, ICE restart); the call stays Established", async () => {
    const w = await call();
    w.transport.fail("network changed");
    await w.clock.advance(1000);
    expect(w.events).toEqual(["pending"]);
    const back = w.clock.now();
    await w.alice.reconnect();
    await w.clock.advance(500);
    const reinvite = sentAfter(w.network.log, back).find((r) => r.text.startsWith("INVITE "));
    expect(reinvite, "a re-INVITE went out").toBeDefined();
    expect(reinvite!.from).toBe("alice.example.test:5062");
    expect(reinvite!.text).toMatch(/\r\nVia: SIP\/2\.0\/TCP alice\.example\.test:5062;/i);
    expect(reinvite!.text).toMatch(/\r\nContact: <sip:alice@alice\.example\.test:5062[;>]/i);
    expect(w.offers.at(-1)).toMatchObject({ iceRestart: true, offerOptions: { iceRestart: true } });
    expect(w.events).toEqual(["pending", "reinviting", "recovered"]);
    expect(w.all.map((e) => e.type)).toEqual(["pending", "reinviting", "recovered"]);
    expect(w.inviter.state).toBe(SessionState.Established);
    expect(w.invitation.state).toBe(SessionState.Established);
    // no state change at all during the recovery
    expect(w.states).toEqual(["Initial", "Establishing", "Established"]);
    // the peer's next request reaches us at the new Contact
    await w.invitation.bye();
    await w.clock.advance(500);
    expect(w.inviter.state).toBe(SessionState.Terminated);
    expect(w.errors).toEqual([]);
  });

  it("the peer refuses the re-INVITE (481: it lost the dialog): BYE, Terminated, the failure on recovery$ and errors$", async () => {
    const w = await call();
    w.transport.fail();
    // the peer forgets the dialog while we are away (as after its own restart)
    w.invitation.dialog!.terminate("disposed");
    const back = w.clock.now();
    await w.alice.reconnect();
    await w.clock.advance(1000);
    const sent = sentAfter(w.network.log, back).filter((r) => r.from.startsWith("alice")).map((r) => r.text.slice(0, r.text.indexOf(" ")));
    // the re-INVITE, the transaction's ACK of its 481 (RFC 3261 §17.1.1.3) and our BYE
    expect(sent.sort()).toEqual(["ACK", "BYE", "INVITE"]);
    expect(w.events).toEqual(["pending", "reinviting", "failed rejected 481"]);
    expect(w.inviter.state).toBe(SessionState.Terminated);
    expect(w.states).toEqual(["Initial", "Establishing", "Established", "Terminating", "Terminated"]);
    expect(w.errors.map((e) => e.name)).toEqual(["SessionRecoveryError"]);
  });

  it("the transport never returns: after giveUpAfter (default 32 s) the session ends locally, no BYE", async () => {
    const w = await call();
    const dropped = w.clock.now();
    w.transport.fail();
    await w.clock.advance(31_000);
    expect(w.inviter.state).toBe(SessionState.Established);
    expect(w.events).toEqual(["pending"]);
    await w.clock.advance(1_500);
    expect(w.inviter.state).toBe(SessionState.Terminated);
    expect(w.events).toEqual(["pending", "failed transport-never-returned"]);
    expect(sentAfter(w.network.log, dropped).filter((r) => r.from.startsWith("alice"))).toEqual([]);
    expect([...w.alice.sessions.values()]).not.toContain(w.inviter);
    expect(w.errors.map((e) => e.name)).toEqual(["SessionRecoveryError"]);
  });

  it("sessionRecovery: false leaves the session as it was (SIP.js's behaviour)", async () => {
    const w = await call({ sessionRecovery: false });
    w.transport.fail();
    const back = w.clock.now();
    await w.alice.reconnect();
    await w.clock.advance(60_000);
    expect(sentAfter(w.network.log, back).some((r) => r.text.startsWith("INVITE "))).toBe(false);
    expect(w.events).toEqual([]);
    expect(w.inviter.state).toBe(SessionState.Established);
  });

  it("without sessionRecovery() (the default) the session is left as it was: no re-INVITE, nothing on recovery$, still Established; hanging up after the reconnect still reaches the peer", async () => {
    const w = await call({ sessionRecovery: undefined });
    w.transport.fail("network changed");
    await w.clock.advance(1000);
    const back = w.clock.now();
    await w.alice.reconnect();
    await w.clock.advance(60_000);
    expect(sentAfter(w.network.log, back).some((r) => r.text.startsWith("INVITE "))).toBe(false);
    expect(w.events).toEqual([]);
    expect(w.all).toEqual([]);
    expect(w.inviter.state).toBe(SessionState.Established);
    expect(w.errors).toEqual([]);
    await w.inviter.bye();
    await w.clock.advance(500);
    expect(w.inviter.state).toBe(SessionState.Terminated);
    expect(w.invitation.state).toBe(SessionState.Terminated);
  });

  it("the old true / { iceRestart, giveUpAfter } forms are refused with an InvalidOptionError naming sessionRecovery()", () => {
    for (const old of [true, { giveUpAfter: 60 }, { iceRestart: false }]) {
      expect(() => new UserAgent({ sessionRecovery: old as never, transportOptions: { server: "wss://sip.example.test" } })).toThrow(InvalidOptionError);
      expect(() => new UserAgent({ sessionRecovery: old as never, transportOptions: { server: "wss://sip.example.test" } })).toThrow(/sessionRecovery\(\{/);
    }
    expect(() => sessionRecovery({ giveUpAfter: 0 })).toThrow(InvalidOptionError);
    expect(sessionRecovery({ giveUpAfter: 60 })).toMatchObject({ iceRestart: true, giveUpAfter: 60 });
  });

  it("the callee recovers too: its re-INVITE reaches the caller, whose next request reaches it at its new address", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob", {
      transportOptions: { network: w.network, address: "bob.example.test:5060", reconnectAddresses: ["bob.example.test:5070"], reliable: true },
      sessionRecovery: sessionRecovery(),
    });
    await Promise.all([alice.start(), bob.start()]);
    let invitation: Invitation | undefined;
    bob.delegate = { onInvite: (i) => void ((invitation = i), i.accept()) };
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(500);
    const events: string[] = [];
    invitation!.recovery$.subscribe((e) => events.push(e.type));
    (bob.transport as InMemoryTransport).fail();
    await w.clock.advance(2000);
    await bob.reconnect();
    await w.clock.advance(500);
    expect(events).toEqual(["pending", "reinviting", "recovered"]);
    await inviter.bye();
    await w.clock.advance(500);
    const bye = w.network.log.find((r) => r.text.startsWith("BYE "));
    expect(bye?.to).toBe("bob.example.test:5070");
    expect(invitation!.state).toBe(SessionState.Terminated);
  });
});
