/**
 * `session.invite({ withoutSdp: true })`: a re-INVITE without an offer (RFC 3261 §14.1). The
 * peer offers in its 2xx and "the ACK MUST carry an answer in its body" (§13.2.2.4). The
 * callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

const NEW_OFFER = "v=0\r\no=- 3 2 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.33\r\nt=0 0\r\nm=audio 4006 RTP/AVP 0\r\na=sendrecv\r\n";

describe("a re-INVITE without an offer that we send (RFC 3261 §14.1, §13.2.2.4)", () => {
  it("the peer's offer in the 2xx is given to the media handler and the ACK carries our answer", async () => {
    const w = world();
    const alice = w.ua("alice");
    const acks: SipRequest[] = [];
    rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") reply(respond(m, "200 OK", m.body === "" ? NEW_OFFER : ANSWER));
      else if (m.method === "ACK") acks.push(m);
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    expect(inviter.state).toBe(SessionState.Established);

    let accepted = 0;
    await inviter.invite({ withoutSdp: true, requestDelegate: { onAccept: () => accepted++ } });
    await w.clock.advance(50);
    expect(acks).toHaveLength(2);
    const ack = acks[1]!;
    expect(ack.cseq.seq).toBe(2);
    expect(ack.getHeader("Content-Type")).toBe("application/sdp");
    expect(ack.body).toContain("m=audio");
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions.at(-1)).toMatchObject({ type: "offer", sdp: NEW_OFFER });
    expect(sdh.localDescriptions.at(-1)).toMatchObject({ type: "answer", sdp: ack.body });
    expect(sdh.signalingState).toBe("stable");
    expect(accepted).toBe(1);
  });
});
