import { describe, expect, it } from "vitest";
import { Inviter, Messager, Publisher, Registerer, RegistererState, SessionState, UserAgent, type Invitation, type RequestOutcome } from "../../src/index.js";
import { world } from "./harness.js";

/** Outcomes that used to reach only a callback or a promise, each on a typed stream with its response. */
describe("streams for what a user waits on", () => {
  it("a registration refused (403): on outcomes$ with the response, every response on responses$; both complete on dispose", async () => {
    const w = world();
    const registrar = w.ua("registrar");
    registrar.registrations$.subscribe((ctx) => void ctx.reject({ statusCode: 403, reasonPhrase: "Wrong Password" }));
    const alice = w.ua("alice");
    await Promise.all([alice.start(), registrar.start()]);
    const registerer = new Registerer(alice, { registrar: UserAgent.makeURI("sip:registrar.example.test:5060")! });
    const outcomes: RequestOutcome[] = [];
    const codes: number[] = [];
    let completed = 0;
    registerer.outcomes$.subscribe({ next: (o) => outcomes.push(o), complete: () => completed++ });
    registerer.responses$.subscribe({ next: (r) => codes.push(r.statusCode), complete: () => completed++ });
    await registerer.register();
    await w.clock.advance(500);
    expect(registerer.state).toBe(RegistererState.Unregistered);
    expect(outcomes.map((o) => [o.type, o.response?.statusCode, o.response?.reasonPhrase, o.request.method])).toEqual([["rejected", 403, "Wrong Password", "REGISTER"]]);
    expect(codes).toEqual([403]);
    await registerer.dispose();
    expect(completed).toBe(2);
  });

  it("the Inviter: provisional and final responses on responses$, the final one on outcomes$", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.delegate = { onInvite: (i) => void w.clock.scheduler.schedule(() => void i.reject({ statusCode: 486 }), 1000) };
    const inviter = new Inviter(alice, w.target("bob"));
    const codes: number[] = [];
    const outcomes: string[] = [];
    inviter.responses$.subscribe((r) => codes.push(r.statusCode));
    inviter.outcomes$.subscribe({ next: (o) => outcomes.push(`${o.type} ${o.response?.statusCode}`), complete: () => outcomes.push("complete") });
    await inviter.invite();
    await w.clock.advance(2000);
    expect(codes).toEqual([180, 486]);
    expect(outcomes).toEqual(["rejected 486", "complete"]);
    expect(inviter.state).toBe(SessionState.Terminated);
  });

  it("Messager and Publisher outcomes carry the response", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.delegate = { onMessage: (m) => void m.reject({ statusCode: 415 }) };
    const messager = new Messager(alice, w.target("bob"), "hi");
    const seen: string[] = [];
    messager.outcomes$.subscribe((o) => seen.push(`MESSAGE ${o.type} ${o.response?.statusCode}`));
    await messager.message();
    await w.clock.advance(500);
    const publisher = new Publisher(alice, w.target("bob"), "presence");
    publisher.outcomes$.subscribe({ next: (o) => seen.push(`PUBLISH ${o.type} ${o.response?.statusCode}`), complete: () => seen.push("publisher complete") });
    await publisher.publish("open");
    await w.clock.advance(500);
    await publisher.dispose();
    expect(seen).toEqual(["MESSAGE rejected 415", "PUBLISH rejected 405", "publisher complete"]);
  });

  it("the session's ACK, BYE and media handler each have a stream beside the delegate", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const seen: string[] = [];
    let invitation: Invitation | undefined;
    bob.delegate = {
      onInvite: (i) => {
        invitation = i;
        i.acks$.subscribe((ack) => seen.push(`bob ack ${ack.method}`));
        i.sessionDescriptionHandlers$.subscribe((e) => seen.push(`bob sdh provisional=${e.provisional} ${e.sessionDescriptionHandler === i.sessionDescriptionHandler}`));
        void i.accept();
      },
    };
    const inviter = new Inviter(alice, w.target("bob"));
    inviter.byes$.subscribe({ next: (bye) => seen.push(`alice bye ${bye.request.method}`), complete: () => seen.push("alice byes$ complete") });
    await inviter.invite();
    await w.clock.advance(500);
    await invitation!.bye();
    await w.clock.advance(500);
    expect(seen).toEqual(["bob sdh provisional=false true", "bob ack ACK", "alice bye BYE", "alice byes$ complete"]);
  });

  it("what the transport reports (a malformed message) reaches userAgent.errors$", async () => {
    const w = world();
    const alice = w.ua("alice");
    await alice.start();
    const errors: Error[] = [];
    alice.errors$.subscribe((e) => errors.push(e));
    const rogue = w.network.endpoint("rogue.example.test:5060", { reliable: true });
    rogue.sendRaw("alice.example.test:5060", "INVITE sip:alice@example.test SIP/2.0\r\nVia: garbage\r\n\r\n");
    await w.clock.advance(100);
    expect(errors.length).toBeGreaterThan(0);
    expect(errors[0]!.name).toMatch(/Error$/);
  });
});
