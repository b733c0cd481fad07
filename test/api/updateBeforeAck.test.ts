/**
 * RFC 3311 §5.2: "If an UPDATE is received that contains an offer, and the UAS has generated
 * an offer (in an UPDATE, PRACK or INVITE) to which it has not yet received an answer, the
 * UAS MUST reject the UPDATE with a 491". Here our offer is in the 2xx to the caller's
 * offerless INVITE, and its answer (in the ACK) has not come. The caller is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { SipResponse, type SipMessageAny } from "../../src/core/messages/index.js";
import { SessionState, type Invitation } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawRequest } from "./rawCallee.js";

const UPDATE_OFFER = "v=0\r\no=- 9 1 IN IP4 192.0.2.9\r\ns=-\r\nc=IN IP4 192.0.2.9\r\nt=0 0\r\nm=audio 4010 RTP/AVP 0\r\na=sendrecv\r\n";

describe("UPDATE with an offer while our offer in the 2xx awaits the ACK", () => {
  it("gets 491; the ACK's answer then completes our offer and the call is up", async () => {
    const w = world();
    const bob = w.ua("bob");
    await bob.start();
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => {
      invitations.push(i);
      void i.accept();
    });
    const alice = w.network.endpoint("alice.example.test:5060", { reliable: true });
    const responses: SipResponse[] = [];
    alice.onMessage((m: SipMessageAny) => {
      if (m instanceof SipResponse) responses.push(m);
    });
    const headers = (branch: string, toTag?: string) => ({
      ruri: "sip:bob@bob.example.test:5060",
      via: "alice.example.test",
      branch,
      from: "<sip:alice@example.test>;tag=a1",
      to: `<sip:bob@example.test>${toTag ? `;tag=${toTag}` : ""}`,
      callId: "update-before-ack",
      contact: "<sip:alice@alice.example.test:5060;transport=tcp>",
    });
    const send = (text: string) => alice.sendRaw("bob.example.test:5060", text);
    send(rawRequest("INVITE", 1, headers("inv1")));
    await w.clock.advance(50);
    const ok = responses.find((r) => r.statusCode === 200 && r.cseq.method === "INVITE")!;
    expect(ok.body).toMatch(/^m=audio /m);

    send(rawRequest("UPDATE", 2, headers("upd1", ok.to.tag), UPDATE_OFFER));
    await w.clock.advance(50);
    expect(responses.find((r) => r.cseq.method === "UPDATE")?.statusCode).toBe(491);

    send(rawRequest("ACK", 1, headers("ack1", ok.to.tag), ANSWER));
    await w.clock.advance(50);
    const call = invitations[0]!;
    expect(call.state).toBe(SessionState.Established);
    const sdh = call.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions.map((d) => `${d.type} ${d.sdp === ANSWER}`)).toEqual(["answer true"]);
    expect(sdh.signalingState).toBe("stable");
  });
});
