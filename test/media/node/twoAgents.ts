import { asyncScheduler } from "rxjs";
import { Inviter, UserAgent, type Invitation, type SessionDescriptionHandlerFactory } from "../../../src/index.js";
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
 * Two rxsip user agents on an in-memory SIP network in real time (the media is real: werift
 * on 127.0.0.1), alice calling bob; bob answers every call.
 */
export async function twoAgents(factories: { alice: SessionDescriptionHandlerFactory; bob: SessionDescriptionHandlerFactory }) {
  const network = new InMemoryNetwork({ scheduler: asyncScheduler, delay: 1 });
  const agent = (name: "alice" | "bob") =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: `${name}.example.test:5060`, reliable: true },
      sessionDescriptionHandlerFactory: factories[name],
      logBuiltinEnabled: false,
      contactName: name,
    });
  const alice = agent("alice");
  const bob = agent("bob");
  await Promise.all([alice.start(), bob.start()]);
  const answered: Invitation[] = [];
  bob.invites$.subscribe((i) => {
    answered.push(i);
    void i.accept();
  });
  const inviter = new Inviter(alice, UserAgent.makeURI("sip:bob@bob.example.test:5060")!);
  await inviter.invite();
  await waitFor("bob's Invitation and alice's Inviter to be established", () => inviter.state === "Established" && answered[0]?.state === "Established");
  const stop = async () => {
    await Promise.allSettled([alice.dispose(), bob.dispose()]);
  };
  return { alice, bob, inviter, invitation: answered[0]!, network, stop };
}
