import { describe, expect, it } from "vitest";
import { Inviter, Registerer, RegistererState, sha2Digest, UserAgent, type IncomingRequestContext } from "../../src/index.js";
import { world } from "./harness.js";

/** A registrar played by a user agent: `answer` decides each REGISTER's response. */
function registrarWorld(answer: (ctx: IncomingRequestContext, n: number) => void) {
  const w = world();
  const registrar = w.ua("registrar");
  const seen: Array<{ at: number; cseq: number; callId: string; expires: string | undefined; contact: string | undefined; authorization: string | undefined }> = [];
  registrar.registrations$.subscribe((ctx) => {
    const r = ctx.request;
    seen.push({ at: w.clock.now(), cseq: r.cseq.seq, callId: r.callId, expires: r.getHeader("Expires"), contact: r.getHeader("Contact"), authorization: r.getHeader("Authorization") });
    answer(ctx, seen.length);
  });
  const registrarUri = UserAgent.makeURI("sip:registrar.example.test:5060")!;
  return { ...w, registrar, seen, registrarUri };
}

const ok = (ctx: IncomingRequestContext, expires = 600) =>
  void ctx.accept({ extraHeaders: [`Contact: ${ctx.request.getHeader("Contact")!.replace(/;expires=\d+/, "")};expires=${expires}`] });

/** alice registered at a registrar that grants 600 s; the registerer's states recorded. */
async function registeredFor600s() {
  const w = registrarWorld((ctx) => ok(ctx, 600));
  const alice = w.ua("alice");
  await Promise.all([alice.start(), w.registrar.start()]);
  const registerer = new Registerer(alice, { registrar: w.registrarUri });
  const states: string[] = [];
  registerer.state$.subscribe((s) => states.push(s));
  await registerer.register();
  await w.clock.advance(1000);
  return { w, alice, registerer, states };
}

