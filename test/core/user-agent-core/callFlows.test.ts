import { TestScheduler } from "rxjs/testing";
import { describe, expect, it } from "vitest";
import { Uri } from "../../../src/core/messages/index.js";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import type { IncomingInvite } from "../../../src/core/user-agent-core/index.js";
import { linkedCores } from "./link.js";

const SDP = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\ns=-\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n";

function virtual(run: (scheduler: TestScheduler) => void) {
  const scheduler = new TestScheduler((a, b) => expect(a).toEqual(b));
  scheduler.run(() => run(scheduler));
}

describe("a call between two user agent cores (RFC 3261 §13, §15) in virtual time", () => {
  it("INVITE → 100 → 180 → 200 → ACK → BYE → 200, over UDP", () => {
    virtual((scheduler) => {
      const { alice, bob, lines } = linkedCores(scheduler);
      let bobSession: InviteSession | undefined;
      bob.delegate = {
        onInvite(invite: IncomingInvite) {
          scheduler.schedule(() => invite.progress(), 50);
          scheduler.schedule(() => (bobSession = invite.accept({ body: SDP })), 1000);
        },
      };
      let aliceSession: InviteSession | undefined;
      const ended: string[] = [];
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", "bob.example.test", 5060), { body: SDP }), {
        onAccept: (_res, session) => {
          aliceSession = session;
          session.delegate.onTerminated = (r) => ended.push(`alice ${r}`);
        },
      });
      scheduler.schedule(() => {
        bobSession!.delegate.onTerminated = (r) => ended.push(`bob ${r}`);
        aliceSession!.bye();
      }, 5000);
      scheduler.flush();
      expect(lines()).toEqual([
        "alice: INVITE",
        "bob: SIP/2.0 180 Ringing",
        "bob: SIP/2.0 200 OK",
        "alice: ACK",
        "alice: BYE",
        "bob: SIP/2.0 200 OK",
      ]);
      expect(ended).toEqual(["alice bye-sent", "bob bye-received"]);
      expect(alice.dialogCount).toBe(0);
      expect(bob.dialogCount).toBe(0);
      expect(alice.transactions.size + bob.transactions.size).toBe(0);
    });
  });

  it("the UAS retransmits its 2xx (T1, 2T1 … T2) until the ACK, and ends with BYE when none comes (§13.3.1.4)", () => {
    virtual((scheduler) => {
      const { alice, bob, wire } = linkedCores(scheduler, { drop: (text, from) => from === "alice" && text.startsWith("ACK") });
      let timedOut = false;
      bob.delegate = {
        onInvite(invite) {
          const s = invite.accept({ body: SDP });
          s.delegate.onAckTimeout = () => (timedOut = true);
        },
      };
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", "bob.example.test", 5060), { body: SDP }));
      scheduler.flush();
      const oks = wire.filter((w) => w.from === "bob" && w.text.startsWith("SIP/2.0 200") && w.text.includes("INVITE\r\n"));
      expect(oks.map((w) => w.at)).toEqual([10, 510, 1510, 3510, 7510, 11510, 15510, 19510, 23510, 27510, 31510]);
      expect(timedOut).toBe(true);
      expect(wire.some((w) => w.from === "bob" && w.text.startsWith("BYE"))).toBe(true);
    });
  });
});

describe("IncomingInvite.accept with CR/LF from the caller (header injection)", () => {
  it("throws HeaderInjectionError, sends nothing, and the INVITE can still be answered", () => {
    virtual((scheduler) => {
      const { alice, bob, lines } = linkedCores(scheduler);
      const errors: string[] = [];
      bob.delegate = {
        onInvite(invite) {
          scheduler.schedule(() => {
            try {
              invite.accept({ body: SDP, reasonPhrase: "OK\r\nContact: <sip:evil@attacker.test>" });
            } catch (e) {
              errors.push((e as Error).name);
            }
            try {
              invite.accept({ body: SDP, extraHeaders: [["X-Note", "a\r\nContact: <sip:evil@attacker.test>"]] });
            } catch (e) {
              errors.push((e as Error).name);
            }
            expect(invite.answered).toBe(false);
            invite.accept({ body: SDP });
          }, 100);
        },
      };
      let accepted = false;
      alice.invite(alice.createRequest("INVITE", Uri.sip("bob", "bob.example.test", 5060), { body: SDP }), { onAccept: () => (accepted = true) });
      scheduler.schedule(() => undefined, 2000);
      scheduler.flush();
      expect(errors).toEqual(["HeaderInjectionError", "HeaderInjectionError"]);
      expect(accepted).toBe(true);
      expect(lines()).toEqual(["alice: INVITE", "bob: SIP/2.0 200 OK", "alice: ACK"]);
    });
  });
});
