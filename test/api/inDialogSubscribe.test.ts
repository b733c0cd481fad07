/**
 * A SUBSCRIBE inside a call's dialog (e.g. a PBX asking for KPML digits, RFC 4730): a 2xx
 * would promise a subscription (RFC 6665 §4.2.1.1: Expires in the 2xx, a NOTIFY at once)
 * that nothing in the session keeps; with no notifier for its event package it gets 489 Bad
 * Event (RFC 6665 §4.2.1.1, §8.3.1). The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, rawRequest, respond } from "./rawCallee.js";

describe("SUBSCRIBE in an INVITE dialog", () => {
  it("is answered 489 Bad Event, no NOTIFY is owed, and the call stays up", async () => {
    const w = world();
    const alice = w.ua("alice");
    let invite: SipRequest | undefined;
    let send: (text: string) => void = () => undefined;
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") {
        invite = m;
        send = reply;
        reply(respond(m, "200 OK", ANSWER));
      }
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    expect(inviter.state).toBe(SessionState.Established);

    const ruri = invite!.getHeader("Contact")!.replace(/^<|>$/g, "");
    const contact = "<sip:bob@bob.example.test:5060;transport=tcp>";
    const subscribe = rawRequest("SUBSCRIBE", 1, { ruri, via: "bob.example.test", branch: "sub1", from: `${invite!.getHeader("To")};tag=b1`, to: invite!.getHeader("From")!, callId: invite!.callId, contact }).replace(
      "Content-Length",
      "Event: kpml\r\nExpires: 7200\r\nAccept: application/kpml-response+xml\r\nContent-Length",
    );
    send(subscribe);
    await w.clock.advance(100);
    const answer = w.network.log.find((r) => r.from.startsWith("alice") && r.text.includes("CSeq: 1 SUBSCRIBE"));
    expect(answer?.text.split("\r\n")[0]).toBe("SIP/2.0 489 Bad Event");
    await w.clock.advance(5000);
    expect(got).not.toContain("NOTIFY");
    expect(inviter.state).toBe(SessionState.Established);
  });
});
