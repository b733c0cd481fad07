import { afterEach, describe, expect, it } from "vitest";
import { Registerer, RegistererState, UserAgent, type IncomingRequestContext } from "../../src/index.js";
import { NodeTransport } from "../../src/node.js";
import { InMemoryTransport, VirtualClock } from "../../src/testing/index.js";
import { record, statusNames, until } from "../streams/helpers/observe.js";
import { UdpPeer } from "../streams/helpers/udpPeer.js";
import { world } from "./harness.js";

/**
 * A UDP user agent stays registered when its registrar goes away and comes back: OPTIONS
 * keep-alives are on by default over UDP (the only way UDP can notice), `state$` says
 * disconnected with KEEPALIVE_TIMEOUT when they go unanswered, and the Registerer registers
 * again as soon as the transport is connected again.
 */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

describe("UDP: defaults that keep a user agent registered", () => {
  it("OPTIONS keep-alives run every 30 s over UDP by default; unanswered, the transport says disconnected (KEEPALIVE_TIMEOUT)", async () => {
    const clock = new VirtualClock();
    const peer = await UdpPeer.start();
    cleanups.push(() => peer.stop());
    const t = new NodeTransport(undefined, { server: `udp://127.0.0.1:${peer.port}`, localAddress: "127.0.0.1", scheduler: clock.scheduler });
    cleanups.push(() => t.dispose());
    const states = record(t.state$);
    await t.connect();
    await clock.advance(29_999);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.received).toEqual([]);
    await clock.advance(1);
    await until(() => peer.received.length === 1, 3000, "the first OPTIONS keep-alive");
    expect(peer.received[0]!.text.startsWith("OPTIONS ")).toBe(true);
    await clock.advance(10_000); // keepAliveTimeout: no answer
    expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:KEEPALIVE_TIMEOUT"]);
  });

  it("keepAliveInterval: 0 still turns them off", async () => {
    const clock = new VirtualClock();
    const peer = await UdpPeer.start();
    cleanups.push(() => peer.stop());
    const t = new NodeTransport(undefined, { server: `udp://127.0.0.1:${peer.port}`, localAddress: "127.0.0.1", scheduler: clock.scheduler, keepAliveInterval: 0 });
    cleanups.push(() => t.dispose());
    await t.connect();
    await clock.advance(120_000);
    await new Promise((r) => setTimeout(r, 50));
    expect(peer.received).toEqual([]);
  });

  it("after the flow was lost and the transport is connected again, the Registerer registers again at once (not at the next refresh)", async () => {
    const w = world();
    const registrar = w.ua("registrar");
    const seen: number[] = [];
    registrar.registrations$.subscribe((ctx: IncomingRequestContext) => {
      seen.push(w.clock.now());
      void ctx.accept({ extraHeaders: [`Contact: ${ctx.request.getHeader("Contact")!.replace(/;expires=\d+/, "")};expires=3600`] });
    });
    const alice = w.ua("alice");
    await Promise.all([alice.start(), registrar.start()]);
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")!, expires: 3600 });
    await registerer.register();
    await w.clock.advance(1000);
    expect(registerer.state).toBe(RegistererState.Registered);
    (alice.transport as InMemoryTransport).fail("keep-alive unanswered");
    await w.clock.advance(1000);
    await alice.reconnect();
    await w.clock.advance(1000);
    expect(seen.length).toBe(2);
    expect(seen[1]! - seen[0]!).toBeLessThan(5000); // at once, not ~3564 s later
    expect(registerer.state).toBe(RegistererState.Registered);
  });
});
