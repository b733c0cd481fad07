import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import {
  acceptInvites,
  Inviter,
  keepRegistered,
  ReconnectionFailedError,
  Registerer,
  RegistererState,
  sessionRecovery,
  SessionState,
  UserAgent,
  type Invitation,
  type UserAgentOptions,
} from "../../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, InMemoryNetwork, InMemoryTransport, Registrar, VirtualClock, type InMemoryEndpoint } from "../../../src/testing/index.js";

const REGISTRAR = "registrar.example.test:5060";
const ALICE = "alice.example.test:5060";

/** One recorded emission: its virtual time and what it was ("|" completion, "#<name>" error). */
type Event = [number, unknown];

/** The marble diagram's emissions as the same [time, value] pairs (run mode: 1 frame = 1 ms). */
function fromMarbles(marbles: string, values: Record<string, unknown>, error?: Error): Event[] {
  const factor = TestScheduler.frameTimeFactor;
  TestScheduler.frameTimeFactor = 1; // as inside TestScheduler.run
  const parsed = TestScheduler.parseMarbles(marbles, values, error, true, true);
  TestScheduler.frameTimeFactor = factor;
  return parsed.map(({ frame, notification: n }) => [
    frame,
    n.kind === "N" ? n.value : n.kind === "C" ? "|" : `#${(n.error as Error).name}`,
  ]);
}

/**
 * The whole reconnection pipeline of two rxsip user agents on the in-memory network, with the
 * registrar/proxy of rxsip/testing, in virtual time: alice keeps herself registered with
 * `keepRegistered` and answers with `acceptInvites`; bob calls her.
 * Frames are virtual milliseconds; the network takes 1 ms per hop.
 */
async function office(aliceOptions: Partial<UserAgentOptions> = {}) {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 1 });
  const registrar = new Registrar({ memory: { network, address: REGISTRAR }, scheduler: clock.scheduler });
  await registrar.start();
  const ua = (name: string, options: Partial<UserAgentOptions> = {}) =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: `${name}.example.test:5060`, server: REGISTRAR },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      scheduler: clock.scheduler,
      logBuiltinEnabled: false,
      contactName: name,
      ...options,
    });
  const alice = ua("alice", aliceOptions);
  const bob = ua("bob");
  await Promise.all([alice.start(), bob.start()]);
  const aliceReg = new Registerer(alice, { expires: 600 });
  const bobReg = new Registerer(bob, { expires: 600 });
  await bobReg.register();

  const record = <T>(events: Event[], map: (v: T) => unknown = (v) => v) => ({
    next: (v: T) => events.push([clock.now(), map(v)]),
    error: (e: Error) => events.push([clock.now(), `#${e.name}`]),
    complete: () => events.push([clock.now(), "|"]),
  });
  const registration: Event[] = [];
  const attempts: number[] = [];
  const sessions: Event[] = [];
  alice.connection$.subscribe((s) => s.type === "connecting" && attempts.push(clock.now()));
  const errors: unknown[] = [];
  const pipeline = alice.connection$.pipe(keepRegistered(aliceReg)).subscribe({ ...record<RegistererState>(registration), error: (e: Error) => (errors.push(e), registration.push([clock.now(), `#${e.name}`])) });
  alice.invites$.pipe(acceptInvites()).subscribe(record<Invitation>(sessions, (i) => i.state));

  /** At `at`, the transport drops; the path stays blocked (connecting fails: the address is taken) until `back`. */
  let blocker: InMemoryEndpoint | undefined;
  const dropAt = (at: number, back: number | undefined) => {
    clock.scheduler.schedule(() => {
      (alice.transport as unknown as InMemoryTransport).fail("the network went away");
      blocker = network.endpoint(ALICE);
    }, at);
    if (back !== undefined) clock.scheduler.schedule(() => blocker?.close(), back);
  };
  /** Stops everything, letting virtual time run for the BYEs and un-REGISTERs. */
  const stop = async () => {
    pipeline.unsubscribe();
    const stopped = Promise.all([alice.stop(), bob.stop()]);
    await clock.advance(64_000);
    await stopped;
    await registrar.stop();
    network.close();
  };
  return { clock, network, registrar, alice, bob, registration, attempts, sessions, errors, dropAt, stop };
}

