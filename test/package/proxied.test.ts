import { execFileSync } from "node:child_process";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

/**
 * The built package (dist/, where `private` members have short names: scripts/privateNames.mjs)
 * used the way a Vue app holds objects in `reactive()` / `ref()`: behind a Proxy, so every method
 * runs with `this` bound to the proxy. That works only while private members are ordinary
 * properties; ECMAScript `#private` members would throw a TypeError here. Needs `npm run build`.
 */
const root = resolve(dirname(fileURLToPath(import.meta.url)), "../..");

const script = `
import { Inviter, UserAgent } from "rxsip";
import { InMemoryNetwork, InMemoryTransport, VirtualClock, fakeSessionDescriptionHandlerFactory } from "rxsip/testing";
// like Vue's reactive(): deep — what is read from a proxied object is proxied too (plain objects,
// arrays and class instances; Vue leaves frozen objects, promises and the like alone and wraps
// collections in handlers of their own, kept raw here) — and methods run with the proxy as \`this\`
const proxies = new WeakMap();
const wrap = (v) => typeof v === "object" && v !== null && Object.isExtensible(v) && /^\[object (Object|Array)\]$/.test(Object.prototype.toString.call(v)) ? reactive(v) : v;
const reactive = (o) => {
  let p = proxies.get(o);
  if (p === undefined) proxies.set(o, (p = new Proxy(o, { get: (t, k, receiver) => wrap(Reflect.get(t, k, receiver)) })));
  return p;
};
const clock = new VirtualClock();
const network = new InMemoryNetwork({ scheduler: clock.scheduler, delay: 20 });
const agent = (name) => reactive(new UserAgent({
  uri: UserAgent.makeURI("sip:" + name + "@example.test"),
  transportConstructor: InMemoryTransport,
  transportOptions: { network, address: name + ".example.test:5060", reliable: true },
  sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory(),
  scheduler: clock.scheduler,
  logBuiltinEnabled: false,
}));
const alice = agent("alice");
const bob = agent("bob");
bob.invites$.subscribe((invitation) => void reactive(invitation).accept());
await Promise.all([alice.start(), bob.start(), clock.advance(0)]);
const call = reactive(new Inviter(alice, UserAgent.makeURI("sip:bob@bob.example.test:5060")));
const states = [];
call.state$.subscribe((s) => states.push(s));
void call.invite();
await clock.advance(1000);
void call.bye();
await clock.advance(1000);
await Promise.all([alice.stop(), bob.stop(), clock.advance(0)]);
console.log(states.join(","), alice.state, bob.state);
`;

describe("the built package behind a Proxy (Vue reactive)", () => {
  it("a call between two proxied user agents is set up and ended", () => {
    const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], { cwd: root, encoding: "utf8" }).trim();
    expect(out).toBe("Initial,Establishing,Established,Terminating,Terminated Stopped Stopped");
  });
});
