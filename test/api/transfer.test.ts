import { describe, expect, it } from "vitest";
import { Invitation, Inviter, SessionState, UserAgent } from "../../src/index.js";
import { world } from "./harness.js";
import { scriptedPeer } from "./scriptedPeer.js";

async function callBetween(w: ReturnType<typeof world>, from: ReturnType<ReturnType<typeof world>["ua"]>, to: string) {
  const inviter = new Inviter(from, w.target(to));
  await inviter.invite();
  await w.clock.advance(500);
  return inviter;
}

/** A REFER from server.example.test to alice outside any dialog (click-to-dial), asking her to call `target`. */
function outOfDialogRefer(target: string): string[] {
  return [
    "REFER sip:alice@alice.example.test:5060 SIP/2.0",
    "Via: SIP/2.0/TCP server.example.test:5060;branch=z9hG4bK-r1",
    "Max-Forwards: 70",
    "From: <sip:server@example.test>;tag=s1",
    "To: <sip:alice@example.test>",
    "Call-ID: c2d-1",
    "CSeq: 7 REFER",
    "Contact: <sip:server@server.example.test:5060;transport=tcp>",
    `Refer-To: <${target}>`,
  ];
}

describe("transfers (RFC 3515, RFC 3891, RFC 3892)", () => {
  it("blind transfer: bob refers alice's call to carol; the outcome is a stream of sipfrag lines and a promise", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    const carol = w.ua("carol");
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    const bobCalls: Invitation[] = [];
    bob.invites$.subscribe((i) => {
      bobCalls.push(i);
      void i.accept();
    });
    const carolCalls: Invitation[] = [];
    carol.invites$.subscribe((i) => {
      carolCalls.push(i);
      w.clock.scheduler.schedule(() => void i.accept(), 1000);
    });
    const aliceToBob = await callBetween(w, alice, "bob");
    // alice follows the REFER she receives: accept and call the target
    let referredBy: string | undefined;
    let made: Inviter | undefined;
    aliceToBob.refers$.subscribe((referral) => {
      referredBy = referral.referredBy?.uri.toString();
      void referral.accept();
      made = referral.makeInviter();
      void made.invite();
    });
    const lines: string[] = [];
    const { progress$, outcome } = bobCalls[0]!.transfer(w.target("carol"));
    progress$.subscribe((l) => lines.push(l));
    await w.clock.advance(3000);
    expect(await outcome).toBe(200);
    expect(lines).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"]);
    expect(referredBy).toBe("sip:bob@example.test");
    expect(made!.state).toBe(SessionState.Established);
    expect(carolCalls[0]!.request.getHeader("Referred-By")).toBe("<sip:bob@example.test>");
  });

  it("attended transfer: alice joins bob and carol with REFER + Replaces; carol's call with alice is replaced and ended", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    const carol = w.ua("carol");
    await Promise.all([alice.start(), bob.start(), carol.start()]);
    const bobCalls: Invitation[] = [];
    bob.invites$.subscribe((i) => {
      bobCalls.push(i);
      void i.accept();
    });
    const carolCalls: Invitation[] = [];
    carol.invites$.subscribe((i) => {
      carolCalls.push(i);
      void i.accept();
    });
    const aliceToBob = await callBetween(w, alice, "bob");
    const aliceToCarol = await callBetween(w, alice, "carol");
    // bob follows REFERs by calling the target (with the Replaces the REFER carries)
    bobCalls[0]!.refers$.subscribe((referral) => {
      void referral.accept();
      void referral.makeInviter().invite();
    });
    const { outcome } = aliceToBob.transfer(aliceToCarol);
    await w.clock.advance(5000);
    expect(await outcome).toBe(200);
    expect(carolCalls).toHaveLength(2);
    const replacing = carolCalls[1]!;
    expect(replacing.request.getHeader("Replaces")).toContain(aliceToCarol.dialog!.dialog.callId);
    expect(replacing.replacee).toBe(carolCalls[0]);
    expect(replacing.state).toBe(SessionState.Established);
    expect(carolCalls[0]!.state).toBe(SessionState.Terminated);
    expect(aliceToCarol.state).toBe(SessionState.Terminated);
  });

  it("an INVITE with Replaces naming no dialog gets 481", async () => {
    const w = world();
    const alice = w.ua("alice");
    const carol = w.ua("carol");
    await Promise.all([alice.start(), carol.start()]);
    const invitations: Invitation[] = [];
    carol.invites$.subscribe((i) => invitations.push(i));
    const codes: number[] = [];
    const inviter = new Inviter(alice, w.target("carol"), { extraHeaders: ["Replaces: nosuchcall@x;to-tag=a;from-tag=b"] });
    await inviter.invite({ requestDelegate: { onReject: (r) => codes.push(r.message.statusCode) } });
    await w.clock.advance(1000);
    expect(codes).toEqual([481]);
    expect(invitations).toHaveLength(0);
  });

  it("a REFER refused by the peer resolves the outcome with its status", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.invites$.subscribe((i) => {
      void i.accept();
      i.refers$.subscribe((r) => void r.reject({ statusCode: 603 }));
    });
    const call = await callBetween(w, alice, "bob");
    const { progress$, outcome } = call.transfer(w.target("carol"));
    let completed = false;
    progress$.subscribe({ complete: () => (completed = true) });
    await w.clock.advance(1000);
    expect(await outcome).toBe(603);
    expect(completed).toBe(true);
  });
  it("a subscription terminated before any final status (the transferee stops reporting) resolves the outcome 408, not the provisional", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.invites$.subscribe((i) => {
      void i.accept();
      i.refers$.subscribe((r) => {
        void r.accept();
        // the transferee's refer subscription ends while the target still rings (RFC 3515 §2.4.5, RFC 6665 §4.1.3)
        w.clock.scheduler.schedule(() => {
          i.dialog!.request("NOTIFY", {
            extraHeaders: [["Event", `refer;id=${r.request.cseq.seq}`], ["Subscription-State", "terminated;reason=timeout"]],
            body: "SIP/2.0 180 Ringing\r\n",
            contentType: "message/sipfrag;version=2.0",
          });
        }, 500);
      });
    });
    const call = await callBetween(w, alice, "bob");
    const { progress$, outcome } = call.transfer(w.target("carol"));
    const lines: string[] = [];
    let completed = false;
    progress$.subscribe({ next: (l) => lines.push(l), complete: () => (completed = true) });
    await w.clock.advance(2000);
    expect(lines).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 180 Ringing"]);
    expect(completed).toBe(true);
    expect(await outcome).toBe(408);
  });
  it("a REFER outside any dialog: 202, then the implicit subscription's NOTIFYs in the new dialog, ending with the call's final status (RFC 3515 §2.4.4)", async () => {
    const w = world();
    const alice = w.ua("alice");
    const carol = w.ua("carol");
    await Promise.all([alice.start(), carol.start()]);
    carol.invites$.subscribe((i) => w.clock.scheduler.schedule(() => void i.accept(), 1000));
    // click-to-dial: a server asks alice to call carol
    const server = scriptedPeer(w.network, "server");
    server.onRequest((r) => server.reply(r, "200 OK", "unused"));
    let made: Inviter | undefined;
    alice.refers$.subscribe((referral) => {
      void referral.accept();
      made = referral.makeInviter();
      void made.invite();
    });
    server.send(outOfDialogRefer(w.target("carol").toString()));
    await w.clock.advance(3000);
    const [accepted] = server.responses;
    expect(accepted!.statusCode).toBe(202);
    const aliceTag = accepted!.to.tag!;
    const notifies = server.requests.filter((r) => r.method === "NOTIFY");
    expect(notifies.map((n) => n.body.trim())).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"]);
    for (const n of notifies) {
      expect(n.ruri.toString()).toBe("sip:server@server.example.test:5060;transport=tcp");
      expect([n.callId, n.from.tag, n.to.tag]).toEqual(["c2d-1", aliceTag, "s1"]);
      expect(n.getHeader("Event")).toBe("refer;id=7");
      expect(n.getHeader("Content-Type")).toBe("message/sipfrag;version=2.0");
    }
    expect(notifies.map((n) => n.getHeader("Subscription-State"))).toEqual(["active;expires=60", "active;expires=60", "terminated;reason=noresource"]);
    expect(made!.state).toBe(SessionState.Established);
  });
  it("the referred call gets no answer at all: the final NOTIFY says 408 (Timer B), not 487 as if it were cancelled", async () => {
    const w = world();
    const alice = w.ua("alice");
    const bob = w.ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    w.network.endpoint("silent.example.test:5060", { reliable: true }); // takes the INVITE, never answers
    bob.invites$.subscribe((i) => {
      void i.accept();
      i.refers$.subscribe((r) => {
        void r.accept();
        void r.makeInviter().invite();
      });
    });
    const call = await callBetween(w, alice, "bob");
    const { progress$, outcome } = call.transfer(UserAgent.makeURI("sip:carol@silent.example.test:5060")!);
    const lines: string[] = [];
    progress$.subscribe((l) => lines.push(l));
    await w.clock.advance(40_000);
    expect(lines).toEqual(["SIP/2.0 100 Trying", "SIP/2.0 408 Request Timeout"]);
    expect(await outcome).toBe(408);
  });
});