const states = { i: RegistererState.Initial, r: RegistererState.Registered, u: RegistererState.Unregistered };

describe("reconnection pipeline in virtual time (keepRegistered + acceptInvites, in-memory network)", () => {
  it("the transport drops at frame 10: attempts at 10 and 4010 fail, 8010 reconnects, alice registers again and answers bob's call", async () => {
    const { clock, registrar, bob, registration, attempts, sessions, dropAt, stop } = await office();
    dropAt(10, 6000);
    await clock.advance(8_100);
    expect(registrar.bindings.map((b) => b.aor).sort()).toEqual(["alice", "bob"]);
    // bob calls alice after the reconnection
    const inviter = new Inviter(bob, UserAgent.makeURI("sip:alice@example.test")!);
    clock.scheduler.schedule(() => void inviter.invite(), 900);
    await clock.advance(1_000);

    // REGISTER at 0, its 200 at 2; the drop at 10 unregisters; the REGISTER after the reconnect at 8010 is answered at 8012
    expect(registration).toEqual(fromMarbles("i-r 7ms u 8001ms r", states));
    // the reconnection attempts ("connecting"): at once, 4 s later, 8 s later
    expect(attempts).toEqual([10, 4010, 8010]);
    // INVITE at 9000 reaches alice through the proxy (2 hops) at 9002; acceptInvites answers at once
    // and the Invitation is Established with its 200 (as SIP.js's); bob's side once the 200 reached him
    expect(sessions).toEqual(fromMarbles("9002ms e", { e: SessionState.Established }));
    expect(inviter.state).toBe(SessionState.Established);
    await stop();
  });

  it("a transport that never returns: exactly 3 attempts (10, 4010, 8010), then ReconnectionFailedError", async () => {
    const { clock, registration, attempts, errors, dropAt, stop } = await office();
    dropAt(10, undefined);
    await clock.advance(20_000);
    expect(attempts).toEqual([10, 4010, 8010]);
    expect(registration).toEqual(fromMarbles("i-r 7ms u 7999ms #", states, new ReconnectionFailedError(3)));
    expect(errors[0]).toBeInstanceOf(ReconnectionFailedError);
    expect((errors[0] as ReconnectionFailedError).attempts).toBe(3);
    expect((errors[0] as ReconnectionFailedError).cause).toMatchObject({ name: "TransportError", code: "CONNECT_FAILED" });
    await stop();
  });

  it("a call Established before the drop at frame 10 is recovered after the reconnect at 8010: re-INVITE, recovery$ pending → reinviting → recovered, still Established, ended by BYE afterwards", async () => {
    const { clock, network, alice, bob, registration, attempts, sessions, dropAt, stop } = await office({ sessionRecovery: sessionRecovery() });
    const aliceStates: Event[] = [];
    alice.invites$.subscribe((i) => i.state$.subscribe((s) => aliceStates.push([clock.now(), s])));
    const recovery: Event[] = [];
    const all: Event[] = [];
    alice.recoveries$.subscribe((e) => all.push([clock.now(), e.type]));
    // bob calls alice at frame 2, once she is registered; the drop comes at 10, the path is back at 6000
    const inviter = new Inviter(bob, UserAgent.makeURI("sip:alice@example.test")!);
    const bobStates: Event[] = [];
    inviter.state$.subscribe((s) => bobStates.push([clock.now(), s]));
    clock.scheduler.schedule(() => void inviter.invite(), 2);
    dropAt(10, 6000);
    await clock.advance(9);
    const invitation = alice.sessions.size === 1 ? ([...alice.sessions.values()][0] as Invitation) : undefined;
    expect(invitation?.state, "the call is Established before the drop").toBe(SessionState.Established);
    invitation!.recovery$.subscribe((e) => recovery.push([clock.now(), e.type]));
    await clock.advance(8_100);
    // bob hangs up at 9000, well after the recovery
    clock.scheduler.schedule(() => void inviter.bye(), 9_000 - clock.now());
    await clock.advance(1_000);

    // the same pipeline as above: attempts at 10, 4010, 8010; registered again at 8012
    expect(attempts).toEqual([10, 4010, 8010]);
    expect(registration).toEqual(fromMarbles("i-r 7ms u 8001ms r", states));
    // the INVITE at 2 reaches alice at 4 (2 hops); acceptInvites answers at once
    expect(sessions).toEqual(fromMarbles("4ms e", { e: SessionState.Established }));
    // pending at the drop; the re-INVITE goes out with the reconnection at 8010; bob's 200 reaches
    // alice through the proxy at 8014, where her ACK completes the recovery
    const recoveryMarbles = fromMarbles("10ms p 7999ms r 3ms v", { p: "pending", r: "reinviting", v: "recovered" });
    expect(recovery).toEqual(recoveryMarbles);
    expect(all).toEqual(recoveryMarbles);
    // the re-INVITE on the wire (the log's times are when a hop was sent): alice → proxy at 8010,
    // proxy → bob at 8011, in the call's dialog (its Call-ID, a To tag)
    const invites = network.log.filter((r) => r.text.startsWith("INVITE ") && !r.dropped);
    const callId = (text: string) => /\r\nCall-ID: *([^\r]+)/i.exec(text)?.[1];
    expect(invites.map((r) => [r.at, r.from, r.to])).toEqual([
      [2, "bob.example.test:5060", REGISTRAR],
      [3, REGISTRAR, ALICE],
      [8010, ALICE, REGISTRAR],
      [8011, REGISTRAR, "bob.example.test:5060"],
    ]);
    expect(callId(invites[2]!.text)).toBe(callId(invites[0]!.text));
    expect(invites[2]!.text).toMatch(/\r\nTo: [^\r]*;tag=/i);
    // no state change on either side from the establishment to bob's BYE: alice's side is
    // Establishing then Established at 4 (a group: "(se)" takes 4 frames) until the BYE reaches
    // her at 9002; bob's Established at 6 until his bye() at 9000 (Terminating, then Terminated at once)
    expect(aliceStates).toEqual(fromMarbles("4ms (se) 8994ms t", { s: SessionState.Establishing, e: SessionState.Established, t: SessionState.Terminated }));
    expect(bobStates).toEqual(
      fromMarbles("i-s---e 8993ms (bt)", { i: SessionState.Initial, s: SessionState.Establishing, e: SessionState.Established, b: SessionState.Terminating, t: SessionState.Terminated }),
    );
    // bob's BYE (sent at 9000) reaches alice through the proxy in the recovered dialog, and she answers 200
    const firstLine = (text: string) => text.slice(0, text.indexOf("\r\n"));
    const cseqOf = (text: string) => /\r\nCSeq: *\d+ (\w+)/i.exec(text)?.[1];
    expect(network.log.filter((r) => r.at >= 9_000 && !r.dropped).map((r) => [r.at, r.from, r.to, firstLine(r.text).startsWith("SIP/2.0") ? `${firstLine(r.text)} (${cseqOf(r.text)})` : firstLine(r.text).split(" ")[0]])).toEqual([
      [9000, "bob.example.test:5060", REGISTRAR, "BYE"],
      [9001, REGISTRAR, ALICE, "BYE"],
      [9002, ALICE, REGISTRAR, "SIP/2.0 200 OK (BYE)"],
      [9003, REGISTRAR, "bob.example.test:5060", "SIP/2.0 200 OK (BYE)"],
    ]);
    await stop();
  });
});
