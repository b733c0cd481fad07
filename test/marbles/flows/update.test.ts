/**
 * UPDATE (RFC 3311): an offer/answer or a session refresh without touching the dialog's
 * INVITE, sent by either side, in an early dialog or a confirmed one; two offers crossing get
 * 491 both ways and are retried after the delays of RFC 3261 §14.1.
 */
import { describe, expect, it } from "vitest";
import type { IncomingRefresh, InviteSession } from "../../../src/core/dialogs/index.js";
import { Uri } from "../../../src/core/messages/index.js";
import { linkedCores } from "../../core/user-agent-core/link.js";
import { firstLine, hostOf, type WireEntry } from "../../core/user-agent-core/network.js";
import { runMarbles, script } from "../helpers.js";
import { call } from "./established.js";
import { ANSWER, OFFER, SDP } from "./sdp.js";

const header = (w: WireEntry, name: string) => new RegExp(`\\r\\n${name}: *([^\\r]*)\\r\\n`, "i").exec(w.text)?.[1];
const body = (w: WireEntry) => w.text.slice(w.text.indexOf("\r\n\r\n") + 4);
const timeline = (wire: WireEntry[]) => wire.filter((w) => !w.dropped).map((w) => `${w.at} ${w.from}: ${firstLine(w.text)} (${header(w, "CSeq")})`);
const answerWith = (log: string[], who: string) => (u: IncomingRefresh) => {
  log.push(`${who} got ${u.request.method} ${u.request.body === OFFER ? "offer" : u.request.body === "" ? "(no body)" : "?"}`);
  u.accept(u.request.body !== "" ? { body: ANSWER } : {});
};

/** Alice calls; Bob answers with a reliable 183 carrying the answer (so the early offer/answer is complete, RFC 3311 §5.1), then 200 at 2 s. */
function earlyCall(h: Parameters<Parameters<typeof runMarbles>[0]>[0]) {
  const { scheduler } = h;
  const { alice, bob, wire } = linkedCores(scheduler);
  const sessions: { aliceEarly?: InviteSession; bobEarly?: InviteSession; alice?: InviteSession } = {};
  bob.delegate = {
    onInvite(invite) {
      invite.progress({ statusCode: 183, reliable: true, body: ANSWER });
      sessions.bobEarly = invite.earlySession;
      scheduler.schedule(() => invite.accept(), 2000);
    },
  };
  alice.invite(alice.createRequest("INVITE", Uri.sip("bob", hostOf("bob"), 5060), { body: SDP }), {
    onProgress: (_r, s) => (sessions.aliceEarly ??= s),
    onAccept: (_r, s) => (sessions.alice = s),
  });
  return { alice, bob, wire, sessions };
}

