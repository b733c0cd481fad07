import { describe, expect, it } from "vitest";
import { Inviter, Registerer, RegistererState, SessionState, UserAgent, type Invitation } from "../../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, InMemoryNetwork, InMemoryTransport, Registrar, VirtualClock, type RegistrarOptions } from "../../../src/testing/index.js";

const REGISTRAR = "registrar.example.test:5060";

/**
 * rxsip user agents (the SIP.js-compatible API) that register with the registrar and call
 * each other through it, on an in-memory network in virtual time.
 */
async function office(options: Partial<RegistrarOptions> = {}) {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 5 });
  const registrar = new Registrar({ memory: { network, address: REGISTRAR }, scheduler: clock.scheduler, ...options });
  await registrar.start();
  const ua = (name: string, password?: string) =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: `${name}.example.test:5060`, server: REGISTRAR },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      scheduler: clock.scheduler,
      logBuiltinEnabled: false,
      contactName: name,
      ...(password !== undefined ? { authorizationUsername: name, authorizationPassword: password } : {}),
    });
  const wire = () =>
    network.log
      .filter((r) => !r.dropped)
      .map((r) => `${r.from.split(".")[0]}>${r.to.split(".")[0]} ${r.text.slice(0, r.text.indexOf("\r\n")).replace(/ sip:\S+ SIP\/2\.0$/, "").replace(/^SIP\/2\.0 /, "")}`);
  return { clock, network, registrar, ua, wire };
}

describe("Registrar with rxsip user agents (the SIP.js-compatible API), in virtual time", () => {
  it("two user agents register (with Digest), alice calls bob through the proxy, bob hangs up", async () => {
    const { clock, registrar, ua, wire } = await office({ auth: { realm: "example.test", users: { alice: "a-secret", bob: "b-secret" } } });
    const alice = ua("alice", "a-secret");
    const bob = ua("bob", "b-secret");
    await Promise.all([alice.start(), bob.start()]);
    const aliceReg = new Registerer(alice, { expires: 300 });
    const bobReg = new Registerer(bob, { expires: 300 });
    await Promise.all([aliceReg.register(), bobReg.register()]);
    await clock.advance(1000);
    expect(aliceReg.state).toBe(RegistererState.Registered);
    expect(bobReg.state).toBe(RegistererState.Registered);
    expect(registrar.bindings.map((b) => [b.aor, b.expires]).sort()).toEqual([
      ["alice", 300],
      ["bob", 300],
    ]);

    const invitations: Invitation[] = [];
    bob.invites$.subscribe((invitation) => {
      invitations.push(invitation);
      clock.scheduler.schedule(() => void invitation.accept(), 1000);
    });
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@example.test")!);
    await inviter.invite();
    await clock.advance(3000);
    expect(inviter.state).toBe(SessionState.Established);
    expect(invitations[0]!.state).toBe(SessionState.Established);
    await invitations[0]!.bye();
    await clock.advance(1000);
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(wire()).toEqual([
      "alice>registrar REGISTER",
      "bob>registrar REGISTER",
      "registrar>alice 401 Unauthorized",
      "registrar>bob 401 Unauthorized",
      "alice>registrar REGISTER",
      "bob>registrar REGISTER",
      "registrar>alice 200 OK",
      "registrar>bob 200 OK",
      "alice>registrar INVITE",
      "registrar>bob INVITE",
      "bob>registrar 180 Ringing",
      "registrar>alice 180 Ringing",
      "bob>registrar 200 OK",
      "registrar>alice 200 OK",
      "alice>registrar ACK",
      "registrar>bob ACK",
      "bob>registrar BYE",
      "registrar>alice BYE",
      "alice>registrar 200 OK",
      "registrar>bob 200 OK",
    ]);
    // stop() unregisters first; the registrar answers in virtual time
    const stopped = Promise.all([alice.stop(), bob.stop()]);
    await clock.advance(1000);
    await stopped;
    expect(registrar.bindings).toEqual([]);
    await registrar.stop();
  });

  it("a call to a user who is not registered fails with 404", async () => {
    const { clock, registrar, ua } = await office();
    const alice = ua("alice");
    await alice.start();
    const codes: number[] = [];
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:nobody@example.test")!);
    await inviter.invite({ requestDelegate: { onReject: (r) => codes.push(r.message.statusCode) } });
    await clock.advance(1000);
    expect(codes).toEqual([404]);
    expect(inviter.state).toBe(SessionState.Terminated);
    await alice.stop();
    await registrar.stop();
  });
});
