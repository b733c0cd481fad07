import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { Inviter, ListenerError, Messager, Registerer, RegistererState, SessionState, UserAgent, type Invitation, type Session } from "../../src/index.js";
import { world } from "./harness.js";

/**
 * Application code that throws — a stateChange listener, a state$ subscriber, a delegate
 * callback — never leaves a session half-ended and never escapes as an uncaught exception:
 * the SDK finishes its work and reports the error on userAgent.errors$.
 */
describe("listeners, subscribers and delegates that throw", () => {
  const uncaught: unknown[] = [];
  const onUncaught = (e: unknown) => void uncaught.push(e);
  beforeEach(() => {
    uncaught.length = 0;
    process.on("uncaughtException", onUncaught);
  });
  afterEach(() => {
    process.off("uncaughtException", onUncaught);
  });

  async function call() {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const errors: { alice: Error[]; bob: Error[] } = { alice: [], bob: [] };
    alice.errors$.subscribe((e) => errors.alice.push(e));
    bob.errors$.subscribe((e) => errors.bob.push(e));
    const invitations: Invitation[] = [];
    bob.delegate = { onInvite: (i) => void (invitations.push(i), i.accept()) };
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(500);
    expect(inviter.state).toBe(SessionState.Established);
    return { ...w, alice, bob, errors, inviter, invitation: invitations[0]! };
  }

  /** Lets RxJS's deferred error reports (a setTimeout 0) run, so an escaped error would show. */
  const flushHostTimers = () => new Promise((resolve) => setTimeout(resolve, 5));

  function endedCleanly(ua: UserAgent, session: Session, completed: boolean) {
    expect(session.state).toBe(SessionState.Terminated);
    expect([...ua.sessions.values()]).not.toContain(session);
    expect(completed).toBe(true);
  }

  it("a stateChange listener that throws on Terminated: the session is still cleaned up, the error is on errors$", async () => {
    const { clock, alice, bob, errors, inviter, invitation } = await call();
    let completed = false;
    invitation.state$.subscribe({ complete: () => (completed = true) });
    const seenByLater: string[] = [];
    invitation.stateChange.addListener((s) => {
      if (s === SessionState.Terminated) throw new Error("listener bug");
    });
    invitation.stateChange.addListener((s) => seenByLater.push(s));
    await inviter.bye();
    await clock.advance(500);
    await flushHostTimers();
    endedCleanly(bob, invitation, completed);
    endedCleanly(alice, inviter, true);
    expect(seenByLater).toEqual([SessionState.Terminated]);
    expect(errors.bob).toHaveLength(1);
    expect(errors.bob[0]).toBeInstanceOf(ListenerError);
    expect((errors.bob[0] as ListenerError).source).toBe("session.stateChange");
    expect((errors.bob[0] as ListenerError).cause).toEqual(new Error("listener bug"));
    expect(uncaught).toEqual([]);
  });

  it("a state$ subscriber that throws: reported on errors$, the session ends and its other subscribers complete", async () => {
    const { clock, bob, errors, inviter, invitation } = await call();
    invitation.state$.subscribe((s) => {
      if (s === SessionState.Terminated) throw new Error("subscriber bug");
    });
    let completed = false;
    invitation.state$.subscribe({ complete: () => (completed = true) });
    await inviter.bye();
    await clock.advance(500);
    await flushHostTimers();
    endedCleanly(bob, invitation, completed);
    expect(errors.bob.map((e) => (e as ListenerError).source)).toEqual(["session.state$"]);
    expect(uncaught).toEqual([]);
  });

  it("a delegate onBye that throws: the BYE is answered 200, the session ends, the error is reported", async () => {
    const { clock, wire, alice, errors, inviter, invitation } = await call();
    let completed = false;
    inviter.state$.subscribe({ complete: () => (completed = true) });
    inviter.delegate = {
      onBye: () => {
        throw new Error("onBye bug");
      },
    };
    await invitation.bye();
    await clock.advance(500);
    await flushHostTimers();
    endedCleanly(alice, inviter, completed);
    expect(wire().filter((l) => l.startsWith("alice: SIP/2.0"))).toContain("alice: SIP/2.0 200 OK");
    expect(errors.alice.map((e) => (e as ListenerError).source)).toEqual(["session.delegate.onBye"]);
    expect(uncaught).toEqual([]);
  });

  it("an onInvite that throws before answering: 500 to the caller, reported, and the next call still gets through", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const errors: Error[] = [];
    bob.errors$.subscribe((e) => errors.push(e));
    let first = true;
    bob.delegate = {
      onInvite: (i) => {
        if (first) {
          first = false;
          throw new Error("onInvite bug");
        }
        void i.accept();
      },
    };
    const failed = new Inviter(alice, w.target("bob"));
    const codes: number[] = [];
    failed.responses$.subscribe((r) => codes.push(r.statusCode));
    await failed.invite();
    await w.clock.advance(500);
    expect(codes.at(-1)).toBe(500);
    expect(failed.state).toBe(SessionState.Terminated);
    const second = new Inviter(alice, w.target("bob"));
    await second.invite();
    await w.clock.advance(500);
    expect(second.state).toBe(SessionState.Established);
    expect(errors.map((e) => (e as ListenerError).source)).toEqual(["delegate.onInvite"]);
    await flushHostTimers();
    expect(uncaught).toEqual([]);
  });

  it("an onMessage that throws before answering: 500 to the sender, reported on errors$", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const errors: Error[] = [];
    bob.errors$.subscribe((e) => errors.push(e));
    bob.delegate = {
      onMessage: () => {
        throw new Error("onMessage bug");
      },
    };
    const rejected: number[] = [];
    await new Messager(alice, w.target("bob"), "hi").message({ requestDelegate: { onReject: (r) => void rejected.push(r.message.statusCode) } });
    await w.clock.advance(500);
    expect(rejected).toEqual([500]);
    expect(errors.map((e) => (e as ListenerError).source)).toEqual(["delegate.onMessage"]);
    await flushHostTimers();
    expect(uncaught).toEqual([]);
  });

  it("a registerer's onReject and stateChange listener that throw: the state still moves, both errors are reported", async () => {
    const w = world();
    const registrar = w.ua("registrar");
    registrar.registrations$.subscribe((ctx) => void ctx.reject({ statusCode: 403 }));
    const alice = w.ua("alice");
    await Promise.all([alice.start(), registrar.start()]);
    const errors: Error[] = [];
    alice.errors$.subscribe((e) => errors.push(e));
    const registerer = new Registerer(alice, {
      registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!,
      requestDelegate: {
        onReject: () => {
          throw new Error("onReject bug");
        },
      },
    });
    registerer.stateChange.addListener(() => {
      throw new Error("listener bug");
    });
    await registerer.register();
    await w.clock.advance(500);
    expect(registerer.state).toBe(RegistererState.Unregistered);
    expect(errors.map((e) => (e as ListenerError).source).sort()).toEqual(["registerer.stateChange", "requestDelegate.onReject"]);
    await registerer.dispose();
    expect(registerer.state).toBe(RegistererState.Terminated);
    await flushHostTimers();
    expect(uncaught).toEqual([]);
  });

  it("a re-entrant state change from a listener is delivered in order to every listener", async () => {
    const { clock, inviter } = await call();
    const first: string[] = [];
    const second: string[] = [];
    inviter.stateChange.addListener((s) => {
      first.push(s);
      if (s === SessionState.Terminating) throw new Error("still guarded");
    });
    inviter.stateChange.addListener((s) => second.push(s));
    await inviter.bye();
    await clock.advance(500);
    expect(first).toEqual([SessionState.Terminating, SessionState.Terminated]);
    expect(second).toEqual([SessionState.Terminating, SessionState.Terminated]);
  });
});