describe("UPDATE (RFC 3311)", () => {
  it("§5.1: the caller sends UPDATE with an offer in the early dialog; the callee answers in the 200", () => {
    runMarbles((h) => {
      const { wire, sessions } = earlyCall(h);
      const log: string[] = [];
      script(h, "500ms u 4499ms e", {
        u: () => {
          sessions.bobEarly!.delegate.onUpdate = answerWith(log, "bob");
          expect(sessions.aliceEarly!.state).toBe("early");
          sessions.aliceEarly!.update({ body: OFFER }, { onAccept: (r) => log.push(`alice's UPDATE answered ${r.statusCode} ${r.body === ANSWER ? "with the answer" : ""}`) });
        },
        e: () => sessions.alice!.bye(),
      });
      h.scheduler.flush();
      expect(timeline(wire.filter((w) => w.at < 5000))).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 183 Session Progress (1 INVITE)",
        "20 alice: PRACK (2 PRACK)",
        "30 bob: SIP/2.0 200 OK (2 PRACK)",
        "500 alice: UPDATE (3 UPDATE)",
        "510 bob: SIP/2.0 200 OK (3 UPDATE)",
        "2010 bob: SIP/2.0 200 OK (1 INVITE)",
        "2020 alice: ACK (1 ACK)",
      ]);
      const update = wire[4]!;
      expect(body(update)).toBe(OFFER);
      expect(header(update, "Contact")).toContain("sip:alice@");
      expect(log).toEqual(["bob got UPDATE offer", "alice's UPDATE answered 200 with the answer"]);
      expect(sessions.alice).toBe(sessions.aliceEarly); // the early dialog became the session
    });
  });

  it("§5.1: the callee sends UPDATE with an offer in the early dialog; the caller answers in the 200", () => {
    runMarbles((h) => {
      const { wire, sessions } = earlyCall(h);
      const log: string[] = [];
      script(h, "500ms u 4499ms e", {
        u: () => {
          sessions.aliceEarly!.delegate.onUpdate = answerWith(log, "alice");
          sessions.bobEarly!.update({ body: OFFER }, { onAccept: (r) => log.push(`bob's UPDATE answered ${r.statusCode} ${r.body === ANSWER ? "with the answer" : ""}`) });
        },
        e: () => sessions.alice!.bye(),
      });
      h.scheduler.flush();
      expect(timeline(wire.filter((w) => w.at >= 500 && w.at < 1000))).toEqual(["500 bob: UPDATE (1 UPDATE)", "510 alice: SIP/2.0 200 OK (1 UPDATE)"]);
      // the callee's UPDATE goes to the caller's Contact, From/To swapped, with the callee's own CSeq space
      const update = wire.find((w) => w.text.startsWith("UPDATE"))!;
      expect(update.text.startsWith(`UPDATE sip:alice@${hostOf("alice")}:5060 SIP/2.0`)).toBe(true);
      expect(header(update, "From")).toContain("sip:bob@");
      expect(log).toEqual(["alice got UPDATE offer", "bob's UPDATE answered 200 with the answer"]);
    });
  });

  it("in a confirmed dialog either side may UPDATE with an offer; the 200 carries the answer", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const { alice, bob, wire } = linkedCores(scheduler);
      const c = call(scheduler, alice, bob);
      const log: string[] = [];
      script(h, "1000ms a 999ms b 999ms e", {
        a: () => {
          c.bob!.delegate.onUpdate = answerWith(log, "bob");
          c.alice!.delegate.onUpdate = answerWith(log, "alice");
          c.alice!.update({ body: OFFER }, { onAccept: () => log.push("alice's UPDATE accepted") });
        },
        b: () => c.bob!.update({ body: OFFER }, { onAccept: () => log.push("bob's UPDATE accepted") }),
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      expect(timeline(wire)).toEqual([
        "0 alice: INVITE (1 INVITE)",
        "10 bob: SIP/2.0 200 OK (1 INVITE)",
        "20 alice: ACK (1 ACK)",
        "1000 alice: UPDATE (2 UPDATE)",
        "1010 bob: SIP/2.0 200 OK (2 UPDATE)",
        "2000 bob: UPDATE (1 UPDATE)",
        "2010 alice: SIP/2.0 200 OK (1 UPDATE)",
        "3000 alice: BYE (3 BYE)",
        "3010 bob: SIP/2.0 200 OK (3 BYE)",
      ]);
      expect(log).toEqual(["bob got UPDATE offer", "alice's UPDATE accepted", "alice got UPDATE offer", "bob's UPDATE accepted"]);
      for (const w of wire.filter((x) => x.text.startsWith("SIP/2.0 200 OK") && header(x, "CSeq")!.endsWith("UPDATE"))) expect(body(w)).toBe(ANSWER);
    });
  });

  it("§5.2: two UPDATE offers crossing get 491 both ways; each side retries after the §14.1 delay and both succeed", () => {
    const waits: Array<{ alice: number; bob: number }> = [];
    for (let i = 0; i < 10; i++) {
      runMarbles((h) => {
        const { scheduler } = h;
        const { alice, bob, wire } = linkedCores(scheduler, { seeds: [300 + i, 400 + i] });
        const c = call(scheduler, alice, bob);
        const log: string[] = [];
        script(h, "1000ms u 9999ms e", {
          u: () => {
            c.bob!.delegate.onUpdate = answerWith(log, "bob");
            c.alice!.delegate.onUpdate = answerWith(log, "alice");
            c.alice!.update({ body: OFFER }, { onAccept: () => log.push("alice's UPDATE accepted") });
            c.bob!.update({ body: OFFER }, { onAccept: () => log.push("bob's UPDATE accepted") });
          },
          e: () => c.alice!.bye(),
        });
        scheduler.flush();
        const early = timeline(wire.filter((w) => w.at >= 1000 && w.at <= 1010));
        expect(early).toEqual([
          "1000 alice: UPDATE (2 UPDATE)",
          "1000 bob: UPDATE (1 UPDATE)",
          "1010 bob: SIP/2.0 491 Request Pending (2 UPDATE)",
          "1010 alice: SIP/2.0 491 Request Pending (1 UPDATE)",
        ]);
        const updates = (from: string) => wire.filter((w) => w.from === from && w.text.startsWith("UPDATE"));
        // the 491s arrive at 1020; the second UPDATE of each side leaves after its wait
        waits.push({ alice: updates("alice")[1]!.at - 1020, bob: updates("bob")[1]!.at - 1020 });
        expect([...log].sort()).toEqual(["alice got UPDATE offer", "alice's UPDATE accepted", "bob got UPDATE offer", "bob's UPDATE accepted"]);
      });
    }
    for (const w of waits) {
      expect(w.alice).toBeGreaterThanOrEqual(2100); // alice made the Call-ID
      expect(w.alice).toBeLessThanOrEqual(4000);
      expect(w.bob).toBeGreaterThanOrEqual(0);
      expect(w.bob).toBeLessThanOrEqual(2000);
      expect(w.alice % 10).toBe(0);
      expect(w.bob % 10).toBe(0);
    }
  });

  it("§5.2: an UPDATE without an offer is not an offer: it is answered 200 even while our own offer is pending", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      // bob's answer to alice's re-INVITE takes 500 ms; bob's bodiless UPDATE arrives meanwhile
      const { alice, bob, wire } = linkedCores(scheduler);
      const c = call(scheduler, alice, bob);
      script(h, "1000ms r 99ms u 2899ms e", {
        r: () => {
          c.bob!.delegate.onReinvite = (re) => scheduler.schedule(() => re.accept({ body: ANSWER }), 500);
          c.alice!.reinvite({ body: OFFER });
        },
        u: () => c.bob!.update({}),
        e: () => c.alice!.bye(),
      });
      scheduler.flush();
      expect(timeline(wire.filter((w) => w.at >= 1000 && w.at < 4000))).toEqual([
        "1000 alice: INVITE (2 INVITE)",
        "1100 bob: UPDATE (1 UPDATE)",
        "1110 alice: SIP/2.0 200 OK (1 UPDATE)",
        "1210 bob: SIP/2.0 100 Trying (2 INVITE)", // bob's user takes longer than 200 ms (§17.2.1)
        "1510 bob: SIP/2.0 200 OK (2 INVITE)",
        "1520 alice: ACK (2 ACK)",
      ]);
    });
  });
});
