/**
 * baresip smoke tests through the interop Kamailio (proves the baresip harness; no rxsip code
 * involved yet):
 * - carol (baresip, auto-answer) registers; the binding shows in `kamcmd ul.dump`;
 * - alice (SIPp uac-call.xml) calls carol through Kamailio: carol answers, alice hangs up;
 * - carol dials bob (SIPp register.xml + uas-call.xml) through Kamailio and hangs up over ctrl_tcp.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { type BaresipPeer, startBaresip } from "./peers/baresip.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";
import { describeSipp, runSipp, type SippProcess, spawnSipp, traceStartLines } from "./peers/sipp.js";

const peers = requirePeers("kamailio", "kamcmd", "sipp", "baresip");

describeInterop("interop: baresip through Kamailio", peers, () => {
  let kam: KamailioPeer;
  let carol: BaresipPeer;
  const background: SippProcess[] = [];

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register", children: 1 });
    carol = await startBaresip({ user: "carol", password: KAMAILIO_USERS.carol, registrarPort: kam.udpPort, answermode: "auto" });
    console.info(`[interop] kamailio ${kam.startupMs} ms, baresip carol registered in ${carol.startupMs} ms`);
  }, 25000);

  afterAll(async () => {
    await Promise.all(background.map((p) => p.stop()));
    await carol?.stop();
    await kam?.stop();
  }, 15000);

  it("carol is registered at Kamailio", async () => {
    const dump = await kam.kamcmd("ul.dump");
    expect(dump).toMatch(/AoR: carol\b/);
    expect(dump).toContain(`@127.0.0.1:${carol.sipPort}`);
    const info = (await carol.command("reginfo")).data.replace(/\u001b\[[0-9;]*m/g, "");
    expect(info).toMatch(new RegExp(`sip:carol@127\\.0\\.0\\.1:${kam.udpPort}\\s+OK`));
  });

  it("alice (SIPp) calls carol: baresip auto-answers, SIPp hangs up, exit 0", async () => {
    const before = carol.events.length;
    const call = await runSipp({
      scenario: "uac-call",
      service: "carol",
      keys: { caller: "alice" },
      remote: `127.0.0.1:${kam.udpPort}`,
      timeoutSec: 10,
    });
    expect(call.code, describeSipp(call)).toBe(0);
    const after = () => carol.events.slice(before);
    await carol.waitForEvent((e) => e.type === "CALL_CLOSED" && after().includes(e), 5000);
    // with answermode=auto baresip 1.0 pushes no CALL_INCOMING: SDP offer/answer, ESTABLISHED, CLOSED
    const calls = after().filter((e) => e.class === "call");
    expect(calls.map((e) => e.type)).toEqual(["CALL_ESTABLISHED", "CALL_CLOSED"]);
    expect(calls[0]).toMatchObject({ direction: "incoming", peeruri: "sip:alice@127.0.0.1" });
    expect(calls[1]!.id).toBe(calls[0]!.id);
    expect(after().some((e) => e.type === "CALL_REMOTE_SDP" && e.param === "offer")).toBe(true);
  }, 20000);

  it("carol dials bob (SIPp uas behind a REGISTER) and hangs up over ctrl_tcp", async () => {
    const bob = await spawnSipp({ scenario: "uas-call", service: "bob", timeoutSec: 15 });
    background.push(bob);
    await bob.ready();
    const reg = await runSipp({
      scenario: "register",
      service: "bob",
      auth: { user: "bob", password: KAMAILIO_USERS.bob },
      keys: { cport: bob.port, expires: 300 },
      remote: `127.0.0.1:${kam.udpPort}`,
      timeoutSec: 10,
    });
    expect(reg.code, describeSipp(reg)).toBe(0);

    const before = carol.events.length;
    const dial = await carol.command("dial", `sip:bob@127.0.0.1:${kam.udpPort}`);
    expect(dial.ok, dial.data).toBe(true);
    const isNew = (type: string) => (e: (typeof carol.events)[number]) => e.type === type && carol.events.indexOf(e) >= before;
    await carol.waitForEvent(isNew("CALL_ESTABLISHED"), 5000);
    const hangup = await carol.command("hangup");
    expect(hangup.ok, hangup.data).toBe(true);
    await carol.waitForEvent(isNew("CALL_CLOSED"), 5000);

    const bobResult = await bob.done;
    expect(bobResult.code, describeSipp(bobResult)).toBe(0);
    const methods = traceStartLines(bobResult.trace)
      .filter((l) => /^(INVITE|ACK|BYE) /.test(l))
      .map((l) => l.split(" ")[0]);
    expect(methods).toEqual(["INVITE", "ACK", "BYE"]);
  }, 20000);
});
