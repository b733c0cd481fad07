import { describe, expect, it } from "vitest";
import { HeaderInjectionError, Invitation, Inviter, Messager, SessionState, type Message } from "../../src/index.js";
import { world } from "./harness.js";

/**
 * A reason phrase is part of the status line: CR/LF in one taken from the caller would
 * forge headers on the wire. Every place that takes one refuses it with the error header
 * values get (HeaderInjectionError), sends nothing and changes nothing.
 */
const FORGED = "Busy\r\nContact: <sip:evil@attacker.test>";

async function call() {
  const w = world();
  const alice = w.ua("alice");
  const bob = w.ua("bob");
  await Promise.all([alice.start(), bob.start()]);
  const invitations: Invitation[] = [];
  bob.invites$.subscribe((i) => {
    i.autoSendAnInitialProvisionalResponse = false;
    invitations.push(i);
  });
  const inviter = new Inviter(alice, w.target("bob"));
  await inviter.invite();
  await w.clock.advance(20);
  return { ...w, alice, bob, inviter, inv: invitations[0]! };
}

const forged = (w: ReturnType<typeof world>) => w.network.log.filter((r) => r.text.includes("evil@attacker.test"));

describe("CR/LF in a reason phrase from the caller is refused (header injection)", () => {
  it("Invitation.reject: HeaderInjectionError, nothing sent, the call still rings and can be answered", async () => {
    const w = await call();
    await expect(w.inv.reject({ statusCode: 486, reasonPhrase: FORGED })).rejects.toBeInstanceOf(HeaderInjectionError);
    await w.clock.advance(100);
    expect(forged(w)).toEqual([]);
    expect(w.inv.state).toBe(SessionState.Initial);
    await w.inv.reject({ statusCode: 486, reasonPhrase: "Busy Here" });
    await w.clock.advance(100);
    expect(w.wire()).toContain("bob: SIP/2.0 486 Busy Here");
  });

  it("Invitation.progress: HeaderInjectionError, no provisional with it", async () => {
    const w = await call();
    await expect(w.inv.progress({ statusCode: 180, reasonPhrase: "Ringing\nX-Evil: 1" })).rejects.toBeInstanceOf(HeaderInjectionError);
    await w.clock.advance(100);
    expect(w.network.log.some((r) => r.text.includes("X-Evil"))).toBe(false);
  });

  it("Message.reject and accept (IncomingRequestContext): HeaderInjectionError, the request still answerable", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const errors: unknown[] = [];
    bob.messages$.subscribe((m: Message) => {
      void m.reject({ statusCode: 488, reasonPhrase: FORGED }).catch((e: unknown) => {
        errors.push(e);
        return m.accept({ reasonPhrase: "OK\r\nX: y" }).catch((e2: unknown) => {
          errors.push(e2);
          return m.reject({ statusCode: 488, reasonPhrase: "Not Here" });
        });
      });
    });
    await new Messager(alice, w.target("bob"), "hello").message();
    await w.clock.advance(100);
    expect(errors.map((e) => (e as Error).constructor)).toEqual([HeaderInjectionError, HeaderInjectionError]);
    expect(forged(w)).toEqual([]);
    expect(w.wire()).toContain("bob: SIP/2.0 488 Not Here");
  });

  it("a NUL or other control character in a reason phrase is refused too; HTAB and UTF-8 are text", async () => {
    const w = await call();
    await expect(w.inv.reject({ statusCode: 486, reasonPhrase: "Busy\u0000" })).rejects.toBeInstanceOf(HeaderInjectionError);
    await w.inv.reject({ statusCode: 486, reasonPhrase: "Occupé\tici" });
    await w.clock.advance(100);
    expect(w.wire()).toContain("bob: SIP/2.0 486 Occupé\tici");
  });

  it("bye() with CR/LF in an extra header: HeaderInjectionError, the call stays up and a later bye() ends it", async () => {
    const w = await call();
    await w.inv.accept();
    await w.clock.advance(100);
    expect(w.inviter.state).toBe(SessionState.Established);
    await expect(w.inviter.bye({ requestOptions: { extraHeaders: ["X-Note: a\r\nContact: <sip:evil@attacker.test>"] } })).rejects.toBeInstanceOf(HeaderInjectionError);
    expect(w.inviter.state).toBe(SessionState.Established);
    expect(forged(w)).toEqual([]);
    await w.inviter.bye();
    await w.clock.advance(100);
    expect(w.inviter.state).toBe(SessionState.Terminated);
    expect(w.inv.state).toBe(SessionState.Terminated);
  });
});
