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
});

void waitFor;
