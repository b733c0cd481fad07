/**
 * A re-INVITE without a session description (RFC 3261 §14.2, §13.2.1; RFC 3264 §5): our
 * offer goes in the 2xx and the peer's answer comes in the ACK. PBXs send these (after a
 * transfer, to refresh media); the answer in the ACK must reach the media handler. The peer
 * is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { SipRequest, SipResponse, type SipMessageAny } from "../../src/core/messages/index.js";
import { SessionState, type Invitation } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { rawRequest } from "./rawCallee.js";

const sdp = (host: string, port: number) => `v=0\r\no=- 7 ${port} IN IP4 ${host}\r\ns=-\r\nc=IN IP4 ${host}\r\nt=0 0\r\nm=audio ${port} RTP/AVP 0\r\na=sendrecv\r\n`;

/** alice's request to bob, in the dialog once `toTag` is known. */
function request(method: string, cseq: number, branch: string, toTag: string | undefined, body = ""): string {
  const to = `<sip:bob@example.test>${toTag ? `;tag=${toTag}` : ""}`;
  const from = "<sip:alice@example.test>;tag=a1";
  const contact = "<sip:alice@alice.example.test:5060;transport=tcp>";
  return rawRequest(method, cseq, { ruri: "sip:bob@bob.example.test:5060", via: "alice.example.test", branch, from, to, callId: "reinvite-without-sdp", contact }, body);
}

describe("a re-INVITE without an offer (RFC 3261 §14.2)", () => {
  it("our offer goes in the 200, the answer in the ACK is given to the media handler, and the next offer is answered", async () => {
    const w = world();
    const bob = w.ua("bob");
    await bob.start();
    let invitation: Invitation | undefined;
    bob.invites$.subscribe((i) => {
      invitation = i;
      void i.accept();
    });
    const alice = w.network.endpoint("alice.example.test:5060", { reliable: true });
    const responses: SipResponse[] = [];
    alice.onMessage((m: SipMessageAny) => {
      if (!(m instanceof SipRequest)) responses.push(m);
    });
    const send = (text: string) => alice.sendRaw("bob.example.test:5060", text);
    send(request("INVITE", 1, "i1", undefined, sdp("192.0.2.1", 4000)));
    await w.clock.advance(50);
    const tag = responses.find((r) => r.statusCode === 200)!.to.tag!;
    send(request("ACK", 1, "a1", tag));
    await w.clock.advance(50);
    expect(invitation!.state).toBe(SessionState.Established);

    send(request("INVITE", 2, "i2", tag)); // no offer: bob offers in the 200
    await w.clock.advance(50);
    const ok = responses.find((r) => r.statusCode === 200 && r.cseq.seq === 2)!;
    expect(ok.body).toContain("m=audio");
    send(request("ACK", 2, "a2", tag, sdp("192.0.2.9", 4900))); // the answer: alice moved her media
    await w.clock.advance(50);
    const sdh = invitation!.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions.at(-1)?.sdp).toContain("c=IN IP4 192.0.2.9");
    expect(sdh.signalingState).toBe("stable");

    // a later re-INVITE with an offer is answered with an answer (not an offer, nor a 488)
    send(request("INVITE", 3, "i3", tag, sdp("192.0.2.9", 4902)));
    await w.clock.advance(50);
    const third = responses.find((r) => r.cseq.seq === 3 && r.statusCode >= 200)!;
    expect(third.statusCode).toBe(200);
    expect(sdh.localDescriptions.at(-1)?.type).toBe("answer");
  });
});
