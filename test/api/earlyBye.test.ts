/**
 * The caller ends the early dialog with BYE instead of CANCEL (RFC 3261 §15 allows it): the
 * Invitation stops ringing and is Terminated, and the INVITE gets 487 (§15.1.2). The caller
 * is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { SipResponse, type SipMessageAny } from "../../src/core/messages/index.js";
import { SessionState, type Invitation } from "../../src/index.js";
import { world } from "./harness.js";
import { rawRequest } from "./rawCallee.js";

describe("BYE from the caller in the early dialog", () => {
  it("the ringing Invitation ends: 200 to the BYE, 487 to the INVITE", async () => {
    const w = world();
    const bob = w.ua("bob");
    await bob.start();
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => invitations.push(i));
    const alice = w.network.endpoint("alice.example.test:5060", { reliable: true });
    const responses: SipResponse[] = [];
    alice.onMessage((m: SipMessageAny) => {
      if (m instanceof SipResponse) responses.push(m);
    });
    const headers = (toTag?: string) => ({
      ruri: "sip:bob@bob.example.test:5060",
      via: "alice.example.test",
      branch: toTag ? "bye1" : "inv1",
      from: "<sip:alice@example.test>;tag=a1",
      to: `<sip:bob@example.test>${toTag ? `;tag=${toTag}` : ""}`,
      callId: "early-bye",
      contact: "<sip:alice@alice.example.test:5060;transport=tcp>",
    });
    const send = (text: string) => alice.sendRaw("bob.example.test:5060", text);
    send(rawRequest("INVITE", 1, headers(), "v=0\r\no=- 1 1 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 4000 RTP/AVP 0\r\n"));
    await w.clock.advance(50);
    const ringing = responses.find((r) => r.statusCode === 180)!;
    expect(invitations[0]!.state).toBe(SessionState.Initial);
    send(rawRequest("BYE", 2, headers(ringing.to.tag)));
    await w.clock.advance(50);
    expect(responses.filter((r) => r.statusCode >= 200).map((r) => `${r.statusCode} ${r.cseq.method}`)).toEqual(["200 BYE", "487 INVITE"]);
    expect(invitations[0]!.state).toBe(SessionState.Terminated);
  });
});
