/**
 * RFC 3515 §2.4.1: "An agent responding to a REFER method MUST return a 400 (Bad Request) if
 * the request contained zero or more than one Refer-To header field values." Such a REFER in
 * a call is answered 400 before the application sees it (it could not be followed: the
 * Referral's referTo would throw); so is one whose Refer-To cannot be read (§8.2). The peer
 * is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState, type Referral } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, rawRequest, respond } from "./rawCallee.js";

describe("REFER without exactly one readable Refer-To (RFC 3515 §2.4.1)", () => {
  for (const [name, referTo] of [
    ["none", []],
    ["two", ["Refer-To: <sip:carol@example.test>", "Refer-To: <sip:dave@example.test>"]],
    ["one that cannot be read", ["Refer-To: <sip:carol@example.test"]],
  ] as const) {
    it(`${name}: 400, the application is not asked, the call stays up`, async () => {
      const w = world();
      const alice = w.ua("alice");
      let invite: SipRequest | undefined;
      let send: (text: string) => void = () => undefined;
      rawCallee(w.network, (m, reply) => {
        if (m.method === "INVITE") {
          invite = m;
          send = reply;
          reply(respond(m, "200 OK", ANSWER));
        }
      });
      await alice.start();
      const inviter = new Inviter(alice, w.target("bob"));
      const referrals: Referral[] = [];
      inviter.refers$.subscribe((r) => referrals.push(r));
      await inviter.invite();
      await w.clock.advance(50);
      const ruri = invite!.getHeader("Contact")!.replace(/^<|>$/g, "");
      const refer = rawRequest("REFER", 1, {
        ruri,
        via: "bob.example.test",
        branch: "ref1",
        from: `${invite!.getHeader("To")};tag=b1`,
        to: invite!.getHeader("From")!,
        callId: invite!.callId,
        contact: "<sip:bob@bob.example.test:5060;transport=tcp>",
      }).replace("Content-Length", [...referTo, "Content-Length"].join("\r\n"));
      send(refer);
      await w.clock.advance(100);
      const answer = w.network.log.find((r) => r.from.startsWith("alice") && r.text.includes("CSeq: 1 REFER"));
      expect(answer?.text.split("\r\n")[0]).toMatch(/^SIP\/2\.0 400 /);
      expect(referrals).toHaveLength(0);
      expect(inviter.state).toBe(SessionState.Established);
    });
  }
});
