/**
 * SIPp scenarios written for rxsip (test/interop/scenarios/*.xml), each against a user agent
 * made with rxsip's public API, listening on UDP 127.0.0.1 (no proxy in between, so SIPp sees
 * exactly what rxsip sends). Each test asserts both sides: SIPp's verdict (exit 0: every
 * message it expected came, in order, with the checks of the scenario) and its message trace,
 * and what the rxsip session reported (states, provisional responses, bodies).
 */
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { Inviter, Registerer, RegistererState, SessionState, sessionTimers, sha2Digest, UserAgent } from "rxsip";
import { NodeTransport } from "rxsip/node";
import { reach, startListeningAgent, waitFor } from "./agents/rxsipAgent.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";
import { describeSipp, spawnSipp, type SippProcess, type SippResult, traceStartLines } from "./peers/sipp.js";

const peers = requirePeers("sipp");
const SCENARIOS = join(dirname(fileURLToPath(import.meta.url)), "scenarios");
const scenario = (name: string) => join(SCENARIOS, `${name}.xml`);

type Agent = Awaited<ReturnType<typeof startListeningAgent>>;
const cleanup: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.allSettled(cleanup.splice(0).map((f) => f()));
});

async function agent(user: string, extra: Parameters<typeof startListeningAgent>[0]["extra"] = {}): Promise<Agent> {
  const a = await startListeningAgent({ user, extra });
  cleanup.push(() => a.ua.stop());
  return a;
}

async function sippUas(name: string, timeoutSec = 15, args: string[] = []): Promise<SippProcess> {
  // the free port SIPp is given can be taken by another process before SIPp binds it
  // (parallel test files on the same machine): a bind failure is retried on a new port
  for (let attempt = 1; ; attempt++) {
    const p = await spawnSipp({ scenario: scenario(name), timeoutSec, args });
    cleanup.push(() => p.stop());
    try {
      await p.ready();
      return p;
    } catch (e) {
      if (attempt >= 3 || !/Address already in use/.test(String(e))) throw e;
    }
  }
}

/** SIPp calling the listening rxsip agent (`[service]` = its user). */
async function sippUac(name: string, target: Agent, user: string, opts: { timeoutSec?: number; calls?: number; args?: string[] } = {}) {
  const p = await spawnSipp({
    scenario: scenario(name),
    service: user,
    remote: `127.0.0.1:${target.port}`,
    timeoutSec: opts.timeoutSec ?? 15,
    calls: opts.calls ?? 1,
    args: opts.args ?? [],
  });
  cleanup.push(() => p.stop());
  return p;
}

/** SIPp's verdict, with its trace in the failure message. */
async function passed(p: SippProcess | Promise<SippResult>): Promise<SippResult> {
  const r = await ("done" in p ? p.done : p);
  expect(r.code, describeSipp(r)).toBe(0);
  return r;
}

/** "INVITE", "183", "PRACK" ... as SIPp saw and sent them, in order. */
const flow = (r: SippResult) => traceStartLines(r.trace).map((l) => (l.startsWith("SIP/2.0 ") ? l.split(" ")[1]! : l.split(" ")[0]!));

