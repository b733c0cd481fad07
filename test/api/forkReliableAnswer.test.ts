/**
 * Forking with reliable provisionals (RFC 3262, RFC 3261 §13.2.1): each fork's answer is in
 * its reliable 183, and a 2xx in the same dialog need not repeat it. The first fork's answer
 * plays as early media; when the other fork answers with a 2xx without a body, its answer
 * (from its reliable 183) must be the one the media uses, else the call has no audio.
 * The forks are scripted in raw SIP behind one address.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { rawCallee, respond } from "./rawCallee.js";

const answer = (n: number) => `v=0\r\no=- ${n} 1 IN IP4 192.0.2.${n}\r\ns=-\r\nc=IN IP4 192.0.2.${n}\r\nt=0 0\r\nm=audio ${4000 + n} RTP/AVP 0\r\n`;

describe("forks with answers in reliable 183s", () => {
  it("the fork that answers with a bodiless 2xx gets its own early answer applied", async () => {
    const w = world();
    const alice = w.ua("alice");
    rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") {
        const rel = { headers: ["Require: 100rel", "RSeq: 1"] };
        reply(respond(m, "183 Session Progress", answer(1), rel));
        w.clock.scheduler.schedule(() => reply(respond(m, "183 Session Progress", answer(2), rel).replace(";tag=b1", ";tag=b2")), 100);
        w.clock.scheduler.schedule(() => reply(respond(m, "200 OK").replace(";tag=b1", ";tag=b2")), 500);
      } else if (m.method === "PRACK") reply(respond(m, "200 OK"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(300);
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions.map((d) => d.sdp)).toEqual([answer(1)]);
    await w.clock.advance(700);
    expect(inviter.state).toBe(SessionState.Established);
    expect(inviter.dialog?.dialog.remoteTag).toBe("b2");
    expect(sdh.remoteDescriptions.at(-1)?.sdp).toBe(answer(2));
  });
});
