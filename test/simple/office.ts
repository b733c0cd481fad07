import { SimpleUser, type SimpleUserOptions } from "../../src/index.js";
import { fakeSessionDescriptionHandlerFactory, InMemoryNetwork, InMemoryTransport, Registrar, VirtualClock } from "../../src/testing/index.js";

export const REGISTRAR = "registrar.example.test:5060";

/**
 * SimpleUsers on an in-memory network with rxsip/testing's registrar/proxy, in virtual time:
 * `user("alice")` is sip:alice@example.test at alice.example.test:5060, with fake media.
 */
export async function office() {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 5 });
  const registrar = new Registrar({ memory: { network, address: REGISTRAR }, scheduler: clock.scheduler });
  await registrar.start();
  const users: SimpleUser[] = [];
  const user = (name: string, options: SimpleUserOptions = {}) => {
    const u = new SimpleUser(REGISTRAR, {
      aor: `sip:${name}@example.test`,
      ...options,
      userAgentOptions: {
        transportConstructor: InMemoryTransport as never,
        transportOptions: { network, address: `${name}.example.test:5060` },
        sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
        scheduler: clock.scheduler,
        logBuiltinEnabled: false,
        contactName: name,
        ...(options.userAgentOptions ?? {}),
      },
    });
    users.push(u);
    return u;
  };
  /** "from>to first-line" of what crossed the network. */
  const wire = () =>
    network.log
      .filter((r) => !r.dropped)
      .map((r) => `${r.from.split(".")[0]}>${r.to.split(".")[0]} ${r.text.slice(0, r.text.indexOf("\r\n")).replace(/ sip:\S+ SIP\/2\.0$/, "").replace(/^SIP\/2\.0 /, "")}`);
  /** Awaits `p` while virtual time runs in 10 ms steps (for what waits on the network). */
  const settle = async <T>(p: Promise<T>): Promise<T> => {
    let done = false;
    p.then(
      () => (done = true),
      () => (done = true),
    );
    for (let i = 0; i < 10_000 && !done; i++) await clock.advance(10);
    return p;
  };
  const end = async () => {
    for (const u of users) await settle(u.dispose());
    await registrar.stop();
    await clock.advance(60_000);
  };
  return { clock, network, registrar, user, wire, settle, end };
}
