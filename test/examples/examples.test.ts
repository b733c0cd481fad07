import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Invitation, Inviter, Registerer, RegistererState, SessionState, UserAgent } from "../../src/index.js";
import { NodeTransport } from "../../src/node.js";
import { fakeSessionDescriptionHandlerFactory, startRegistrar, type Registrar } from "../../src/testing/index.js";

/**
 * The seed's two examples, with only the import changed, run against the embedded
 * registrar/proxy of rxsip/testing over WebSocket on loopback.
 */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("examples/getting-started.ts against the embedded registrar", () => {
  let registrar: Registrar;
  let bob: UserAgent;
  const bobCalls: Invitation[] = [];
  const rejections: unknown[] = [];
  const record = (e: unknown) => rejections.push(e);

  beforeAll(async () => {
    registrar = await startRegistrar({ ws: true });
    bob = new UserAgent({
      uri: UserAgent.makeURI("sip:bob@example.com")!,
      transportConstructor: NodeTransport,
      transportOptions: { server: registrar.addresses.urls.ws },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      logBuiltinEnabled: false,
    });
    bob.invites$.subscribe((i) => {
      bobCalls.push(i);
      void i.accept();
    });
    await bob.start();
    await new Registerer(bob).register();
    await until(() => registrar.bindings.some((b) => b.aor.includes("bob")));
    process.on("unhandledRejection", record);
  });

  afterAll(async () => {
    process.off("unhandledRejection", record);
    await bob?.stop();
    await registrar?.stop();
  });

  it("registers alice, calls bob through the proxy, and is refused the early refer() with a typed error", async () => {
    process.env.RXSIP_SERVER = registrar.addresses.urls.ws;
    const example = await import("../../examples/getting-started.js");
    await until(() => bobCalls[0]?.state === SessionState.Established);
    // alice's side of the call: the Inviter the example made, owned by its user agent
    await until(() => [...example.userAgent.owned].some((o) => o instanceof Inviter && o.state === SessionState.Established));
    await until(() => example.registerer.state === RegistererState.Registered);
    expect(registrar.bindings.map((b) => b.aor)).toEqual(expect.arrayContaining([expect.stringContaining("alice"), expect.stringContaining("bob")]));
    expect(bobCalls[0]!.remoteIdentity.uri.toString()).toBe("sip:alice@example.com");
    await until(() => rejections.length > 0);
    expect(rejections[0]).toMatchObject({ name: "SessionStateError", code: "INVALID_STATE" });
    await example.userAgent.stop();
    await until(() => bobCalls[0]!.state === SessionState.Terminated);
  });
});

describe("examples/network-changes.ts against the embedded registrar", () => {
  it("registers on connect, and after the server drops the connection reconnects and registers again", async () => {
    let registrar = await startRegistrar({ ws: true });
    const port = registrar.addresses.ws!;
    (globalThis as { window?: EventTarget }).window = new EventTarget();
    process.env.RXSIP_SERVER = registrar.addresses.urls.ws;
    process.env.RXSIP_AOR = "sip:carol@example.com";
    const example = await import("../../examples/network-changes.js");
    const states: string[] = [];
    example.registerer.state$.subscribe((s: string) => states.push(s));
    await example.userAgent.start();
    await until(() => example.registerer.state === RegistererState.Registered);
    // the server goes away (connection lost, with an error) and comes back on the same port
    await registrar.stop();
    await until(() => !example.userAgent.isConnected());
    registrar = await startRegistrar({ ws: { port } });
    await until(() => example.userAgent.isConnected(), 15_000);
    await until(() => registrar.bindings.some((b) => b.aor.includes("carol")), 5000);
    // the 200 to the new REGISTER reaches the client after the registrar stored the binding
    await until(() => states.filter((s) => s === "Registered").length >= 2, 5000);
    expect(states).toEqual(["Initial", "Registered", "Unregistered", "Registered"]);
    // going "online" while connected starts no second reconnection
    (globalThis as unknown as { window: EventTarget }).window.dispatchEvent(new Event("online"));
    await example.userAgent.stop();
    await registrar.stop();
    delete (globalThis as { window?: EventTarget }).window;
  }, 30_000);
});
