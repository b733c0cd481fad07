/**
 * Requests arriving in a dialog (RFC 3261 §12.2.2, §14.2), as a peer scripted in raw SIP sends
 * them to our core (the callee): an unknown dialog gets 481, a lower CSeq 500, a second
 * re-INVITE while the first is unanswered 500 with Retry-After of 0–10 s; a re-INVITE's
 * Contact becomes the remote target, and our requests carry the route set of the
 * INVITE's Record-Route, in order (§12.1.1).
 */
import { describe, expect, it } from "vitest";
import type { InviteSession } from "../../../src/core/dialogs/index.js";
import { sipText } from "../../sipText.js";
import { runMarbles, script } from "../helpers.js";
import { aliceHeaders, scriptedPeer } from "./scriptedPeer.js";
import { ANSWER, OFFER, SDP } from "./sdp.js";

/** Bob answers the INVITE at once; alice ACKs at 20 ms. Returns what the steps need. */
function established(h: Parameters<Parameters<typeof runMarbles>[0]>[0], inviteExtra: string[] = []) {
  const peer = scriptedPeer(h.scheduler);
  const call: { tag: string; session?: InviteSession } = { tag: "" };
  peer.bob.delegate = {
    onInvite: (i) => {
      call.tag = i.toTag;
      call.session = i.accept({ body: SDP });
    },
  };
  peer.send([...aliceHeaders("INVITE", 5, "inv1"), ...inviteExtra], SDP);
  script(h, "20ms a", { a: () => peer.send(aliceHeaders("ACK", 5, "ack1", call.tag)) });
  return { peer, call };
}

describe("requests in a dialog (RFC 3261 §12.2.2, §14.2)", () => {
  it("§12.2.2: an unknown To tag gets 481; a CSeq lower than the last one gets 500; the call stays up", () => {
    runMarbles((h) => {
      const { peer, call } = established(h);
      script(h, "100ms a 9ms b", {
        a: () => peer.send(aliceHeaders("INFO", 6, "info1", "not-a-tag")),
        b: () => peer.send(aliceHeaders("INFO", 4, "info2", call.tag)),
      });
      h.scheduler.flush();
      expect(peer.got()).toEqual(["SIP/2.0 200 OK (5 INVITE)", "SIP/2.0 481 Call/Transaction Does Not Exist (6 INFO)", "SIP/2.0 500 Server Internal Error (4 INFO)"]);
      expect(call.session!.state).toBe("confirmed");
    });
  });

  it("§14.2: a second re-INVITE while the first is unanswered gets 500 with a Retry-After of 0-10 s; the first is answered after", () => {
    runMarbles((h) => {
      const { peer, call } = established(h);
      script(h, "100ms a 9ms b 19ms d 489ms c", {
        a: () => {
          call.session!.delegate.onReinvite = (refresh) => h.scheduler.schedule(() => refresh.accept({ body: ANSWER }), 500);
          peer.send(aliceHeaders("INVITE", 6, "re1", call.tag), OFFER);
        },
        b: () => peer.send(aliceHeaders("INVITE", 7, "re2", call.tag), OFFER),
        d: () => peer.send(aliceHeaders("ACK", 7, "re2", call.tag)), // alice's transaction acknowledges the 500
        c: () => peer.send(aliceHeaders("ACK", 6, "ack2", call.tag)),
      });
      h.scheduler.flush();
      const finals = peer.got().filter((l) => !l.includes("100 Trying"));
      expect(finals).toEqual(["SIP/2.0 200 OK (5 INVITE)", "SIP/2.0 500 Server Internal Error (7 INVITE)", "SIP/2.0 200 OK (6 INVITE)"]);
      const retryAfter = Number(sipText(peer.received.find((t) => t.startsWith("SIP/2.0 500"))!).header("Retry-After")[0]);
      expect(retryAfter).toBeGreaterThanOrEqual(0);
      expect(retryAfter).toBeLessThanOrEqual(10);
    });
  });

  it("§12.1.1 / §12.2: our BYE follows the INVITE's Record-Route in order, to the Contact of the peer's last re-INVITE", () => {
    runMarbles((h) => {
      const rr = ["Record-Route: <sip:p1.example.test;lr>", "Record-Route: <sip:p2.example.test;lr>"];
      const { peer, call } = established(h, rr);
      script(h, "100ms a 9ms b 99ms c", {
        a: () => {
          call.session!.delegate.onReinvite = (refresh) => refresh.accept({ body: ANSWER });
          const moved = aliceHeaders("INVITE", 6, "re1", call.tag).map((l) => (l.startsWith("Contact:") ? "Contact: <sip:alice@192.0.2.77:5070>" : l));
          peer.send(moved, OFFER);
        },
        b: () => peer.send(aliceHeaders("ACK", 6, "ack2", call.tag)),
        c: () => call.session!.bye(),
      });
      h.scheduler.flush();
      // the BYE goes to the first route (p1, not attached: the wire shows where it went)
      const bye = peer.wire.find((w) => w.text.startsWith("BYE "))!;
      expect(bye.to).toBe("p1.example.test");
      expect(sipText(bye.text).start).toBe("BYE sip:alice@192.0.2.77:5070 SIP/2.0");
      expect(sipText(bye.text).header("Route")).toEqual(["<sip:p1.example.test;lr>", "<sip:p2.example.test;lr>"]);
    });
  });
});
