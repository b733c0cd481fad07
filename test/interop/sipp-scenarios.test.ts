/**
 * SIPp scenarios written for rxsip (test/interop/scenarios/*.xml), each against a user agent
 * made with rxsip's public API, listening on UDP 127.0.0.1 (no proxy in between, so SIPp sees
 * exactly what rxsip sends). Each test asserts both sides: SIPp's verdict (exit 0: every
 * message it expected came, in order, with the checks of the scenario) and its message trace,
 * and what the rxsip session reported (states, provisional responses, bodies).
 */
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, expect, it } from "vitest";
import { knownDefect } from "./agents/knownDefect.js";
import { Inviter, SessionState, UserAgent } from "rxsip";
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
  const p = await spawnSipp({ scenario: scenario(name), timeoutSec, args });
  cleanup.push(() => p.stop());
  await p.ready();
  return p;
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

  knownDefect(1, "UAS: `await progress({ rel100 })` then `await accept()`: 183 with SDP PRACKed, the 200 of the PRACK before the 200 of the INVITE, no 180", async () => {
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

  knownDefect(1, "UAS: a reliable 183 without SDP, answered at once; the PRACK that comes after the 200 is answered 200, not 481", async () => {
    const bob = await agent("bob");
    const sessions: SessionState[] = [];
    bob.ua.delegate = {
      onInvite: (invitation) => {
        invitation.stateChange.addListener((st) => sessions.push(st));
        void invitation.progress({ statusCode: 183, rel100: true }).then(() => invitation.accept());
      },
    };
    const sipp = await sippUac("uac-reliable-183-prack-after-answer", bob, "bob");
    const r = await passed(sipp);
    expect(flow(r).filter((m) => m !== "100")).toEqual(["INVITE", "183", "200", "PRACK", "200", "ACK", "BYE", "200"]);
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
    // expected gaps: T1, 2T1, 4T1, then T2 each (RFC 3261 §13.3.1.4)
    const expected = gaps.map((_, i) => Math.min(T1 * 2 ** i, T2));
    for (let i = 0; i < gaps.length; i++) {
      expect(gaps[i], `gap ${i} of ${JSON.stringify(gaps)}`).toBeGreaterThanOrEqual(expected[i]! * 0.9 - 5);
      expect(gaps[i], `gap ${i} of ${JSON.stringify(gaps)}`).toBeLessThanOrEqual(expected[i]! * 1.5 + 60);
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
