import { asyncScheduler } from "rxjs";
import { dtmfInfo, Inviter, UserAgent, type Invitation, type SessionDescriptionHandlerFactory } from "../../../src/index.js";
import { NodeTransport } from "../../../src/node.js";
import { InMemoryNetwork, InMemoryTransport } from "../../../src/testing/index.js";

/** Polls `check` every 20 ms until it is true; throws after `ms`, saying what was awaited. */
export async function waitFor(what: string, check: () => boolean, ms = 5000): Promise<void> {
  const until = performance.now() + ms;
  while (!check()) {
    if (performance.now() > until) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Sleeps in real time (media runs on the wall clock). */
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Two rxsip user agents in real time, alice calling bob; bob answers every call. SIP goes over
 * an in-memory network, or with `sip: "tcp"` over TCP on 127.0.0.1 (NodeTransport listeners;
 * not UDP: an INVITE with werift's SDP is over 1300 bytes, which RFC 3261 §18.1.1 moves to a
 * congestion-controlled transport); the media is real either way: werift on 127.0.0.1.
 */
export async function twoAgents(factories: { alice: SessionDescriptionHandlerFactory; bob: SessionDescriptionHandlerFactory }, sip: "memory" | "tcp" = "memory") {
  const network = new InMemoryNetwork({ scheduler: asyncScheduler, delay: 1 });
  const transport = (name: string) =>
    sip === "tcp"
      ? { transportConstructor: NodeTransport, transportOptions: { listen: { protocol: "TCP" as const, host: "127.0.0.1", port: 0 } } }
      : { transportConstructor: InMemoryTransport as never, transportOptions: { network, address: `${name}.example.test:5060`, reliable: true } };
  const agent = (name: "alice" | "bob") =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      ...transport(name),
      sessionDescriptionHandlerFactory: factories[name],
      logBuiltinEnabled: false,
      contactName: name,
      dtmfInfo: dtmfInfo(),
    });
  const alice = agent("alice");
  const bob = agent("bob");
  await Promise.all([alice.start(), bob.start()]);
  const bobAt = sip === "tcp" ? `127.0.0.1:${(bob.transport as NodeTransport).localAddresses[0]!.port};transport=tcp` : "bob.example.test:5060";
  const answered: Invitation[] = [];
  bob.invites$.subscribe((i) => {
    answered.push(i);
    void i.accept();
  });
  const inviter = new Inviter(alice, UserAgent.makeURI(`sip:bob@${bobAt}`)!);
  await inviter.invite();
  await waitFor("bob's Invitation and alice's Inviter to be established", () => inviter.state === "Established" && answered[0]?.state === "Established");
  const stop = async () => {
    await Promise.allSettled([alice.dispose(), bob.dispose()]);
  };
  return { alice, bob, inviter, invitation: answered[0]!, network, stop };
}
