import { afterEach, describe, expect, it } from "vitest";
import { Inviter, Messager, Registerer, RegistererState, SessionState, sha2Digest, UserAgent, type Invitation } from "../../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, startRegistrar } from "../../../src/testing/index.js";

const cleanups: Array<() => Promise<unknown>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** Waits (bounded) for a condition that real sockets make true soon. */
async function until(condition: () => boolean, what: string, ms = 3000): Promise<void> {
  const end = performance.now() + ms;
  while (!condition()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("Registrar with rxsip user agents over real WebSockets on 127.0.0.1", () => {
  it("registers two WebSocket user agents with Digest, relays a MESSAGE, and a call with its BYE", async () => {
    const registrar = await startRegistrar({ ws: true, auth: { realm: "example.test", users: { alice: "a-secret", bob: "b-secret" }, algorithm: "SHA-256" } });
    cleanups.push(() => registrar.stop());
    const ua = (name: string) => {
      const agent = new UserAgent({
        uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
        transportOptions: { server: registrar.addresses.urls.ws },
        authorizationUsername: name,
        authorizationPassword: `${name[0]}-secret`,
        digestAlgorithms: sha2Digest(),
        sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
        logBuiltinEnabled: false,
      });
      cleanups.push(() => agent.stop());
      return agent;
    };
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const aliceReg = new Registerer(alice);
    const bobReg = new Registerer(bob);
    await Promise.all([aliceReg.register(), bobReg.register()]);
    await until(() => aliceReg.state === RegistererState.Registered && bobReg.state === RegistererState.Registered, "both registered");
    expect(registrar.bindings.map((b) => b.flow.transport)).toEqual(["ws", "ws"]);
    expect(registrar.bindings.every((b) => b.contact.includes(".invalid"))).toBe(true);

    const texts: string[] = [];
    bob.delegate = { onMessage: (message) => void texts.push(message.request.body) };
    await new Messager(alice, UserAgent.makeURI("sip:bob@example.test")!, "hello bob").message();
    await until(() => texts.length === 1, "the MESSAGE at bob");
    expect(texts).toEqual(["hello bob"]);

    const invitations: Invitation[] = [];
    bob.invites$.subscribe((invitation) => {
      invitations.push(invitation);
      void invitation.accept();
    });
    const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@example.test")!);
    await inviter.invite();
    await until(() => inviter.state === SessionState.Established && invitations[0]?.state === SessionState.Established, "the call established");
    await inviter.bye();
    await until(() => invitations[0]!.state === SessionState.Terminated, "bob's session ended by alice's BYE");
  });
});
