import { describe, expect, it } from "vitest";
import { Invitation, Inviter, SessionState, sendOptions, sessionTimers } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";

async function pair(extraBob: Parameters<ReturnType<typeof world>["ua"]>[1] = {}, extraAlice: Parameters<ReturnType<typeof world>["ua"]>[1] = {}) {
  const w = world();
  const alice = w.ua("alice", extraAlice);
  const bob = w.ua("bob", extraBob);
  await Promise.all([alice.start(), bob.start()]);
  const invitations: Invitation[] = [];
  bob.invites$.subscribe((i) => invitations.push(i));
  return { ...w, alice, bob, invitations };
}

describe("early media, session timers, OPTIONS", () => {
  it("183 with SDP and 100rel: the callee answers in a reliable 183, the caller PRACKs and plays it before the 200", async () => {
    const w = await pair();
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(10);
    const inv = w.invitations[0]!;
    inv.autoSendAnInitialProvisionalResponse = false;
    const progressed = inv.progress({ statusCode: 183, rel100: true, earlyMedia: true });
    await w.clock.advance(200);
    await progressed; // a reliable provisional's progress() resolves once PRACKed
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions).toHaveLength(1);
    expect(inviter.state).toBe(SessionState.Establishing);
    expect(w.wire()).toEqual(expect.arrayContaining(["bob: SIP/2.0 183 Session Progress", "alice: PRACK", "bob: SIP/2.0 200 OK"]));
    const rseq = w.network.log.find((r) => r.text.startsWith("SIP/2.0 183"))!.text;
    expect(rseq).toMatch(/\r\nRSeq: \d+\r\n/);
    expect(rseq).toMatch(/\r\nRequire: 100rel\r\n/);
    await inv.accept();
    await w.clock.advance(200);
    expect(inviter.state).toBe(SessionState.Established);
    // the answer was applied once: the 200's SDP (same answer) is not a second answer
    expect(sdh.remoteDescriptions).toHaveLength(1);
  });

  it("183 with SDP without 100rel is played only when the caller asked for earlyMedia", async () => {
    for (const earlyMedia of [false, true]) {
      const w = await pair({ sipExtension100rel: "Unsupported" });
      const inviter = new Inviter(w.alice, w.target("bob"), { earlyMedia });
      await inviter.invite();
      await w.clock.advance(10);
      w.invitations[0]!.autoSendAnInitialProvisionalResponse = false;
      await w.invitations[0]!.progress({ statusCode: 183, earlyMedia: true });
      await w.clock.advance(100);
      const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
      expect(sdh.remoteDescriptions.length).toBe(earlyMedia ? 1 : 0);
      expect(w.wire()).not.toContain("alice: PRACK");
    }
  });

  it("with sessionTimers() on both sides: the INVITE asks for 1800 s, the 200 names a refresher, and the refresher refreshes at half the interval", async () => {
    const w = await pair({ sessionTimers: sessionTimers() }, { sessionTimers: sessionTimers() });
    w.bob.invites$.subscribe((i) => void i.accept());
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(100);
    const invite = w.network.log.find((r) => r.text.startsWith("INVITE"))!.text;
    expect(invite).toMatch(/\r\nSession-Expires: 1800\r\n/);
    expect(invite).toMatch(/\r\nMin-SE: 90\r\n/);
    const ok = w.network.log.find((r) => r.text.startsWith("SIP/2.0 200") && r.text.includes("INVITE\r\n"))!.text;
    expect(ok).toMatch(/\r\nSession-Expires: 1800;refresher=uac\r\n/);
    const before = w.wire().length;
    await w.clock.advance(900_000 + 1000);
    const refresh = w.wire().slice(before);
    expect(refresh).toEqual(["alice: UPDATE", "bob: SIP/2.0 200 OK"]);
    expect(inviter.state).toBe(SessionState.Established);
  });

  it("OPTIONS to a target resolves with its response", async () => {
    const w = await pair();
    const res = sendOptions(w.alice, w.target("bob"));
    await w.clock.advance(100);
    const r = await res;
    expect(r.statusCode).toBe(200);
    expect(r.getHeader("Allow")).toContain("INVITE");
  });

  it("garbage and malformed requests from the network get 400 or nothing, and the user agent keeps working", async () => {
    const w = await pair();
    const endpoint = w.network.get("alice.example.test:5060")!;
    endpoint.sendRaw("bob.example.test:5060", "this is not SIP\r\n\r\n");
    endpoint.sendRaw(
      "bob.example.test:5060",
      "INVITE sip:bob@bob.example.test:5060 SIP/2.0\r\nVia: SIP/2.0/TCP alice.example.test:5060;branch=z9hG4bKbad1\r\nFrom: <sip:alice@example.test>;tag=1\r\nTo: <sip:bob@example.test>\r\nCall-ID: bad1\r\nCSeq: 1 OPTIONS\r\nMax-Forwards: 70\r\nContent-Length: 0\r\n\r\n",
    );
    await w.clock.advance(100);
    expect(w.wire()).toContain("bob: SIP/2.0 400 CSeq method does not match the request method");
    w.bob.invites$.subscribe((i) => void i.accept());
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(500);
    expect(inviter.state).toBe(SessionState.Established);
  });
});

describe("UPDATE through the API (RFC 3311)", () => {
  it("session.update() renegotiates with a new offer; update({ withoutSdp }) only refreshes", async () => {
    const w = await pair();
    w.bob.invites$.subscribe((i) => void i.accept());
    const inviter = new Inviter(w.alice, w.target("bob"));
    await inviter.invite();
    await w.clock.advance(500);
    const before = w.wire().length;
    const accepted: number[] = [];
    await inviter.update({ requestDelegate: { onAccept: (r) => accepted.push(r.message.statusCode) } });
    await w.clock.advance(500);
    await inviter.update({ withoutSdp: true, requestDelegate: { onAccept: (r) => accepted.push(r.message.statusCode) } });
    await w.clock.advance(500);
    expect(w.wire().slice(before)).toEqual(["alice: UPDATE", "bob: SIP/2.0 200 OK", "alice: UPDATE", "bob: SIP/2.0 200 OK"]);
    expect(accepted).toEqual([200, 200]);
    const updates = w.network.log.filter((r) => r.text.startsWith("UPDATE"));
    expect(updates[0]!.text).toContain("Content-Type: application/sdp");
    expect(updates[1]!.text).toContain("Content-Length: 0");
    const sdh = w.invitations[0]!.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.remoteDescriptions).toHaveLength(2); // the INVITE's offer and the UPDATE's
  });
});
