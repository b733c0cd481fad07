/**
 * A BYE while requests of the dialog are still unanswered (RFC 3261 §15.1.2): "the UAS MUST
 * still respond to any pending requests received for that dialog. It is RECOMMENDED that a
 * 487 (Request Terminated) response be generated to those pending requests." The caller may
 * send BYE in an early dialog (§15), which then ends the INVITE the same way.
 * The caller, alice, is a peer scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { IncomingInvite } from "../../../src/core/user-agent-core/index.js";
import { runMarbles, script } from "../helpers.js";
import { aliceHeaders, scriptedPeer } from "./scriptedPeer.js";
import { ANSWER, OFFER, SDP } from "./sdp.js";

describe("BYE with requests pending (RFC 3261 §15.1.2)", () => {
  it("a BYE from the caller in the early dialog: 200 to the BYE, 487 to the INVITE, which is over for its user", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const peer = scriptedPeer(scheduler);
      let invite: IncomingInvite | undefined;
      const told: string[] = [];
      peer.bob.delegate = {
        onInvite: (i) => {
          invite = i;
          i.onCancel = (r) => told.push(`ended by ${r.method}`);
          i.progress({ statusCode: 180 });
        },
      };
      script(h, "a 99ms b 99ms c", {
        a: () => peer.send(aliceHeaders("INVITE", 1, "inv1"), SDP),
        b: () => peer.send(aliceHeaders("BYE", 2, "bye1", peer.bobTag())),
        // alice's INVITE transaction acknowledges the 487 (§17.1.1.3)
        c: () => peer.send(aliceHeaders("ACK", 1, "inv1", peer.bobTag())),
      });
      scheduler.flush();
      expect(peer.got()).toEqual(["SIP/2.0 180 Ringing (1 INVITE)", "SIP/2.0 200 OK (2 BYE)", "SIP/2.0 487 Request Terminated (1 INVITE)"]);
      expect(invite!.answered).toBe(true);
      expect(told).toEqual(["ended by BYE"]);
      expect(peer.bob.transactions.size + peer.bob.dialogCount).toBe(0);
    });
  });

  it("a BYE while the peer's re-INVITE is unanswered: 200 to the BYE, 487 to the re-INVITE; no transaction is left behind", () => {
    runMarbles((h) => {
      const { scheduler } = h;
      const peer = scriptedPeer(scheduler);
      let toTag = "";
      peer.bob.delegate = {
        onInvite: (i) => {
          toTag = i.toTag;
          const session = i.accept({ body: SDP });
          // the user answers re-INVITEs after a second (e.g. asking its media first)
          session.delegate.onReinvite = (refresh) => scheduler.schedule(() => refresh.accept({ body: ANSWER }), 1000);
        },
      };
      script(h, "a 99ms b 99ms c 99ms d 99ms e", {
        a: () => peer.send(aliceHeaders("INVITE", 1, "inv1"), SDP),
        b: () => peer.send(aliceHeaders("ACK", 1, "ack1", toTag)),
        c: () => peer.send(aliceHeaders("INVITE", 2, "inv2", toTag), OFFER),
        d: () => peer.send(aliceHeaders("BYE", 3, "bye1", toTag)),
        e: () => peer.send(aliceHeaders("ACK", 2, "inv2", toTag)),
      });
      scheduler.flush();
      // (the user's late accept() sends nothing: the re-INVITE was answered)
      expect(peer.got()).toEqual(["SIP/2.0 200 OK (1 INVITE)", "SIP/2.0 200 OK (3 BYE)", "SIP/2.0 487 Request Terminated (2 INVITE)"]);
      expect(peer.bob.transactions.size + peer.bob.dialogCount).toBe(0);
    });
  });
});
