/**
 * Provisional responses with a To tag but no Contact (RFC 3261 §12.1.1 asks for one; gateways
 * and SBCs often leave it out of their 180 / 183). The early dialog is still made — its remote
 * target is then the Request-URI (§12.1.2 falls back to nothing better) — so an early answer
 * is played and a reliable one PRACKed (RFC 3262 §4), rather than the call going silent or
 * failing when the callee gives up waiting for the PRACK. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

describe("a 183 with a To tag and no Contact", () => {
  for (const reliable of [false, true]) {
    it(`${reliable ? "reliable (100rel): it is PRACKed and" : "unreliable, with earlyMedia:"} its answer is played before the 200`, async () => {
      const w = world();
      const alice = w.ua("alice");
      const { got } = rawCallee(w.network, (m, reply) => {
        if (m.method === "INVITE") {
          const rel = reliable ? ["Require: 100rel", "RSeq: 7"] : [];
          reply(respond(m, "183 Session Progress", ANSWER, { contact: false, headers: rel }));
          // the 200 waits for the PRACK when the 183 was reliable
          if (!reliable) w.clock.scheduler.schedule(() => reply(respond(m, "200 OK", ANSWER)), 100);
        } else if (m.method === "PRACK") {
          reply(respond(m, "200 OK"));
          expect(m.getHeader("RAck")).toMatch(/^7 \d+ INVITE$/);
          expect(m.ruri.toString()).toBe("sip:bob@bob.example.test:5060");
        }
      });
      await alice.start();
      const inviter = new Inviter(alice, w.target("bob"), { earlyMedia: true });
      await inviter.invite();
      await w.clock.advance(50);
      const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
      expect(sdh.remoteDescriptions.map((d) => d.type)).toEqual(["answer"]);
      expect(got).toEqual(reliable ? ["INVITE", "PRACK"] : ["INVITE"]);
      expect(inviter.state).toBe(SessionState.Establishing);
    });
  }
});
