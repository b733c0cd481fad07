import { describe, expect, it } from "vitest";
import { UserAgent, type UserAgentOptions } from "../../../src/index.js";
import { InMemoryNetwork, InMemoryTransport, VirtualClock, type InMemoryEndpoint } from "../../../src/testing/index.js";

const ADDRESS = "alice.example.test:5060";

/** A user agent with SIP.js's reconnection options whose transport drops at 10 and can connect again from `back` on. */
async function dropped(options: Partial<UserAgentOptions>, back: number | undefined) {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 1 });
  const ua = new UserAgent({
    uri: UserAgent.makeURI("sip:alice@example.test")!,
    transportConstructor: InMemoryTransport as never,
    transportOptions: { network, address: ADDRESS },
    scheduler: clock.scheduler,
    logBuiltinEnabled: false,
    ...options,
  });
  await ua.start();
  const attempts: number[] = [];
  const connected: number[] = [];
  ua.connection$.subscribe((s) => (s.type === "connecting" ? attempts.push(clock.now()) : s.type === "connected" && connected.push(clock.now())));
  let blocker: InMemoryEndpoint | undefined;
  clock.scheduler.schedule(() => {
    (ua.transport as unknown as InMemoryTransport).fail();
    blocker = network.endpoint(ADDRESS); // the path is down: connecting fails
  }, 10);
  if (back !== undefined) clock.scheduler.schedule(() => blocker?.close(), back);
  await clock.advance(30_000);
  return { ua, attempts, connected };
}

describe("UserAgentOptions reconnectionAttempts / reconnectionDelay (SIP.js) take effect", () => {
  it("3 attempts, 4 s apart, the first at once: the third one reconnects", async () => {
    const { ua, attempts, connected } = await dropped({ reconnectionAttempts: 3, reconnectionDelay: 4 }, 6000);
    expect(attempts).toEqual([10, 4010, 8010]);
    expect(connected).toEqual([0, 8010]);
    expect(ua.isConnected()).toBe(true);
    await ua.stop();
  });

  it("an outage longer than the attempts: exactly 2 attempts 1 s apart, then it stays disconnected with the error", async () => {
    const { ua, attempts } = await dropped({ reconnectionAttempts: 2, reconnectionDelay: 1 }, undefined);
    expect(attempts).toEqual([10, 1010]);
    expect(ua.isConnected()).toBe(false);
    await ua.stop();
  });

  it("the SIP.js default (0 attempts): no reconnection", async () => {
    const { ua, attempts } = await dropped({}, 20);
    expect(attempts).toEqual([]);
    expect(ua.isConnected()).toBe(false);
    await ua.stop();
  });
});
