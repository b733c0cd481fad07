// A whole call between two user agents on an in-memory network, in virtual time: no sockets,
// no waiting. The README quotes this file; test/examples/virtual-time.test.ts runs it.
import { Inviter, SessionState, UserAgent } from "rxsip";
import { InMemoryNetwork, InMemoryTransport, VirtualClock, fakeSessionDescriptionHandlerFactory } from "rxsip/testing";

export async function callInVirtualTime(): Promise<{ states: SessionState[]; virtualMs: number }> {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 20 });
  const agent = (name: string) =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`),
      transportConstructor: InMemoryTransport,
      transportOptions: { network, address: `${name}.example.test:5060`, reliable: true },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      scheduler: clock.scheduler,
      logBuiltinEnabled: false,
    });
  const alice = agent("alice");
  const bob = agent("bob");
  bob.invites$.subscribe((invitation) => void invitation.accept());
  await Promise.all([alice.start(), bob.start(), clock.advance(0)]);

  const call = new Inviter(alice, UserAgent.makeURI("sip:bob@bob.example.test:5060")!);
  const states: SessionState[] = [];
  call.state$.subscribe((state) => states.push(state));
  void call.invite();
  await clock.advance(1_000); // INVITE, 180/200, ACK: established
  await clock.advance(2 * 60 * 60_000); // two hours of session-timer refreshes, instantly
  void call.bye();
  await clock.advance(1_000);
  await Promise.all([alice.stop(), bob.stop(), clock.advance(0)]);
  return { states, virtualMs: clock.now() };
}
