/**
 * SIPp smoke tests through the interop Kamailio (proves the SIPp harness and the shipped
 * scenarios; no rxsip code involved yet):
 * - SIPp's built-in `-sn uac` calls a built-in `-sn uas` on a loopback port via Kamailio
 *   (-rsa): exit code 0, and the UAS saw the INVITE with Kamailio's Via and Record-Route;
 * - our scenarios: bob REGISTERs (401 + digest) with a Contact pointing at a uas-call.xml
 *   process; alice calls bob through Kamailio with uac-call.xml; all three exit 0.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";
import { describeSipp, runSipp, type SippProcess, spawnSipp, traceStartLines } from "./peers/sipp.js";

const peers = requirePeers("kamailio", "kamcmd", "sipp");

describeInterop("interop: SIPp through Kamailio", peers, () => {
  let kam: KamailioPeer;
  const background: SippProcess[] = [];

  beforeAll(async () => {
    // children=1: SIPp scenarios expect 180 before 200 (see peers.md)
    kam = await startKamailio({ auth: "register", children: 1 });
  }, 20000);

  afterAll(async () => {
    await Promise.all(background.map((p) => p.stop()));
    await kam?.stop();
  }, 15000);

  it("built-in uac -> Kamailio -> built-in uas: exit code 0", async () => {
    const uas = await spawnSipp({ builtin: "uas", timeoutSec: 15 });
    background.push(uas);
    await uas.ready();

    const uac = await runSipp({
      builtin: "uac",
      service: "service",
      remote: `127.0.0.1:${uas.port}`,
      // send everything to Kamailio, which relays sip:service@127.0.0.1:<uas port> (unregistered, loopback)
      args: ["-rsa", `127.0.0.1:${kam.udpPort}`, "-d", "100"],
      timeoutSec: 10,
    });
    expect(uac.code, describeSipp(uac)).toBe(0);
    const sent = traceStartLines(uac.trace);
    expect(sent.some((l) => l.startsWith("INVITE sip:service@127.0.0.1:"))).toBe(true);
    expect(sent).toContain("SIP/2.0 200 OK");
    expect(sent.some((l) => l.startsWith("BYE "))).toBe(true);

    // the built-in uas lingers ~4 s in its final timewait: its trace already shows the call; stop it
    const uasResult = await uas.stop();
    const inviteAtUas = uasResult.trace.slice(uasResult.trace.indexOf("INVITE sip:"));
    // relayed by Kamailio: its Via on top and its Record-Route
    expect(inviteAtUas, describeSipp(uasResult)).toMatch(new RegExp(`^Via: SIP/2\\.0/UDP 127\\.0\\.0\\.1:${kam.udpPort};branch=`, "m"));
    expect(inviteAtUas).toMatch(new RegExp(`^Record-Route: <sip:127\\.0\\.0\\.1:${kam.udpPort};lr>`, "m"));
    expect(traceStartLines(uasResult.trace).filter((l) => /^(INVITE|ACK|BYE) /.test(l)).map((l) => l.split(" ")[0])).toEqual([
      "INVITE",
      "ACK",
      "BYE",
    ]);
  }, 20000);

  it("shipped scenarios: register.xml + uas-call.xml (bob) <- uac-call.xml (alice): all exit 0", async () => {
    const bobUas = await spawnSipp({ scenario: "uas-call", service: "bob", timeoutSec: 15 });
    background.push(bobUas);
    await bobUas.ready();

    const reg = await runSipp({
      scenario: "register",
      service: "bob",
      auth: { user: "bob", password: KAMAILIO_USERS.bob },
      keys: { cport: bobUas.port, expires: 300 },
      remote: `127.0.0.1:${kam.udpPort}`,
      timeoutSec: 10,
    });
    expect(reg.code, describeSipp(reg)).toBe(0);
    expect(traceStartLines(reg.trace).filter((l) => l.startsWith("SIP/2.0"))).toEqual(["SIP/2.0 401 Unauthorized", "SIP/2.0 200 OK"]);
    expect(await kam.kamcmd("ul.dump")).toContain(`Address: sip:bob@127.0.0.1:${bobUas.port}`);

    const call = await runSipp({
      scenario: "uac-call",
      service: "bob",
      keys: { caller: "alice" },
      auth: { user: "alice", password: KAMAILIO_USERS.alice },
      remote: `127.0.0.1:${kam.udpPort}`,
      timeoutSec: 10,
    });
    expect(call.code, describeSipp(call)).toBe(0);
    const bob = await bobUas.done;
    expect(bob.code, describeSipp(bob)).toBe(0);
    expect(traceStartLines(bob.trace).filter((l) => /^(INVITE|ACK|BYE) /.test(l)).map((l) => l.split(" ")[0])).toEqual([
      "INVITE",
      "ACK",
      "BYE",
    ]);
  }, 20000);
});
