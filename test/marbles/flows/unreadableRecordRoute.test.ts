/**
 * A dialog-creating request whose Record-Route cannot be read: the dialog could not be made
 * from it (RFC 3261 §12.1.1 copies the route set from it), so it is refused with 400 at once
 * (§8.2) rather than failing later, when the user answers, with the INVITE left unanswered.
 * The caller is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { runMarbles, script } from "../helpers.js";
import { aliceHeaders, scriptedPeer } from "./scriptedPeer.js";
import { SDP } from "./sdp.js";

describe("an INVITE with a Record-Route that cannot be read", () => {
  it("gets 400 (and the user is not asked to answer it)", () => {
    runMarbles((h) => {
      const peer = scriptedPeer(h.scheduler);
      const asked: string[] = [];
      peer.bob.delegate = { onInvite: (i) => void asked.push(i.request.method) };
      script(h, "a 49ms b", {
        a: () => peer.send([...aliceHeaders("INVITE", 1, "i1"), "Record-Route: <sip:p1.example.test;lr"], SDP),
        b: () => peer.send(aliceHeaders("ACK", 1, "i1", "x")),
      });
      h.scheduler.flush();
      expect(peer.got().map((l) => l.split(" ")[1])).toEqual(["400"]);
      expect(asked).toEqual([]);
      expect(peer.bob.transactions.size).toBe(0);
    });
  });
});
