import { describe, expect, it } from "vitest";
import { RegistererState } from "../../src/index.js";
import { startRegistrar } from "../../src/testing/index.js";

/**
 * examples/reactive-reconnection.ts (the seed's network-change behaviour as one pipeline),
 * run beside the seed's own version (examples.test.ts) against the embedded registrar over
 * WebSocket on loopback: the server goes away and comes back on the same port.
 */
async function until(check: () => boolean, ms = 5000): Promise<void> {
  const end = performance.now() + ms;
  while (!check()) {
    if (performance.now() > end) throw new Error(`timed out waiting for ${check.toString()}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

describe("examples/reactive-reconnection.ts against the embedded registrar", () => {
  it("registers on connect; after the server drops the connection it reconnects (4 s later) and registers again", async () => {
    let registrar = await startRegistrar({ ws: true });
    const port = registrar.addresses.ws!;
    process.env.RXSIP_SERVER = registrar.addresses.urls.ws;
    process.env.RXSIP_AOR = "sip:dave@example.com";
    const example = await import("../../examples/reactive-reconnection.js");
    await example.userAgent.start();
    await until(() => example.registerer.state === RegistererState.Registered);
    expect(registrar.bindings.map((b) => b.aor)).toEqual(["dave"]);

    await registrar.stop();
    const lostAt = performance.now();
    await until(() => !example.userAgent.isConnected());
    registrar = await startRegistrar({ ws: { port } });
    await until(() => registrar.bindings.some((b) => b.aor === "dave"), 15_000);
    await until(() => example.states.filter((s) => s === RegistererState.Registered).length >= 2, 5000);
    // the attempt at once found no server; the one 4 s later did
    expect(performance.now() - lostAt).toBeGreaterThan(3500);
    expect(example.states).toEqual(["Initial", "Registered", "Unregistered", "Registered"]);
    expect(example.failures).toEqual([]);

    example.subscription.unsubscribe();
    await example.userAgent.stop();
    await registrar.stop();
  }, 30_000);
});
