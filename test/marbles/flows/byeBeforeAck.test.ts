/**
 * The callee hangs up right after answering (RFC 3261 §15): "the callee's UA MUST NOT send
 * a BYE on a confirmed dialog until it has received an ACK for its 2xx response or until the
 * server transaction times out". Its 2xx goes on being retransmitted until the ACK (§13.3.1.4),
 * then the BYE goes. The caller is scripted in raw SIP; its first look at the 2xx is lost.
 */
import { describe, expect, it } from "vitest";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { runMarbles, script } from "../helpers.js";
import { aliceHeaders, scriptedPeer } from "./scriptedPeer.js";
import { SDP } from "./sdp.js";

describe("BYE from the callee before the ACK (RFC 3261 §15)", () => {
  it("the BYE waits for the ACK; the 2xx is retransmitted meanwhile; the session ends once the BYE is sent", () => {
    runMarbles((h) => {
      const peer = scriptedPeer(h.scheduler);
      let session: InviteSession | undefined;
      const ended: string[] = [];
      peer.bob.delegate = {
        onInvite: (i) => {
          session = i.accept({ body: SDP });
          session.delegate.onTerminated = (r) => ended.push(`${r} at ${h.scheduler.now()}`);
          session.bye(); // answered by mistake: hang up at once
        },
      };
      script(h, "a 599ms b 99ms c", {
        a: () => peer.send(aliceHeaders("INVITE", 1, "i1"), SDP),
        // alice ACKs only the retransmitted 2xx (as if the first was lost), then answers the BYE
        b: () => peer.send(aliceHeaders("ACK", 1, "a1", peer.bobTag())),
        c: () => peer.answer("BYE"),
      });
      h.scheduler.flush();
      const fromBob = peer.wire.filter((w) => w.from === "bob").map((w) => `${w.at} ${w.text.slice(0, w.text.indexOf("\r\n")).replace(/ sip:\S+ SIP\/2.0$/, "")}`);
      expect(fromBob).toEqual(["10 SIP/2.0 200 OK", "510 SIP/2.0 200 OK", "610 BYE"]);
      expect(ended).toEqual(["bye-sent at 610"]);
      expect(peer.bob.transactions.size + peer.bob.dialogCount).toBe(0);
    });
  });

  it("no ACK ever: the BYE goes when the 2xx is given up (64*T1), once", () => {
    runMarbles((h) => {
      const peer = scriptedPeer(h.scheduler);
      peer.bob.delegate = { onInvite: (i) => void i.accept({ body: SDP }).bye() };
      script(h, "a 40s b", { a: () => peer.send(aliceHeaders("INVITE", 1, "i1"), SDP), b: () => peer.answer("BYE") });
      h.scheduler.flush();
      const byes = peer.wire.filter((w) => w.text.startsWith("BYE "));
      expect(byes[0]!.at).toBe(32010);
      expect(new Set(byes.map((w) => w.text)).size).toBe(1); // one BYE (retransmitted by its transaction until answered)
      expect(peer.wire.filter((w) => w.text.startsWith("SIP/2.0 200")).length).toBeGreaterThan(5);
    });
  });
});

