import { describe, expect, it } from "vitest";
import { Invitation, Inviter, ProvisionalNotAcknowledgedError, SessionState } from "../../src/index.js";
import type { SipRequest } from "../../src/index.js";
import { world } from "./harness.js";

/** Two user agents on the in-memory network (5 ms each way), bob's invitations collected. */
async function pair() {
  const w = world();
  const alice = w.ua("alice");
  const bob = w.ua("bob");
  await Promise.all([alice.start(), bob.start()]);
  const invitations: Invitation[] = [];
  bob.invites$.subscribe((i) => invitations.push(i));
  return { ...w, alice, bob, invitations };
}

/** "who: first line [CSeq method]" of every message delivered, in the order sent. */
function lines(w: ReturnType<typeof world>): string[] {
  return w.network.log
    .filter((r) => !r.dropped)
    .map((r) => {
      const first = r.text.slice(0, r.text.indexOf("\r\n")).replace(/ sip:\S+ SIP\/2\.0$/, "");
      const cseq = /\r\nCSeq: \d+ (\w+)\r\n/.exec(r.text)?.[1] ?? "";
      return `${r.from.split(".")[0]}: ${first}${first.startsWith("SIP/2.0") ? ` [${cseq}]` : ""}`;
    });
}

describe("reliable provisional responses through the API (RFC 3262 §3)", () => {
  it("a PRACK that arrives after accept() is answered 200, not 481", async () => {
    const w = await pair();
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(10);
    const inv = w.invitations[0]!;
    // a reliable 180 without a body, then the answer at once: the PRACK is still on its way
    const progressed = inv.progress({ rel100: true });
    await inv.accept();
    await w.clock.advance(500);
    await progressed;
    const wire = lines(w);
    expect(wire.indexOf("bob: SIP/2.0 200 OK [INVITE]")).toBeLessThan(wire.indexOf("alice: PRACK"));
    expect(wire).toContain("bob: SIP/2.0 200 OK [PRACK]");
    expect(wire.some((l) => l.includes("481"))).toBe(false);
    // retransmission of the reliable 180 stopped with the 2xx (§3: SHOULD NOT continue)
    expect(w.network.log.filter((r) => r.text.startsWith("SIP/2.0 180") && r.text.includes("\r\nRSeq: "))).toHaveLength(1);
    expect(inviter.state).toBe(SessionState.Established);
  });

  it("a second reliable provisional is held until the first is PRACKed (§3: MUST NOT send it before), then goes out with the next RSeq", async () => {
    const w = await pair();
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(10);
    const inv = w.invitations[0]!;
    const first = inv.progress({ rel100: true });
    const second = inv.progress({ statusCode: 183, rel100: true });
    await w.clock.advance(1);
    // of the reliable ones, only the 180 is on the wire so far
    const reliable = () => w.network.log.filter((r) => /^SIP\/2\.0 18\d/.test(r.text) && r.text.includes("\r\nRSeq: "));
    expect(reliable().map((r) => r.text.slice(0, 15))).toEqual(["SIP/2.0 180 Rin"]);
    await w.clock.advance(500);
    await Promise.all([first, second]);
    const wire = lines(w);
    const pracks = wire.map((l, i) => [l, i] as const).filter(([l]) => l === "alice: PRACK").map(([, i]) => i);
    const sent183 = wire.indexOf("bob: SIP/2.0 183 Session Progress [INVITE]");
    expect(pracks).toHaveLength(2);
    expect(sent183).toBeGreaterThan(pracks[0]!);
    expect(sent183).toBeLessThan(pracks[1]!);
    const rseqs = reliable().map((r) => Number(/\r\nRSeq: (\d+)/.exec(r.text)![1]));
    expect(rseqs[1]).toBe(rseqs[0]! + 1);
    expect(wire.some((l) => l.includes("481"))).toBe(false);
    await inv.accept();
    await w.clock.advance(100);
    expect(inviter.state).toBe(SessionState.Established);
  });

  it("with SDP in the reliable 183, accept() sends the 2xx only after that 183 is PRACKed", async () => {
    const w = await pair();
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(10);
    const inv = w.invitations[0]!;
    void inv.progress({ statusCode: 183, rel100: true, earlyMedia: true });
    const accepted = inv.accept();
    await w.clock.advance(500);
    await accepted;
    const wire = lines(w);
    const prack = wire.indexOf("alice: PRACK");
    expect(prack).toBeGreaterThan(wire.indexOf("bob: SIP/2.0 183 Session Progress [INVITE]"));
    expect(wire.indexOf("bob: SIP/2.0 200 OK [INVITE]")).toBeGreaterThan(prack);
    expect(inviter.state).toBe(SessionState.Established);
    expect(inv.state).toBe(SessionState.Established);
  });

  it("progress({ rel100: true }) resolves when the PRACK arrives, and prack$ / onPrack say it came", async () => {
    const w = await pair();
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(10);
    const inv = w.invitations[0]!;
    const seen: Array<{ at: number; via: string; method: string }> = [];
    inv.prack$.subscribe((p: SipRequest) => seen.push({ at: w.clock.now(), via: "prack$", method: p.method }));
    inv.delegate = { onPrack: ({ request }) => seen.push({ at: w.clock.now(), via: "delegate", method: request.method }) };
    const sentAt = w.clock.now();
    let resolvedAt: number | undefined;
    void inv.progress({ statusCode: 183, rel100: true, earlyMedia: true }).then(() => (resolvedAt = w.clock.now()));
    await w.clock.advance(4);
    expect(resolvedAt).toBeUndefined(); // sent, not yet PRACKed
    await w.clock.advance(100);
    const prackArrived = w.network.log.find((r) => r.text.startsWith("PRACK"))!.deliverAt!;
    expect(resolvedAt).toBe(prackArrived);
    expect(resolvedAt).toBeGreaterThan(sentAt);
    expect(seen).toEqual([
      { at: prackArrived, via: "prack$", method: "PRACK" },
      { at: prackArrived, via: "delegate", method: "PRACK" },
    ]);
  });

  it("await progress({ rel100: true }); await accept() in the invitation handler: 183, PRACK, its 200, then the 2xx and ACK", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.invites$.subscribe(async (inv) => {
      await inv.progress({ statusCode: 183, rel100: true, earlyMedia: true });
      await inv.accept();
    });
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(1000);
    expect(lines(w).filter((l) => !l.includes("100 Trying"))).toEqual([
      "alice: INVITE",
      "bob: SIP/2.0 183 Session Progress [INVITE]",
      "alice: PRACK",
      "bob: SIP/2.0 200 OK [PRACK]",
      "bob: SIP/2.0 200 OK [INVITE]",
      "alice: ACK",
    ]);
    expect(inviter.state).toBe(SessionState.Established);
  });

  it("the application's own progress() stops the automatic 180: no plain 180 after a reliable one", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.invites$.subscribe((inv) => void inv.progress({ statusCode: 183, rel100: true, earlyMedia: true }).catch(() => undefined));
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(1000);
    const provisionals = lines(w).filter((l) => /^bob: SIP\/2\.0 1[0-9][0-9]/.test(l) && !l.includes("100 Trying"));
    expect(provisionals).toEqual(["bob: SIP/2.0 183 Session Progress [INVITE]"]);
  });

  it("a reliable provisional never PRACKed: progress() rejects with a typed error and the INVITE gets 504 after 64*T1", async () => {
    const w = world();
    const bob = w.ua("bob");
    await bob.start();
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => invitations.push(i));
    const carol = w.network.endpoint("carol.example.test:5060");
    carol.sendRaw(
      "bob.example.test:5060",
      "INVITE sip:bob@bob.example.test:5060 SIP/2.0\r\nVia: SIP/2.0/TCP carol.example.test:5060;branch=z9hG4bKnoprack1\r\n" +
        "From: <sip:carol@example.test>;tag=c1\r\nTo: <sip:bob@example.test>\r\nCall-ID: noprack1\r\nCSeq: 1 INVITE\r\n" +
        "Contact: <sip:carol@carol.example.test:5060;transport=tcp>\r\nSupported: 100rel\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
    );
    await w.clock.advance(10);
    const inv = invitations[0]!;
    let error: unknown;
    const progressed = inv.progress({ rel100: true }).catch((e: unknown) => (error = e));
    await w.clock.advance(64 * 500 + 100);
    await progressed;
    expect(error).toBeInstanceOf(ProvisionalNotAcknowledgedError);
    expect(lines(w)).toContain("bob: SIP/2.0 504 Reliable provisional not acknowledged [INVITE]");
    expect(inv.state).toBe(SessionState.Terminated);
  });
});
