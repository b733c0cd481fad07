/**
 * `Inviter.cancel()` (or `dispose()`, or `userAgent.stop()`) while the call is still
 * Establishing but the 2xx has arrived — the media handler is applying its answer. CANCEL is
 * too late then (RFC 3261 §9.1); the dialog exists and the callee believes the call is up,
 * so ending it takes a BYE (§15). The callee is a peer scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState, type SessionDescriptionHandler } from "../../src/index.js";
import type { VirtualClock } from "../../src/testing/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";
import { unhandledDuring } from "./unhandled.js";

const OFFER = ANSWER.replace("192.0.2.3", "192.0.2.2");

/** A media handler (as an application may write one) whose answer takes 50 ms to apply, closed or not. */
function slowHandler(clock: VirtualClock): SessionDescriptionHandler {
  return {
    close: () => undefined,
    getDescription: async () => ({ body: OFFER, contentType: "application/sdp" }),
    hasDescription: () => true,
    sendDtmf: () => false,
    setDescription: () => new Promise<void>((resolve) => clock.scheduler.schedule(() => resolve(), 50)),
  };
}

describe("Inviter.cancel() after the 2xx arrived (RFC 3261 §9.1, §15)", () => {
  for (const withoutSdp of [false, true]) {
    it(`${withoutSdp ? "offerless INVITE (offer in the 2xx)" : "offer in the INVITE"}: the 2xx is ACKed, then the call is ended with BYE; the Inviter is Terminated; nothing is left unhandled`, async () => {
      const w = world();
      const alice = w.ua("alice", { sessionDescriptionHandlerFactory: () => slowHandler(w.clock) });
      const { got } = rawCallee(w.network, (m, reply) => {
        if (m.method === "INVITE") {
          reply(respond(m, "180 Ringing"));
          reply(respond(m, "200 OK", withoutSdp ? OFFER : ANSWER));
        } else if (m.method === "BYE") reply(respond(m, "200 OK"));
      });
      await alice.start();
      const inviter = new Inviter(alice, w.target("bob"));
      const unhandled = await unhandledDuring(async () => {
        await inviter.invite({ withoutSdp });
        await w.clock.advance(20); // the 200 is in, the handler is still on its description
        expect(inviter.state).toBe(SessionState.Establishing);
        await inviter.cancel();
        await w.clock.advance(1000);
      });
      expect(got).toEqual(["INVITE", "ACK", "BYE"]);
      expect(inviter.state).toBe(SessionState.Terminated);
      expect(unhandled).toEqual([]);
      expect(alice.userAgentCore.dialogCount).toBe(0);
    });
  }
});

describe("a 2xx crossing our CANCEL (RFC 3261 §9.1)", () => {
  it("the callee answered as we cancelled: its 2xx is ACKed and the call ended with BYE", async () => {
    const w = world();
    const alice = w.ua("alice");
    const { got } = rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") {
        reply(respond(m, "180 Ringing"));
        w.clock.scheduler.schedule(() => reply(respond(m, "200 OK", ANSWER)), 20);
      } else if (m.method === "CANCEL" || m.method === "BYE") reply(respond(m, "200 OK")); // (the INVITE has its 2xx: no 487)
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(20); // ringing; the 200 leaves bob in 5 ms
    await inviter.cancel();
    await w.clock.advance(1000);
    expect(got).toEqual(["INVITE", "CANCEL", "ACK", "BYE"]);
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(alice.userAgentCore.dialogCount).toBe(0);
  });
});
