/**
 * RFC 3261 §12.2.1.2: a 481 to a request in the dialog means the peer has no such dialog
 * (say, a PBX restarted mid-call); "the UAC SHOULD terminate the dialog". An INFO belongs to
 * the INVITE usage (RFC 5057), so the call ends rather than staying Established with no
 * peer. The callee is scripted in raw SIP.
 */
import { describe, expect, it } from "vitest";
import { Inviter, SessionState } from "../../src/index.js";
import { world } from "./harness.js";
import { ANSWER, rawCallee, respond } from "./rawCallee.js";

describe("an INFO answered 481 (RFC 3261 §12.2.1.2)", () => {
  it("ends the session; the INFO's delegate hears the 481", async () => {
    const w = world();
    const alice = w.ua("alice");
    rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER));
      else if (m.method === "INFO" || m.method === "BYE") reply(respond(m, "481 Call/Transaction Does Not Exist"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    expect(inviter.state).toBe(SessionState.Established);
    const codes: number[] = [];
    await inviter.info({ requestDelegate: { onReject: (r) => codes.push(r.message.statusCode) }, requestOptions: { body: { contentDisposition: "render", contentType: "text/plain", content: "hi" } } });
    await w.clock.advance(100);
    expect(codes).toEqual([481]);
    expect(inviter.state).toBe(SessionState.Terminated);
  });

  it("a 4xx other than 481 or 408 leaves the call up", async () => {
    const w = world();
    const alice = w.ua("alice");
    rawCallee(w.network, (m, reply) => {
      if (m.method === "INVITE") reply(respond(m, "200 OK", ANSWER));
      else if (m.method === "INFO") reply(respond(m, "415 Unsupported Media Type"));
    });
    await alice.start();
    const inviter = new Inviter(alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(50);
    await inviter.info({ requestOptions: { body: { contentDisposition: "render", contentType: "text/plain", content: "hi" } } });
    await w.clock.advance(100);
    expect(inviter.state).toBe(SessionState.Established);
  });
});
