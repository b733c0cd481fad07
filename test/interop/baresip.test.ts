/**
 * baresip 1.0 (headless, ctrl_tcp) and rxsip's public API through Kamailio 5.6: carol is
 * baresip, alice and bob are rxsip user agents (NodeTransport over UDP), all registered.
 *
 * - rxsip calls baresip: baresip answers (CALL_ESTABLISHED); rxsip holds and unholds (baresip
 *   answers a=recvonly, then a=sendrecv); baresip holds and resumes (rxsip's handler sees
 *   a=sendonly, then a=sendrecv); DTMF by INFO from rxsip (baresip reports CALL_DTMF_START with
 *   the digit); rxsip hangs up (CALL_CLOSED).
 * - baresip calls rxsip: rxsip answers; baresip hangs up; rxsip's session ends.
 * - blind transfer: alice (rxsip) calls carol (baresip) and transfers her to bob (rxsip): carol
 *   calls bob, bob answers, alice hears the outcome (NOTIFY 200) and hangs up her call with carol.
 *
 * baresip 1.0 sends DTMF only as RTP telephone-events (it has no INFO sending), so DTMF by
 * INFO is tested rxsip -> baresip.
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import { dtmfInfo, Inviter, Registerer, RegistererState, SessionState, UserAgent, type Session } from "rxsip";
import type { FakeSessionDescriptionHandler } from "rxsip/testing";
import { reach, startAgent, waitFor } from "./agents/rxsipAgent.js";
import { type BaresipEvent, type BaresipPeer, startBaresip } from "./peers/baresip.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";

const peers = requirePeers("kamailio", "kamcmd", "baresip");

type Agent = Awaited<ReturnType<typeof startAgent>>;
const sdhOf = (s: Session) => s.sessionDescriptionHandler as unknown as FakeSessionDescriptionHandler;

describeInterop("interop: baresip 1.0 and rxsip through Kamailio", peers, () => {
  let kam: KamailioPeer;
  let carol: BaresipPeer;
  let alice: Agent;
  let bob: Agent;

  /** Events baresip pushes from now on that match. */
  const after = () => {
    const from = carol.events.length;
    return (type: string, pred: (e: BaresipEvent) => boolean = () => true, ms = 5000) =>
      carol.waitForEvent((e) => e.type === type && carol.events.indexOf(e) >= from && pred(e), ms);
  };

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register", children: 1 });
    carol = await startBaresip({ user: "carol", password: KAMAILIO_USERS.carol, registrarPort: kam.udpPort, answermode: "auto" });
    alice = await startAgent(kam, { user: "alice", password: KAMAILIO_USERS.alice, transport: "UDP", extra: { dtmfInfo: dtmfInfo() } });
    bob = await startAgent(kam, { user: "bob", password: KAMAILIO_USERS.bob, transport: "UDP", extra: { dtmfInfo: dtmfInfo() } });
    for (const a of [alice, bob]) {
      const r = new Registerer(a.ua, { expires: 300 });
      await r.register();
      await reach(r, RegistererState.Registered);
    }
    const dump = await kam.kamcmd("ul.dump");
    for (const aor of ["alice", "bob", "carol"]) expect(dump).toMatch(new RegExp(`AoR: ${aor}\\b`));
  }, 30000);

  afterAll(async () => {
    await Promise.allSettled([alice?.ua.stop(), bob?.ua.stop()]);
    await carol?.stop();
    await kam?.stop();
  }, 20000);

  it("rxsip calls baresip: hold/unhold both ways, DTMF by INFO to baresip, rxsip hangs up", async () => {
    const next = after();
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:carol@127.0.0.1`)!);
    await inviter.invite();
    await reach(inviter, SessionState.Established, 8000);
    const established = await next("CALL_ESTABLISHED");
    expect(established).toMatchObject({ direction: "incoming" });
    expect(established.peeruri).toMatch(/^sip:alice@/);
    const sdh = sdhOf(inviter);

    // rxsip holds: baresip answers recvonly; unhold: sendrecv again
    const answers: number[] = [];
    const delegate = { onAccept: (r: { message: { statusCode: number } }) => answers.push(r.message.statusCode) };
    await inviter.hold({ requestDelegate: delegate });
    await waitFor(() => answers.length === 1, 5000, "no answer to the hold re-INVITE");
    expect(sdh.remoteDirection).toBe("recvonly");
    await inviter.unhold({ requestDelegate: delegate });
    await waitFor(() => answers.length === 2, 5000, "no answer to the unhold re-INVITE");
    expect(answers).toEqual([200, 200]);
    expect(sdh.remoteDirection).toBe("sendrecv");

    // baresip holds and resumes: rxsip sees sendonly, then sendrecv
    expect((await carol.command("hold")).ok).toBe(true);
    await waitFor(() => sdh.remoteDirection === "sendonly", 5000, `rxsip never saw baresip's hold (now ${sdh.remoteDirection})`);
    expect(sdh.localDirection).toBe("recvonly");
    expect((await carol.command("resume")).ok).toBe(true);
    await waitFor(() => sdh.remoteDirection === "sendrecv", 5000, `rxsip never saw baresip's resume (now ${sdh.remoteDirection})`);

    // DTMF by INFO (application/dtmf-relay): baresip reports the digit
    const dtmf = after();
    await inviter.dtmf("7", { transport: "info" });
    const start = await dtmf("CALL_DTMF_START");
    expect(start.param).toBe("7");

    const closed = after();
    await inviter.bye();
    await reach(inviter, SessionState.Terminated);
    await closed("CALL_CLOSED");
  }, 40000);

  it("baresip calls rxsip: rxsip answers; baresip hangs up and rxsip's session ends", async () => {
    const before = alice.invitations.length;
    const next = after();
    expect((await carol.command("dial", `sip:alice@127.0.0.1:${kam.udpPort}`)).ok).toBe(true);
    const invitation = await waitFor(() => alice.invitations[before], 5000, "rxsip got no INVITE from baresip");
    expect(invitation.remoteIdentity.uri.user).toBe("carol");
    await invitation.accept();
    await reach(invitation, SessionState.Established);
    const up = await next("CALL_ESTABLISHED");
    expect(up.direction).toBe("outgoing");
    expect((await carol.command("hangup")).ok).toBe(true);
    await reach(invitation, SessionState.Terminated, 5000);
    await next("CALL_CLOSED");
  }, 30000);

  it("blind transfer: rxsip transfers baresip to another rxsip user agent; the outcome is 200, alice's call ends", async () => {
    const next = after();
    const inviter = new Inviter(alice.ua, UserAgent.makeURI(`sip:carol@127.0.0.1`)!);
    await inviter.invite();
    await reach(inviter, SessionState.Established, 8000);
    await next("CALL_ESTABLISHED");

    const before = bob.invitations.length;
    bob.ua.delegate = { onInvite: (inv) => (bob.invitations.push(inv), void inv.accept()) };
    // baresip has no outbound proxy: the Refer-To names Kamailio (as the AoR domain:port)
    const { progress$, outcome } = inviter.transfer(UserAgent.makeURI(`sip:bob@127.0.0.1:${kam.udpPort}`)!);
    const progress: string[] = [];
    progress$.subscribe((p) => progress.push(p));
    const toBob = await waitFor(() => bob.invitations[before], 8000, "bob got no INVITE from baresip").catch((e) => {
      throw new Error(`${(e as Error).message}; transfer progress ${JSON.stringify(progress)}; baresip events ${JSON.stringify(carol.events.slice(-6))}\n${carol.log().slice(-1500)}`);
    });
    expect(toBob.remoteIdentity.uri.user).toBe("carol");
    expect(await outcome).toBe(200);
    await reach(toBob, SessionState.Established);
    // the transferor ends its call once the transfer succeeded (baresip 1.0 keeps it up otherwise)
    const closed = after();
    if (inviter.state === SessionState.Established) await inviter.bye();
    await reach(inviter, SessionState.Terminated);
    await closed("CALL_CLOSED");
    await toBob.bye();
    await reach(toBob, SessionState.Terminated);
    expect(progress.length).toBeGreaterThan(0);
  }, 40000);
});
