import { asyncScheduler } from "rxjs";
import { InMemoryNetwork, InMemoryTransport, VirtualClock, fakeSessionDescriptionHandlerFactory } from "../../src/testing/index.js";
import { UserAgent, type UserAgentOptions } from "../../src/index.js";

/**
 * User agents joined by an in-memory network in virtual time: `ua("alice")` is
 * sip:alice@example.test at alice.example.test:5060, with fake media.
 */
export function world(options: { reliable?: boolean; seed?: number; loss?: number; duplication?: number } = {}) {
  const clock = new VirtualClock();
  const network = new InMemoryNetwork({
    scheduler: clock.scheduler,
    seed: options.seed ?? 1,
    ...(options.loss ? { loss: options.loss } : {}),
    ...(options.duplication ? { duplication: options.duplication } : {}),
    delay: 5,
  });
  const agents: UserAgent[] = [];
  const ua = (name: string, extra: Partial<UserAgentOptions> = {}) => {
    const agent = new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: `${name}.example.test:5060`, reliable: options.reliable ?? true },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      scheduler: clock.scheduler,
      logBuiltinEnabled: false,
      contactName: name,
      ...extra,
    });
    agents.push(agent);
    return agent;
  };
  const target = (name: string) => UserAgent.makeURI(`sip:${name}@${name}.example.test:5060`)!;
  /** First lines of what went over the wire, "from -> to: line". */
  const wire = () =>
    network.log.filter((r) => !r.dropped).map((r) => `${r.from.split(".")[0]}: ${r.text.slice(0, r.text.indexOf("\r\n")).replace(/ sip:\S+ SIP\/2\.0$/, "")}`);
  return { clock, network, ua, target, wire, agents };
}

/**
 * User agents on the real `asyncScheduler` (TCP-like, 1 ms links), for what virtual time cannot
 * show: a timer asked to wait more than 2**31-1 ms fires at once. `sleep(ms)` waits real time.
 */
export function realTimeWorld() {
  const network = new InMemoryNetwork({ scheduler: asyncScheduler, delay: 1 });
  const ua = (name: string) =>
    new UserAgent({
      uri: UserAgent.makeURI(`sip:${name}@example.test`)!,
      transportConstructor: InMemoryTransport as never,
      transportOptions: { network, address: `${name}.example.test:5060`, reliable: true },
      sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
      logBuiltinEnabled: false,
      contactName: name,
    });
  const target = (name: string) => UserAgent.makeURI(`sip:${name}@${name}.example.test:5060`)!;
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  /** First lines of what went over the wire. */
  const lines = () => network.log.map((r) => r.text.slice(0, r.text.indexOf("\r\n")));
  return { network, ua, target, sleep, lines };
}
