/**
 * RFC 3261 §13.2.2.4: a 2xx from a second fork after the call was accepted is ACKed and its
 * dialog ended with BYE. When our INVITE had no offer, that 2xx carries one, and "the ACK
 * MUST carry an answer in its body. If the offer in the 2xx response is not acceptable, the
 * UAC core MUST generate a valid answer in the ACK and then send a BYE immediately." The
 * answer refuses every stream (port 0, RFC 3264 §6), one m= line per offered one.
 * The forks are scripted in raw SIP behind one address.
 */
import { describe, expect, it } from "vitest";
import type { SipRequest } from "../../src/core/messages/index.js";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { rawCallee, respond } from "./rawCallee.js";

const OFFER1 = "v=0\r\no=- 1 1 IN IP4 192.0.2.3\r\ns=-\r\nc=IN IP4 192.0.2.3\r\nt=0 0\r\nm=audio 4004 RTP/AVP 0 8\r\n";
const OFFER2 = "v=0\r\no=- 2 1 IN IP4 192.0.2.4\r\ns=-\r\nc=IN IP4 192.0.2.4\r\nt=0 0\r\nm=audio 5004 RTP/AVP 8 0\r\nm=video 5006 RTP/AVP 96\r\na=rtpmap:96 VP8/90000\r\n";

describe("a second fork's 2xx to an INVITE without an offer", () => {
  it("is ACKed with an answer refusing each offered stream, then BYE; the first fork's call stays up", async () => {
    const w = world();
    const alice = w.ua("alice");
    const acks: SipRequest[] = [];
    const byes: SipRequest[] = [];
    rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") {
        reply(respond(m, "200 OK", OFFER1));
        w.clock.scheduler.schedule(() => reply(respond(m, "200 OK", OFFER2).replace(";tag=b1", ";tag=b2")), 200);
      } else if (m.method === "ACK") acks.push(m);
      else if (m.method === "BYE") {
        byes.push(m);
        reply(respond(m, "200 OK"));
      }
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"), { inviteWithoutSdp: true });
    await inviter.invite();
    await w.clock.advance(1000);
    expect(inviter.state).toBe(SessionState.Established);
    const second = acks.find((a) => a.to.tag === "b2")!;
    expect(second.getHeader("Content-Type")).toBe("application/sdp");
    expect(second.body.match(/^m=.*$/gm)).toEqual(["m=audio 0 RTP/AVP 8", "m=video 0 RTP/AVP 96"]);
    expect(second.body).toMatch(/^v=0\r\no=\S+ \d+ \d+ IN IP4 \S+\r\ns=.*\r\nc=IN IP4 \S+\r\nt=0 0\r\n/);
    expect(byes.map((b) => b.to.tag)).toEqual(["b2"]);
    expect(inviter.state).toBe(SessionState.Established);
  });
});
