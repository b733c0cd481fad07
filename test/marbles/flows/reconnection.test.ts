import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import {
  acceptInvites,
  Inviter,
  keepRegistered,
  ReconnectionFailedError,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Invitation,
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
async function office() {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 1 });
  const registrar = new Registrar({ memory: { network, address: REGISTRAR }, scheduler: clock.scheduler });
  await registrar.start();
  const ua = (name: string) =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: `${name}.example.test:5060`, server: REGISTRAR },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      scheduler: clock.scheduler,
      logBuiltinEnabled: false,
      contactName: name,
    });
  const alice = ua("alice");
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
  return { clock, registrar, alice, bob, registration, attempts, sessions, errors, dropAt, stop };
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
});
