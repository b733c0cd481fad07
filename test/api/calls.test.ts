import { describe, expect, it } from "vitest";
import { dtmfInfo, HeaderInjectionError, Invitation, Inviter, SessionState, SessionStateError, type Session } from "../../src/index.js";
import type { FakeSessionDescriptionHandler } from "../../src/testing/index.js";
import { world } from "./harness.js";

function states(session: Session): SessionState[] {
  const seen: SessionState[] = [];
  session.state$.subscribe((s) => seen.push(s));
  return seen;
}

describe("calls through the SIP.js-compatible API, in virtual time", () => {
  it("alice calls bob: INVITE, 180 (sent by itself), 200, ACK; bob hangs up; both sessions end and their streams complete", async () => {
    const { clock, ua, target, wire } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const bobSessions: Invitation[] = [];
    bob.invites$.subscribe((inv) => {
      bobSessions.push(inv);
      clock.scheduler.schedule(() => void inv.accept(), 2000);
    });
    const inviter = new Inviter(alice, target("bob"));
    const aliceStates = states(inviter);
    let accepted = 0;
    await inviter.invite({ requestDelegate: { onAccept: () => accepted++ } });
    await clock.advance(3000);
    expect(inviter.state).toBe(SessionState.Established);
    expect(bobSessions[0]!.state).toBe(SessionState.Established);
    expect(accepted).toBe(1);
    const bobStates = states(bobSessions[0]!);
    let completed = false;
    bobSessions[0]!.state$.subscribe({ complete: () => (completed = true) });
    await bobSessions[0]!.bye();
    await clock.advance(1000);
    expect(aliceStates).toEqual(["Initial", "Establishing", "Established", "Terminated"]);
    expect(bobStates).toEqual(["Established", "Terminating", "Terminated"]);
    expect(completed).toBe(true);
    expect(wire()).toEqual(["alice: INVITE", "bob: SIP/2.0 180 Ringing", "bob: SIP/2.0 200 OK", "alice: ACK", "bob: BYE", "alice: SIP/2.0 200 OK"]);
    const sdh = inviter.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(sdh.closed).toBe(true);
    expect(sdh.remoteDescriptions).toHaveLength(1);
  });

  it("a rejected call ends the Inviter and tells onReject with the response", async () => {
    const { clock, ua, target } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.delegate = { onInvite: (inv) => void inv.reject({ statusCode: 486 }) };
    const inviter = new Inviter(alice, target("bob"));
    const codes: number[] = [];
    await inviter.invite({ requestDelegate: { onReject: (r) => codes.push(r.message.statusCode) } });
    await clock.advance(1000);
    expect(codes).toEqual([486]);
    expect(inviter.state).toBe(SessionState.Terminated);
  });

  it("reject() with a status that is no rejection throws and changes nothing: the call still rings (180 sent by itself) and can be answered", async () => {
    const { clock, ua, target, wire } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const refused: unknown[] = [];
    bob.delegate = {
      onInvite: (inv) => {
        inv.reject({ statusCode: 200 }).catch((e: unknown) => refused.push(e));
        clock.scheduler.schedule(() => void inv.accept(), 2000);
      },
    };
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(3000);
    expect(refused).toHaveLength(1);
    expect(refused[0]).toBeInstanceOf(SessionStateError);
    expect(wire().slice(0, 3)).toEqual(["alice: INVITE", "bob: SIP/2.0 180 Ringing", "bob: SIP/2.0 200 OK"]);
    expect(inviter.state).toBe(SessionState.Established);
  });

  it("cancel() while ringing: bob's Invitation ends (487), alice's Inviter ends", async () => {
    const { clock, ua, target, wire } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => invitations.push(i));
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(100);
    await inviter.cancel();
    await clock.advance(1000);
    expect(invitations[0]!.state).toBe(SessionState.Terminated);
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(wire()).toContain("alice: CANCEL");
    expect(wire()).toContain("bob: SIP/2.0 487 Request Terminated");
  });

  it("cancel({ statusCode, reasonPhrase, extraHeaders }) puts a Reason header (RFC 3326) and the lines on the CANCEL; CR/LF is refused", async () => {
    const { clock, ua, target, network } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.invites$.subscribe(() => undefined); // rings, unanswered
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(100);
    await expect(inviter.cancel({ reasonPhrase: "bad\r\nX-Injected: 1" })).rejects.toMatchObject({ name: "HeaderInjectionError" });
    await expect(inviter.cancel({ statusCode: 99 })).rejects.toMatchObject({ name: "InvalidOptionError" });
    expect(inviter.state).toBe(SessionState.Establishing);
    await inviter.cancel({ statusCode: 200, reasonPhrase: 'Call "completed" elsewhere', extraHeaders: ["X-Why: desk"] });
    await clock.advance(1000);
    const cancel = network.log.find((r) => r.text.startsWith("CANCEL "))!.text;
    expect(cancel).toContain('\r\nReason: SIP;cause=200;text="Call \\"completed\\" elsewhere"\r\n');
    expect(cancel).toContain("\r\nX-Why: desk\r\n");
    expect(cancel).not.toContain("X-Injected");
    expect(inviter.state).toBe(SessionState.Terminated);
  });

  it("an unanswered Invitation is rejected with 480 after noAnswerTimeout seconds", async () => {
    const { clock, ua, target, wire } = world();
    const alice = ua("alice");
    const bob = ua("bob", { noAnswerTimeout: 30 });
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => invitations.push(i));
    await new Inviter(alice, target("bob")).invite();
    await clock.advance(29_000);
    expect(invitations[0]!.state).toBe(SessionState.Initial);
    await clock.advance(2_000);
    expect(invitations[0]!.state).toBe(SessionState.Terminated);
    expect(wire()).toContain("bob: SIP/2.0 480 Temporarily Unavailable");
  });

  it("hold and unhold by re-INVITE: bob sees sendonly then sendrecv, and reinvites$ emits twice", async () => {
    const { clock, ua, target } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => {
      invitations.push(i);
      void i.accept();
    });
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(500);
    const reinvites: string[] = [];
    invitations[0]!.reinvites$.subscribe((r) => reinvites.push(r.method));
    await inviter.hold();
    await clock.advance(500);
    const bobSdh = invitations[0]!.sessionDescriptionHandler as FakeSessionDescriptionHandler;
    expect(bobSdh.remoteDirection).toBe("sendonly");
    expect(inviter.isOnHold).toBe(true);
    await inviter.unhold();
    await clock.advance(500);
    expect(bobSdh.remoteDirection).toBe("sendrecv");
    expect(reinvites).toEqual(["INVITE", "INVITE"]);
  });

  it("DTMF over INFO arrives on dtmf$; MESSAGE in the dialog on messages$", async () => {
    const { clock, ua, target } = world();
    const alice = ua("alice", { dtmfInfo: dtmfInfo() });
    const bob = ua("bob", { dtmfInfo: dtmfInfo() });
    await Promise.all([alice.start(), bob.start()]);
    const invitations: Invitation[] = [];
    bob.invites$.subscribe((i) => {
      invitations.push(i);
      void i.accept();
    });
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(500);
    const tones: string[] = [];
    const texts: string[] = [];
    invitations[0]!.dtmf$.subscribe((d) => tones.push(d.tone));
    invitations[0]!.messages$.subscribe((m) => {
      texts.push(m.request.body);
      void m.accept();
    });
    const sending = inviter.dtmf("12#", { transport: "info" });
    await clock.advance(1000);
    await sending;
    await inviter.message({ requestOptions: { body: { contentType: "text/plain", body: "hello" } } });
    await clock.advance(1000);
    expect(tones).toEqual(["1", "2", "#"]);
    expect(texts).toEqual(["hello"]);
  });

  it("methods in the wrong state reject with a typed error and change nothing; CR/LF in extraHeaders is refused", async () => {
    const { clock, ua, target } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    const inviter = new Inviter(alice, target("bob"));
    await expect(inviter.bye()).rejects.toBeInstanceOf(SessionStateError);
    await expect(inviter.info()).rejects.toBeInstanceOf(SessionStateError);
    expect(inviter.state).toBe(SessionState.Initial);
    expect(() => new Inviter(alice, target("bob"), { extraHeaders: ["X-Evil: a\r\nVia: forged"] })).toThrow(HeaderInjectionError);
    await inviter.invite();
    await clock.advance(100);
    await expect(inviter.invite()).rejects.toBeInstanceOf(SessionStateError);
  });

  it("stop() ends every session with BYE and leaves nothing scheduled", async () => {
    const { clock, ua, target, wire } = world();
    const alice = ua("alice");
    const bob = ua("bob");
    await Promise.all([alice.start(), bob.start()]);
    bob.invites$.subscribe((i) => void i.accept());
    const inviter = new Inviter(alice, target("bob"));
    await inviter.invite();
    await clock.advance(500);
    const stopping = alice.stop();
    await clock.advance(60_000);
    await stopping;
    const bobStopping = bob.stop();
    await clock.advance(60_000);
    await bobStopping;
    expect(wire()).toContain("alice: BYE");
    expect(inviter.state).toBe(SessionState.Terminated);
    expect(clock.pending).toBe(0);
  });
});