describeInterop("interop: SIPp scenarios written for rxsip", peers, () => {
  it("UAC: a reliable 183 with SDP is PRACKed (RAck 1 1 INVITE) before the 200; early media, then the call", async () => {
    const sipp = await sippUas("uas-reliable-183");
    const alice = await agent("alice");
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!);
    const progress: { code: number; body: boolean }[] = [];
    await inviter.invite({ requestDelegate: { onProgress: (r) => progress.push({ code: r.message.statusCode, body: r.message.body !== "" }) } });
    await reach(inviter, SessionState.Established, 8000);
    expect(progress.filter((p) => p.code === 183)).toEqual([{ code: 183, body: true }]);
    await inviter.bye();
    await reach(inviter, SessionState.Terminated);
    const r = await passed(sipp);
    expect(flow(r).filter((m) => m !== "100" && m !== "183")).toEqual(["INVITE", "PRACK", "200", "200", "ACK", "BYE", "200"]);
  }, 20000);

  it("UAC: early media without 100rel (183 with SDP, no PRACK), then the call", async () => {
    const sipp = await sippUas("uas-early-media");
    const alice = await agent("alice");
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!, { earlyMedia: true });
    const progress: { code: number; body: boolean; state: SessionState }[] = [];
    await inviter.invite({
      requestDelegate: { onProgress: (r) => progress.push({ code: r.message.statusCode, body: r.message.body !== "", state: inviter.state }) },
    });
    await reach(inviter, SessionState.Established, 8000);
    expect(progress.filter((p) => p.code === 183)).toEqual([{ code: 183, body: true, state: SessionState.Establishing }]);
    await inviter.bye();
    await reach(inviter, SessionState.Terminated);
    const r = await passed(sipp);
    expect(flow(r).filter((m) => m !== "100")).toEqual(["INVITE", "183", "200", "ACK", "BYE", "200"]);
  }, 20000);

  it("UAC: cancel({ statusCode: 200, reasonPhrase }) while ringing sends a CANCEL with the RFC 3326 Reason SIPp requires, and ACKs the 487", async () => {
    const sipp = await sippUas("uas-cancel-reason");
    const alice = await agent("alice");
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!);
    const codes: number[] = [];
    await inviter.invite({ requestDelegate: { onProgress: (r) => codes.push(r.message.statusCode) } });
    await waitFor(() => codes.includes(180), 8000, "a 180 from SIPp");
    await inviter.cancel({ statusCode: 200, reasonPhrase: "Call completed elsewhere" });
    const r = await passed(sipp);
    expect(flow(r).filter((m) => m !== "100")).toEqual(["INVITE", "180", "CANCEL", "200", "487", "ACK"]);
  }, 20000);

  it("UAC: 422 (Min-SE 3600) is ACKed before the INVITE that retries with Session-Expires and Min-SE >= 3600", async () => {
    const sipp = await sippUas("uas-422-retry");
    const alice = await agent("alice", { sessionTimers: sessionTimers() });
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!);
    await inviter.invite();
    await reach(inviter, SessionState.Established, 8000);
    await inviter.bye();
    const r = await passed(sipp);
    expect(flow(r)).toEqual(["INVITE", "422", "ACK", "INVITE", "200", "ACK", "BYE", "200"]);
  }, 20000);

  it("UAC: forking - two 180s from two forks, the 200 from the second: the dialog of fork 2 is confirmed (ACK and BYE to its tag)", async () => {
    const sipp = await sippUas("uas-forking");
    const alice = await agent("alice");
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!);
    const tags: string[] = [];
    await inviter.invite({ requestDelegate: { onProgress: (r) => r.message.statusCode === 180 && tags.push(r.message.to.tag ?? "") } });
    await reach(inviter, SessionState.Established, 8000);
    expect(tags).toHaveLength(2);
    expect(tags[0]).toMatch(/F1x/);
    expect(tags[1]).toMatch(/F2x/);
    expect(inviter.dialog?.dialog.remoteTag ?? "").toMatch(/F2x/);
    await inviter.bye();
    await reach(inviter, SessionState.Terminated);
    const r = await passed(sipp);
    expect(flow(r)).toEqual(["INVITE", "180", "180", "200", "ACK", "BYE", "200"]);
  }, 20000);

  it("UAC: re-INVITE glare - rxsip answers the crossing re-INVITE 491, takes 491 itself and retries after 2.1-4 s", async () => {
    const sipp = await sippUas("uas-reinvite-glare", 20);
    const alice = await agent("alice");
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!);
    await inviter.invite();
    await reach(inviter, SessionState.Established, 8000);
    const accepted: number[] = [];
    await inviter.invite({ requestDelegate: { onAccept: (r) => accepted.push(r.message.statusCode) } });
    await waitFor(() => accepted.length > 0, 10000, "the re-INVITE was never accepted");
    expect(accepted).toEqual([200]);
    expect(inviter.state).toBe(SessionState.Established);
    await inviter.bye();
    const r = await passed(sipp);
    expect(flow(r)).toEqual(["INVITE", "200", "ACK", "INVITE", "INVITE", "491", "ACK", "491", "ACK", "INVITE", "200", "ACK", "BYE", "200"]);
    const invites = receivedAt(r.trace).filter((m) => m.line.startsWith("INVITE "));
    const retryAfter = invites[2]!.at - invites[1]!.at;
    expect(retryAfter).toBeGreaterThanOrEqual(2100);
    expect(retryAfter).toBeLessThanOrEqual(4300);
  }, 25000);

  it("UAC: a re-INVITE answered 500 with Retry-After: 1 (§14.2) is ACKed and sent again after 1 s, then accepted", async () => {
    const sipp = await sippUas("uas-reinvite-500-retry-after", 20);
    const alice = await agent("alice");
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:sipp@127.0.0.1:${sipp.port}`)!);
    await inviter.invite();
    await reach(inviter, SessionState.Established, 8000);
    const outcome: number[] = [];
    await inviter.invite({ requestDelegate: { onAccept: (r) => outcome.push(r.message.statusCode), onReject: (r) => outcome.push(r.message.statusCode) } });
    await waitFor(() => outcome.length > 0, 8000, "the re-INVITE's outcome");
    expect(outcome).toEqual([200]);
    expect(inviter.state).toBe(SessionState.Established);
    await inviter.bye();
    const r = await passed(sipp);
    expect(flow(r)).toEqual(["INVITE", "200", "ACK", "INVITE", "500", "ACK", "INVITE", "200", "ACK", "BYE", "200"]);
    const invites = receivedAt(r.trace).filter((m) => m.line.startsWith("INVITE "));
    const waited = invites[2]!.at - invites[1]!.at;
    expect(waited).toBeGreaterThanOrEqual(1000);
    expect(waited).toBeLessThanOrEqual(2500);
  }, 25000);

  it("REGISTER: a challenge offering SHA-256 before MD5 is answered with SHA-256 (RFC 8760), digest verified", async () => {
    const sipp = await sippUas("uas-register-sha256");
    const ua = new UserAgent({
      uri: UserAgent.makeURI("sip:alice@127.0.0.1")!,
      transportConstructor: NodeTransport,
      transportOptions: { server: `udp://127.0.0.1:${sipp.port}` },
      authorizationUsername: "alice",
      authorizationPassword: "alice-sha",
      digestAlgorithms: sha2Digest(),
      logBuiltinEnabled: false,
    });
    cleanup.push(() => ua.stop());
    await ua.start();
    const registerer = new Registerer(ua, { expires: 60 });
    await registerer.register();
    await reach(registerer, RegistererState.Registered, 5000);
    await registerer.unregister();
    await reach(registerer, RegistererState.Unregistered, 5000);
    const r = await passed(sipp);
    // the second REGISTER's Authorization, checked as the registrar would (RFC 7616 §3.4.1)
    const register2 = r.trace.split(/-{20,}/).filter((m) => /UDP message received[\s\S]*?REGISTER sip:/.test(m))[1]!;
    const auth = /\r?\nAuthorization: *Digest (.*)/i.exec(register2)![1]!;
    const p = Object.fromEntries([...auth.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)].map((m) => [m[1]!.toLowerCase(), m[2] ?? m[3]!]));
    expect(p.algorithm).toBe("SHA-256");
    expect(p.qop).toBe("auth");
    expect(p.realm).toBe("sipp.test");
    expect(p.opaque).toBe("op1");
    const h = (x: string) => createHash("sha256").update(x).digest("hex");
    const ha1 = h(`alice:sipp.test:alice-sha`);
    const ha2 = h(`REGISTER:${p.uri}`);
    expect(p.response).toBe(h(`${ha1}:${p.nonce}:${p.nc}:${p.cnonce}:auth:${ha2}`));
  }, 20000);

  it("UAS: `await progress({ rel100 })` then `await accept()`: 183 with SDP PRACKed, the 200 of the PRACK before the 200 of the INVITE, no 180", async () => {
    const bob = await agent("bob");
    bob.ua.delegate = {
      onInvite: async (invitation) => {
        await invitation.progress({ statusCode: 183, rel100: true, earlyMedia: true });
        await invitation.accept();
      },
    };
    const sipp = await sippUac("uac-reliable-183-sdp", bob, "bob");
    const r = await passed(sipp);
    expect(flow(r).filter((m) => m !== "100")).toEqual(["INVITE", "183", "PRACK", "200", "200", "ACK", "BYE", "200"]);
  }, 20000);

  it("UAS: two reliable provisionals in a row: the 183 waits for the PRACK of the 180 (RFC 3262 §3), with the next RSeq", async () => {
    const bob = await agent("bob");
    bob.ua.delegate = {
      onInvite: async (invitation) => {
        invitation.autoSendAnInitialProvisionalResponse = false;
        const ringing = invitation.progress({ rel100: true });
        const progress = invitation.progress({ statusCode: 183, rel100: true });
        await Promise.all([ringing, progress]);
        await invitation.accept();
      },
    };
    const sipp = await sippUac("uac-two-reliable-provisionals", bob, "bob");
    const r = await passed(sipp);
    // SIPp itself fails the call on a 183 before its PRACK of the 180 was answered. The 180 may
    // be retransmitted (T1) while SIPp waits, and on a loaded machine cross SIPp's PRACK, which
    // SIPp then sends again (and rxsip answers again): before the 183, each kind counts once
    const all = flow(r).filter((m) => m !== "100");
    const first183 = all.indexOf("183");
    const seen = all.filter((m, i) => i >= first183 || all.indexOf(m) === i);
    expect(seen).toEqual(["INVITE", "180", "PRACK", "200", "183", "PRACK", "200", "200", "ACK", "BYE", "200"]);
    const rseqs = [...new Set([...r.trace.matchAll(/\r?\nRSeq: *(\d+)/gi)].map((m) => Number(m[1])))];
    expect(rseqs).toHaveLength(2);
    expect(rseqs[1]).toBe(rseqs[0]! + 1);
  }, 20000);

  it("UAS: a reliable 183 without SDP, answered at once; the PRACK that comes after the 200 is answered 200, not 481", async () => {
    const bob = await agent("bob");
    const sessions: SessionState[] = [];
    let prackedAfterAnswer: Promise<SessionState> | undefined;
    bob.ua.delegate = {
      onInvite: (invitation) => {
        invitation.stateChange.addListener((st) => sessions.push(st));
        // RFC 3262 §3: with no SDP in the reliable 183 the 2xx need not wait for its PRACK,
        // and progress() resolves when that PRACK comes, after the 200
        prackedAfterAnswer = invitation.progress({ statusCode: 183, rel100: true }).then(() => invitation.state);
        void invitation.accept();
      },
    };
    const sipp = await sippUac("uac-reliable-183-prack-after-answer", bob, "bob");
    const r = await passed(sipp);
    expect(flow(r).filter((m) => m !== "100")).toEqual(["INVITE", "183", "200", "PRACK", "200", "ACK", "BYE", "200"]);
    expect(await prackedAfterAnswer).not.toBe(SessionState.Initial);
    expect(sessions).toEqual([SessionState.Establishing, SessionState.Established, SessionState.Terminated]);
  }, 20000);

  it("UAS: a caller that never ACKs gets the 2xx at T1, doubling to T2, then a BYE at 64*T1", async () => {
    // T1 = 100 ms, T2 = 400 ms: the same rules as 500 ms / 4 s, in a tenth of the time
    const T1 = 100;
    const T2 = 400;
    const bob = await agent("bob", { timers: { T1, T2 } });
    bob.ua.delegate = { onInvite: (invitation) => void invitation.accept() };
    const sipp = await sippUac("uac-never-acks", bob, "bob", { timeoutSec: 30 });
    const r = await passed(sipp);
    const times = receivedAt(r.trace);
    const oks = times.filter((m) => m.line.startsWith("SIP/2.0 200")).map((m) => m.at);
    const bye = times.find((m) => m.line.startsWith("BYE "))!.at;
    expect(oks.length).toBeGreaterThan(5);
    const gaps = oks.slice(1).map((t, i) => t - oks[i]!);
    // expected gaps: T1, 2T1, 4T1, then T2 each (RFC 3261 §13.3.1.4). Asserted on the time of
    // each retransmission since the first 2xx (the schedule), so one copy that SIPp reads late
    // on a loaded machine (its gap long, the next one short by as much) does not fail the run
    const expected = gaps.map((_, i) => Math.min(T1 * 2 ** i, T2));
    let due = 0;
    for (let i = 0; i < gaps.length; i++) {
      due += expected[i]!;
      const at = oks[i + 1]! - oks[0]!;
      expect(at, `retransmission ${i + 1} of gaps ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual(due * 0.95 - 5);
      expect(at, `retransmission ${i + 1} of gaps ${JSON.stringify(gaps)}`).toBeLessThanOrEqual(due * 1.1 + 150);
      expect(gaps[i], `gap ${i} of ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual(expected[i]! * 0.5);
    }
    // the BYE 64*T1 after the first 2xx (§13.3.1.4), and no 2xx after it
    const byeAfter = bye - oks[0]!;
    expect(byeAfter).toBeGreaterThanOrEqual(64 * T1 * 0.95);
    expect(byeAfter).toBeLessThanOrEqual(64 * T1 + 500);
    expect(oks.every((t) => t <= bye)).toBe(true);
  }, 30000);

  it("UAS: 100 calls with 10 % packet loss both ways over UDP all complete", async () => {
    const bob = await agent("bob");
    let answered = 0;
    bob.ua.delegate = { onInvite: (invitation) => void invitation.accept().then(() => answered++) };
    const sipp = await sippUac("uac-call-bye", bob, "bob", { calls: 100, timeoutSec: 90, args: ["-r", "25", "-lost", "10", "-trace_stat", "-stf", "stats.csv"] });
    const r = await passed(sipp);
    expect(answered).toBe(100);
    // every call ended in SIPp's view: 100 successful calls and none failed
    const successful = /Successful call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(r.stdout)?.[1];
    const failed = /Failed call\s*\|\s*\d+\s*\|\s*(\d+)/.exec(r.stdout)?.[1];
    expect({ successful, failed }, r.stdout.slice(-3000)).toEqual({ successful: "100", failed: "0" });
  }, 100000);
});

/** Messages SIPp received, with their arrival time in ms (from the -trace_msg timestamps). */
function receivedAt(trace: string): { line: string; at: number }[] {
  const out: { line: string; at: number }[] = [];
  const re = /-+ \d{4}-\d\d-\d\d[ \t](\d\d):(\d\d):(\d\d)\.(\d+)\r?\n\s*UDP message received \[\d+\] bytes :\s*(\S.*)/g;
  for (const m of trace.matchAll(re)) {
    const at = ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + Number(`0.${m[4]}`) * 1000;
    out.push({ line: m[5]!.trim(), at });
  }
  return out;
}

void waitFor;
