import { describe, expect, it } from "vitest";
import { InvalidOptionError, SessionState, SessionStateError, SimpleUser, Web, type SimpleCall } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { office } from "./office.js";

/** Records each delegate callback as a line, e.g. "onCallHold true". */
function recorder() {
  const lines: string[] = [];
  const delegate = {
    onCallAnswered: () => lines.push("onCallAnswered"),
    onCallCreated: () => lines.push("onCallCreated"),
    onCallDTMFReceived: (tone: string, duration: number) => lines.push(`onCallDTMFReceived ${tone} ${duration}`),
    onCallHangup: () => lines.push("onCallHangup"),
    onCallHold: (held: boolean) => lines.push(`onCallHold ${held}`),
    onCallReceived: () => lines.push("onCallReceived"),
    onMessageReceived: (message: string, from: string) => lines.push(`onMessageReceived ${message} ${from}`),
    onRegistered: () => lines.push("onRegistered"),
    onUnregistered: () => lines.push("onUnregistered"),
    onServerConnect: () => lines.push("onServerConnect"),
    onServerDisconnect: (error?: Error) => lines.push(`onServerDisconnect${error ? " error" : ""}`),
  };
  return { lines, delegate };
}

describe("SimpleUser (SIP.js Web.SimpleUser names) through the registrar/proxy, in virtual time", () => {
  it("connects, registers, calls, answers, holds, sends DTMF, mutes and hangs up, telling the delegate and the streams", async () => {
    const { clock, registrar, user, wire, settle, end } = await office();
    const a = recorder();
    const b = recorder();
    const alice = user("alice", { delegate: a.delegate });
    const bob = user("bob", { delegate: b.delegate });
    const received: SimpleCall[] = [];
    const answered: string[] = [];
    const hangups: string[] = [];
    bob.callReceived$.subscribe((c) => received.push(c));
    alice.callAnswered$.subscribe((c) => answered.push(`alice ${c.direction} ${c.remoteUri}`));
    bob.callAnswered$.subscribe((c) => answered.push(`bob ${c.direction} ${c.remoteUri}`));
    alice.callHangup$.subscribe(() => hangups.push("alice"));
    bob.callHangup$.subscribe(() => hangups.push("bob"));

    await alice.connect();
    await bob.connect();
    expect(alice.isConnected()).toBe(true);
    await alice.register();
    await bob.register();
    await clock.advance(100);
    expect(registrar.bindings.map((x) => x.aor).sort()).toEqual(["alice", "bob"]);

    await alice.call("sip:bob@example.test");
    await clock.advance(100);
    expect(received).toHaveLength(1);
    expect(received[0]!.remoteUri).toBe("sip:alice@example.test");
    await settle(bob.answer());
    await clock.advance(100);
    expect(alice.session?.state).toBe(SessionState.Established);
    expect(answered).toEqual(["bob incoming sip:alice@example.test", "alice outgoing sip:bob@example.test"]);

    await settle(alice.hold());
    expect(alice.isHeld()).toBe(true);
    expect((alice.session!.sessionDescriptionHandler as FakeSessionDescriptionHandler).localDirection).toBe("sendonly");
    await settle(alice.unhold());
    expect(alice.isHeld()).toBe(false);

    await settle(alice.sendDTMF("5"));
    await settle(alice.sendDTMF("#"));
    await clock.advance(100);
    alice.mute();
    expect(alice.isMuted()).toBe(true);
    alice.unmute();
    expect(alice.isMuted()).toBe(false);

    await settle(bob.hangup());
    await clock.advance(100);
    expect(hangups.sort()).toEqual(["alice", "bob"]);
    expect(alice.session).toBeUndefined();
    expect(a.lines).toEqual(["onServerConnect", "onRegistered", "onCallCreated", "onCallAnswered", "onCallHold true", "onCallHold false", "onCallHangup"]);
    expect(b.lines).toEqual([
      "onServerConnect",
      "onRegistered",
      "onCallCreated",
      "onCallReceived",
      "onCallAnswered",
      "onCallDTMFReceived 5 160",
      "onCallDTMFReceived # 160",
      "onCallHangup",
    ]);
    expect(wire().filter((l) => l.startsWith("alice>registrar"))).toEqual([
      "alice>registrar REGISTER",
      "alice>registrar INVITE",
      "alice>registrar ACK",
      "alice>registrar INVITE",
      "alice>registrar ACK",
      "alice>registrar INVITE",
      "alice>registrar ACK",
      "alice>registrar INFO",
      "alice>registrar INFO",
      "alice>registrar 200 OK",
    ]);
    await end();
  });

  it("sends and receives MESSAGE, declines a call (480 to the caller) and unregisters on disconnect()", async () => {
    const { clock, registrar, user, wire, settle, end } = await office();
    const b = recorder();
    const alice = user("alice");
    const bob = user("bob", { delegate: b.delegate });
    const texts: string[] = [];
    bob.messageReceived$.subscribe((m) => texts.push(`${m.from}: ${m.message}`));
    await Promise.all([alice.connect(), bob.connect()]);
    await Promise.all([alice.register(), bob.register()]);
    await clock.advance(100);

    await settle(alice.message("sip:bob@example.test", "lunch?"));
    await clock.advance(100);
    expect(texts).toEqual(["sip:alice@example.test: lunch?"]);

    const call = await alice.call("sip:bob@example.test");
    await clock.advance(100);
    await settle(bob.decline());
    await clock.advance(100);
    expect(call.state).toBe(SessionState.Terminated);
    expect(wire()).toContain("registrar>alice 480 Temporarily Unavailable");

    await settle(bob.disconnect());
    await clock.advance(100);
    expect(registrar.bindings.map((x) => x.aor)).toEqual(["alice"]);
    expect(bob.isConnected()).toBe(false);
    expect(b.lines).toEqual([
      "onServerConnect",
      "onRegistered",
      "onMessageReceived lunch? sip:alice@example.test",
      "onCallCreated",
      "onCallReceived",
      "onCallHangup",
      "onUnregistered",
      "onServerDisconnect",
    ]);
    await end();
  });

  it("holds several calls at once with maxSimultaneousCalls; one more is answered 486 Busy Here", async () => {
    const { clock, user, wire, settle, end } = await office();
    const bob = user("bob", { maxSimultaneousCalls: 2 });
    const alice = user("alice");
    const carol = user("carol");
    const dave = user("dave");
    const counts: number[] = [];
    bob.calls$.subscribe((calls) => counts.push(calls.length));
    for (const u of [bob, alice, carol, dave]) await u.connect();
    for (const u of [bob, alice, carol, dave]) await u.register();
    await clock.advance(100);

    const fromAlice = await alice.call("sip:bob@example.test");
    await clock.advance(100);
    await settle(bob.answer());
    await clock.advance(100);
    const fromCarol = await carol.call("sip:bob@example.test");
    await clock.advance(100);
    // the first call goes on hold while bob takes the second
    await settle(bob.hold());
    await settle(bob.answer());
    await clock.advance(100);
    expect(bob.calls.map((c) => `${c.remoteName} ${c.state} held=${c.isHeld()}`)).toEqual([
      "alice Established held=true",
      "carol Established held=false",
    ]);
    expect(bob.currentCall?.remoteName).toBe("carol");

    const fromDave = await dave.call("sip:bob@example.test");
    await clock.advance(100);
    expect(fromDave.state).toBe(SessionState.Terminated);
    expect(wire()).toContain("registrar>dave 486 Busy Here");

    await settle(bob.hangup()); // carol's call, the selected one
    await clock.advance(100);
    expect(fromCarol.state).toBe(SessionState.Terminated);
    expect(bob.currentCall?.remoteName).toBe("alice");
    await settle(bob.unhold());
    expect(fromAlice.state).toBe(SessionState.Established);
    expect(bob.isHeld()).toBe(false);
    expect(counts).toEqual([0, 1, 2, 1]);
    await end();
  });

  it("like SIP.js, one call at a time by default: a second INVITE gets 486 and call() refuses", async () => {
    const { clock, user, wire, settle, end } = await office();
    const bob = user("bob");
    const alice = user("alice");
    const carol = user("carol");
    for (const u of [bob, alice, carol]) await u.connect();
    for (const u of [bob, alice, carol]) await u.register();
    await clock.advance(100);
    await alice.call("sip:bob@example.test");
    await carol.call("sip:bob@example.test");
    await clock.advance(100);
    expect(wire()).toContain("registrar>carol 486 Busy Here");
    await expect(alice.call("sip:carol@example.test")).rejects.toBeInstanceOf(SessionStateError);
    await end();
  });

  it("reconnects after a lost connection (attempts spaced by reconnectionDelay) and registers again", async () => {
    const { clock, network, registrar, user, wire, end } = await office();
    const a = recorder();
    const alice = user("alice", { delegate: a.delegate, reconnectionAttempts: 3, reconnectionDelay: 4 });
    await alice.connect();
    await alice.register();
    await clock.advance(100);
    // the address is taken while the connection is down, so the first two attempts fail
    (alice.userAgent.transport as unknown as { fail(reason?: string): void }).fail();
    const blocker = network.endpoint("alice.example.test:5060");
    await clock.advance(100);
    expect(alice.isConnected()).toBe(false);
    await clock.advance(4000); // attempt 2 fails too
    expect(alice.isConnected()).toBe(false);
    blocker.close();
    await clock.advance(4000); // attempt 3 succeeds
    expect(alice.isConnected()).toBe(true);
    await clock.advance(100);
    expect(wire().filter((l) => l === "alice>registrar REGISTER")).toHaveLength(2);
    expect(registrar.bindings.map((x) => x.aor)).toEqual(["alice"]);
    // the binding is shown lost while the connection is down, and registered again after it
    expect(a.lines).toEqual(["onServerConnect", "onRegistered", "onServerDisconnect error", "onUnregistered", "onServerConnect", "onRegistered"]);
    await end();
  });

  it("gives up after reconnectionAttempts and stays disconnected", async () => {
    const { clock, network, user, end } = await office();
    const alice = user("alice", { reconnectionAttempts: 2, reconnectionDelay: 1 });
    await alice.connect();
    (alice.userAgent.transport as unknown as { fail(reason?: string): void }).fail();
    const blocker = network.endpoint("alice.example.test:5060");
    await clock.advance(5000);
    blocker.close();
    await clock.advance(60_000);
    expect(alice.isConnected()).toBe(false);
    await alice.connect(); // an explicit connect() still works
    expect(alice.isConnected()).toBe(true);
    await end();
  });

  it("refuses bad input with typed errors: aor, destination, DTMF tone, call methods without a call", async () => {
    const { user, clock, settle, end } = await office();
    expect(() => new SimpleUser("wss://x.test", { aor: "not a uri" })).toThrow(InvalidOptionError);
    const alice = user("alice");
    await alice.connect();
    await expect(alice.call("bob at nowhere")).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(alice.message("::", "x")).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(alice.hold()).rejects.toBeInstanceOf(SessionStateError);
    await expect(alice.sendDTMF("1")).rejects.toBeInstanceOf(SessionStateError);
    await expect(alice.answer()).rejects.toBeInstanceOf(SessionStateError);
    const bob = user("bob");
    await bob.connect();
    await bob.register();
    await clock.advance(100);
    await alice.call("sip:bob@example.test");
    await clock.advance(100);
    await settle(bob.answer());
    await clock.advance(100);
    await expect(alice.sendDTMF("x")).rejects.toBeInstanceOf(InvalidOptionError);
    await expect(alice.sendDTMF("12")).rejects.toBeInstanceOf(InvalidOptionError);
    expect(alice.isMuted()).toBe(false);
    await end();
  });

  it("is reachable as Web.SimpleUser, as SIP.js apps import it", () => {
    expect(Web.SimpleUser).toBe(SimpleUser);
  });
});