describe("Registerer (RFC 3261 §10) in virtual time", () => {
  it("registers, then refreshes before expiry with the same Call-ID and the next CSeq, never stalling", async () => {
    const { w, alice, registerer, states } = await registeredFor600s();
    expect(registerer.state).toBe(RegistererState.Registered);
    await w.clock.advance(1800_000);
    // refreshes at 99% of 600 s: 594 s after each 200
    expect(w.seen.length).toBe(4);
    expect(new Set(w.seen.map((s) => s.callId)).size).toBe(1);
    expect(w.seen.map((s) => s.cseq)).toEqual([1, 2, 3, 4]);
    const gaps = w.seen.slice(1).map((s, i) => s.at - w.seen[i]!.at);
    for (const g of gaps) expect(g).toBeGreaterThanOrEqual(594_000), expect(g).toBeLessThan(595_000);
    expect(states).toEqual(["Initial", "Registered"]);
  });

  it("userAgent.stop() unregisters a registered registerer before stopping (Expires: 0 reaches the registrar)", async () => {
    const { w, alice, registerer, states } = await registeredFor600s();
    const stopped = alice.stop();
    await w.clock.advance(1000);
    await stopped;
    expect(w.seen.map((s) => s.expires)).toEqual(["600", "0"]);
    expect(states).toEqual(["Initial", "Registered", "Unregistered", "Terminated"]);
    expect(alice.state).toBe("Stopped");
  });

  it("a registerer made while stop() is running is unregistered by that stop() too", async () => {
    const { w, alice } = await registeredFor600s();
    const stopped = alice.stop();
    const late = new Registerer(alice, { registrar: w.registrarUri });
    void late.register().catch(() => undefined);
    await w.clock.advance(2000);
    await stopped;
    const lateOnes = w.seen.filter((s) => s.callId !== w.seen[0]!.callId);
    expect(lateOnes.map((s) => s.expires)).toEqual(["600", "0"]);
    expect(late.state).toBe(RegistererState.Terminated);
    expect(alice.state).toBe("Stopped");
  });

  it("a register() while one is in flight is queued behind it, not rejected", async () => {
    const w = registrarWorld((ctx) => w.clock.scheduler.schedule(() => ok(ctx), 2000));
    const alice = w.ua("alice");
    await Promise.all([alice.start(), w.registrar.start()]);
    const registerer = new Registerer(alice, { registrar: w.registrarUri });
    const waitingChanges: boolean[] = [];
    registerer.waitingChange.addListener((waiting) => waitingChanges.push(waiting));
    const first = registerer.register();
    const second = registerer.register();
    await expect(first).resolves.toBeDefined();
    await w.clock.advance(1000);
    expect(w.seen.length).toBe(1);
    expect(registerer.waiting).toBe(true);
    await w.clock.advance(5000);
    await expect(second).resolves.toBeDefined();
    expect(w.seen.length).toBe(2);
    expect(w.seen[1]!.at - w.seen[0]!.at).toBeGreaterThanOrEqual(2000);
    expect(registerer.waiting).toBe(false);
    expect(waitingChanges).toEqual([true, false, true, false]);
  });

  it("423 Interval Too Brief is retried with the registrar's Min-Expires (§10.2.8)", async () => {
    const w = registrarWorld((ctx, n) => {
      if (n === 1) void ctx.reject({ statusCode: 423, extraHeaders: ["Min-Expires: 1200"] });
      else ok(ctx, 1200);
    });
    const alice = w.ua("alice");
    await Promise.all([alice.start(), w.registrar.start()]);
    const registerer = new Registerer(alice, { registrar: w.registrarUri, expires: 300 });
    await registerer.register();
    await w.clock.advance(1000);
    expect(w.seen.map((s) => s.expires)).toEqual(["300", "1200"]);
    expect(registerer.state).toBe(RegistererState.Registered);
  });

  it("a failure with Retry-After is retried after that many seconds", async () => {
    const w = registrarWorld((ctx, n) => {
      if (n === 1) void ctx.reject({ statusCode: 503, extraHeaders: ["Retry-After: 30"] });
      else ok(ctx);
    });
    const alice = w.ua("alice");
    await Promise.all([alice.start(), w.registrar.start()]);
    const registerer = new Registerer(alice, { registrar: w.registrarUri });
    await registerer.register();
    await w.clock.advance(1000);
    expect(registerer.state).toBe(RegistererState.Unregistered);
    expect(registerer.retryAfter).toBe(30);
    await w.clock.advance(31_000);
    expect(w.seen.length).toBe(2);
    expect(w.seen[1]!.at - w.seen[0]!.at).toBeGreaterThanOrEqual(30_000);
    expect(registerer.state).toBe(RegistererState.Registered);
  });

  it("answers a 401 with digest credentials; unregister({ all: true }) sends Contact: *", async () => {
    const w = registrarWorld((ctx, n) => {
      if (n === 1) void ctx.reject({ statusCode: 401, extraHeaders: ['WWW-Authenticate: Digest realm="example.test", nonce="abc123", qop="auth", algorithm=SHA-256'] });
      else if (ctx.request.getHeader("Contact") === "*") void ctx.accept();
      else ok(ctx);
    });
    const alice = w.ua("alice", { authorizationUsername: "alice", authorizationPassword: "alice-secret", digestAlgorithms: sha2Digest() });
    await Promise.all([alice.start(), w.registrar.start()]);
    const registerer = new Registerer(alice, { registrar: w.registrarUri });
    await registerer.register();
    await w.clock.advance(1000);
    expect(registerer.state).toBe(RegistererState.Registered);
    expect(w.seen[1]!.authorization).toMatch(/^Digest .*algorithm=SHA-256/);
    expect(w.seen[1]!.authorization).not.toContain("alice-secret");
    await registerer.unregister({ all: true });
    await w.clock.advance(1000);
    expect(w.seen[2]!.contact).toBe("*");
    expect(w.seen[2]!.expires).toBe("0");
    expect(registerer.state).toBe(RegistererState.Unregistered);
  });

  it("reg-id without an instanceId: a version 4 UUID of the user agent's own, the same for each of its registerers", async () => {
    const w = registrarWorld((ctx) => void ctx.accept());
    const alice = w.ua("alice");
    await Promise.all([alice.start(), w.registrar.start()]);
    await new Registerer(alice, { registrar: w.registrarUri, regId: 1 }).register();
    await new Registerer(alice, { registrar: w.registrarUri, regId: 2 }).register();
    await w.clock.advance(1000);
    const instance = (i: number) => /\+sip\.instance="<urn:uuid:([^>]*)>"/.exec(w.seen[i]!.contact ?? "")?.[1];
    expect(instance(0)).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(instance(1)).toBe(instance(0));
  });

  it("RFC 5626 instance and reg-id go in the Contact; a GRUU in the 200 becomes the Contact of later calls (RFC 5627)", async () => {
    const gruu = "sip:alice@example.test;gr=urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6";
    const w = registrarWorld((ctx) =>
      void ctx.accept({ extraHeaders: [`Contact: ${ctx.request.getHeader("Contact")!.replace(/;expires=\d+/, "")};expires=600;pub-gruu="${gruu}"`] }),
    );
    const alice = w.ua("alice", { instanceId: "f81d4fae-7dec-11d0-a765-00a0c91e6bf6" });
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start(), w.registrar.start()]);
    const registerer = new Registerer(alice, { registrar: w.registrarUri, regId: 1 });
    await registerer.register();
    await w.clock.advance(1000);
    expect(w.seen[0]!.contact).toContain('+sip.instance="<urn:uuid:f81d4fae-7dec-11d0-a765-00a0c91e6bf6>"');
    expect(w.seen[0]!.contact).toContain("reg-id=1");
    let contact: string | undefined;
    bob.invites$.subscribe((i) => (contact = i.request.getHeader("Contact")));
    await new Inviter(alice, w.target("bob")).invite();
    await w.clock.advance(1000);
    expect(contact).toBe(`<${gruu}>`);
  });
});
