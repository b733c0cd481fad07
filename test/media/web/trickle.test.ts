/**
 * Trickle ICE (RFC 8840) through the API with the WebRTC handler over fake peer connections,
 * in virtual time: what goes on the wire (INVITE / 200 headers, INFO bodies parsed as
 * fragments), when INFOs may go (queued until the dialog allows them), batching, the end
 * of candidates, the peer's candidates reaching its peer connection, bad INFOs answered,
 * and no change at all when the peer does not trickle.
 */
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { Inviter, SessionState, trickleIce, Web, type Invitation, type TrickleIceEvent, type UserAgentOptions, type WebSessionDescriptionHandler } from "../../../src/index.js";
import { parseTrickleFragment } from "../../../src/api/trickleFragment.js";
import { fakeSessionDescriptionHandlerFactory } from "../../../src/testing/index.js";
import { world } from "../../api/harness.js";
import { sipText as parse } from "../../sipText.js";
import { candidate, FakeRTCPeerConnection, fakeMedia, made } from "./fakes.js";
import { installFakes } from "./helpers.js";

beforeEach(() => {
  installFakes();
  FakeRTCPeerConnection.autoGather = false;
});
afterEach(() => vi.unstubAllGlobals());

const webMedia = (): Partial<UserAgentOptions> => ({ sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(fakeMedia().factory) });
const pcOf = (s: { sessionDescriptionHandler: unknown }) => (s.sessionDescriptionHandler as WebSessionDescriptionHandler).peerConnection as unknown as FakeRTCPeerConnection;

interface Wire {
  from: string;
  text: string;
}

async function call(options: { alice?: Partial<UserAgentOptions>; bob?: Partial<UserAgentOptions>; early?: boolean; acceptAt?: number; waitForInvite?: boolean } = {}) {
  const w = world();
  const alice = w.ua("alice", { ...webMedia(), ...options.alice });
  const bob = w.ua("bob", { ...webMedia(), ...options.bob });
  await Promise.all([alice.start(), bob.start()]);
  const invitations: Invitation[] = [];
  bob.invites$.subscribe((inv) => {
    invitations.push(inv);
    if (options.early) w.clock.scheduler.schedule(() => void inv.progress({ statusCode: 183, earlyMedia: true, rel100: true }), 100);
    w.clock.scheduler.schedule(() => void inv.accept(), options.acceptAt ?? 2000);
  });
  const inviter = new Inviter(alice, w.target("bob"));
  const events: TrickleIceEvent[] = [];
  inviter.trickleIce$.subscribe((e) => events.push(e));
  const invited = inviter.invite();
  if (options.waitForInvite !== false) await invited;
  const log = (): Wire[] => w.network.log.filter((r) => !r.dropped).map((r) => ({ from: r.from.split(".")[0]!, text: r.text }));
  const sent = (start: string, from?: string) => log().filter((m) => m.text.startsWith(start) && (from === undefined || m.from === from)).map((m) => parse(m.text));
  /** The final responses to INVITE from bob. */
  const inviteOk = () => log().filter((m) => m.from === "bob" && /^SIP\/2\.0 200/.test(m.text) && /CSeq: \d+ INVITE/i.test(m.text)).map((m) => parse(m.text));
  return { ...w, alice, bob, inviter, invitations, events, sent, inviteOk };
}

describe("trickle ICE (RFC 8840) with the WebRTC handler", () => {
  it("both trickle: offer and answer go without candidates; candidates found before the dialog wait, then go batched in one INFO whose fragment the callee applies", async () => {
    const c = await call({ alice: { trickleIce: trickleIce({ full: true }) }, bob: { trickleIce: trickleIce() } });
    const invite = c.sent("INVITE", "alice")[0]!;
    expect(invite.header("Supported").join(",")).toMatch(/\btrickle-ice\b/);
    expect(invite.header("Recv-Info")).toEqual(["trickle-ice"]);
    expect(invite.body).toMatch(/^a=ice-options:trickle$/m);
    expect(invite.body).not.toMatch(/a=candidate/);
    // full trickle: the INVITE left before any candidate was gathered
    const alicePc = pcOf(c.inviter);
    expect(alicePc.iceGatheringState).toBe("gathering");

    // two candidates found while bob's phone rings: no dialog yet, nothing may go
    const h1 = candidate("host");
    const s1 = candidate("srflx");
    alicePc.emitCandidate(h1);
    alicePc.emitCandidate(s1);
    await c.clock.advance(1000);
    expect(c.sent("INFO")).toHaveLength(0);

    await c.clock.advance(1500);
    expect(c.inviter.state).toBe(SessionState.Established);
    const ok = c.inviteOk()[0]!;
    expect(ok.header("Supported").join(",")).toMatch(/\btrickle-ice\b/);
    expect(ok.header("Supported")).toHaveLength(1); // ours replaced the default one
    expect(ok.header("Recv-Info")).toEqual(["trickle-ice"]);
    expect(ok.body).not.toMatch(/a=candidate/);

    const infos = c.sent("INFO", "alice");
    expect(infos).toHaveLength(1); // both candidates in one INFO
    const info = infos[0]!;
    expect(info.header("Info-Package")).toEqual(["trickle-ice"]);
    expect(info.header("Content-Type")).toEqual(["application/trickle-ice-sdpfrag"]);
    expect(info.header("Content-Disposition")).toEqual(["Info-Package"]);
    const fragment = parseTrickleFragment(info.body);
    const offerUfrag = /a=ice-ufrag:(\S+)/.exec(invite.body)![1];
    expect(fragment.ufrag).toBe(offerUfrag);
    expect(fragment.pwd).toBe(/a=ice-pwd:(\S+)/.exec(invite.body)![1]);
    expect(fragment.sections).toEqual([{ media: "audio 9 UDP/TLS/RTP/SAVPF 111", mid: "0", candidates: [h1.candidate, s1.candidate], endOfCandidates: false }]);
    expect(fragment.endOfCandidates).toBe(false);
    // the INFO was answered 200 and bob's peer connection has both candidates
    expect(c.sent("SIP/2.0 200", "bob").some((r) => /CSeq: \d+ INFO/.test(r.header("CSeq").map((v) => `CSeq: ${v}`).join()))).toBe(true);
    const bobPc = pcOf(c.invitations[0]!);
    expect(bobPc.remoteCandidates.map((x) => [x.candidate, x.sdpMid, x.usernameFragment])).toEqual([
      [h1.candidate, "0", offerUfrag],
      [s1.candidate, "0", offerUfrag],
    ]);
    expect(c.events.map((e) => [e.direction, e.candidates.length, e.endOfCandidates])).toEqual([["sent", 2, false]]);
  });

  it("the callee's candidates go after the ACK; gathering's end goes as a=end-of-candidates and reaches the other peer connection as an empty candidate", async () => {
    const c = await call({ alice: { trickleIce: trickleIce({ full: true }) }, bob: { trickleIce: trickleIce() } });
    await c.clock.advance(2001);
    const invitation = c.invitations[0]!;
    const received: TrickleIceEvent[] = [];
    c.inviter.trickleIce$.subscribe((e) => received.push(e));
    await c.clock.advance(100);
    expect(invitation.state).toBe(SessionState.Established);
    const bobPc = pcOf(invitation);
    const h = candidate("host");
    bobPc.emitCandidate(h);
    bobPc.completeGathering();
    await c.clock.advance(100);
    const infos = c.sent("INFO", "bob");
    expect(infos).toHaveLength(1); // the candidate and the end, found together, share one INFO
    const fragment = parseTrickleFragment(infos[0]!.body);
    const answerUfrag = /a=ice-ufrag:(\S+)/.exec(c.inviteOk()[0]!.body)![1];
    expect(fragment.ufrag).toBe(answerUfrag);
    expect(fragment.endOfCandidates).toBe(true);
    expect(fragment.sections.map((s) => s.candidates)).toEqual([[h.candidate]]);
    expect(pcOf(c.inviter).remoteCandidates.map((x) => x.candidate)).toEqual([h.candidate, ""]);
    expect(received.map((e) => [e.direction, e.candidates.map((x) => x.candidate), e.endOfCandidates])).toEqual([["received", [h.candidate], true]]);

    // alice's end of gathering: an INFO with only a=end-of-candidates
    pcOf(c.inviter).completeGathering();
    await c.clock.advance(100);
    const last = c.sent("INFO", "alice").at(-1)!;
    expect(parseTrickleFragment(last.body)).toMatchObject({ endOfCandidates: true, sections: [] });
    expect(bobPc.remoteCandidates.map((x) => x.candidate)).toEqual([""]);
  });

  it("one INFO at a time: candidates found while an INFO waits for its answer go together in the next one", async () => {
    const c = await call({ alice: { trickleIce: trickleIce({ full: true }) }, bob: { trickleIce: trickleIce() } });
    await c.clock.advance(2100);
    const pc = pcOf(c.inviter);
    pc.emitCandidate(candidate("host"));
    await c.clock.advance(20); // the first INFO leaves; its 200 takes a round trip on the 5 ms network
    pc.emitCandidate(candidate("srflx"));
    pc.emitCandidate(candidate("relay"));
    await c.clock.advance(200);
    const bodies = c.sent("INFO", "alice").map((i) => parseTrickleFragment(i.body).sections[0]!.candidates.length);
    expect(bodies).toEqual([1, 2]);
    expect(pcOf(c.invitations[0]!).remoteCandidates).toHaveLength(3);
  });

  it("a reliable 183 with the answer opens the early dialog to INFOs: the caller's candidates reach the callee before the 200", async () => {
    const c = await call({ alice: { trickleIce: trickleIce({ full: true }) }, bob: { trickleIce: trickleIce() }, early: true, acceptAt: 5000 });
    const h = candidate("host");
    pcOf(c.inviter).emitCandidate(h);
    await c.clock.advance(1000);
    expect(c.inviter.state).toBe(SessionState.Establishing);
    const r183 = c.sent("SIP/2.0 183", "bob")[0]!;
    expect(r183.header("Recv-Info")).toEqual(["trickle-ice"]);
    expect(r183.body).not.toMatch(/a=candidate/);
    expect(c.sent("INFO", "alice")).toHaveLength(1);
    expect(pcOf(c.invitations[0]!).remoteCandidates.map((x) => x.candidate)).toEqual([h.candidate]);
    // bob's candidates go once the PRACK told him alice has his answer
    const b = candidate("host");
    pcOf(c.invitations[0]!).emitCandidate(b);
    await c.clock.advance(100);
    expect(pcOf(c.inviter).remoteCandidates.map((x) => x.candidate)).toEqual([b.candidate]);
    await c.clock.advance(5000);
    expect(c.inviter.state).toBe(SessionState.Established);
  });

  it("an ICE restart by re-INVITE while trickling: the offer goes at once, its new candidates wait for the answer and then go with the new ufrag", async () => {
    const c = await call({ alice: { trickleIce: trickleIce({ full: true }) }, bob: { trickleIce: trickleIce() } });
    await c.clock.advance(2100);
    const pc = pcOf(c.inviter);
    await c.inviter.invite({ sessionDescriptionHandlerOptions: { iceRestart: true } });
    const reoffer = c.sent("INVITE", "alice").at(-1)!;
    const ufrag = /a=ice-ufrag:(\S+)/.exec(reoffer.body)![1]!;
    expect(ufrag).not.toBe(/a=ice-ufrag:(\S+)/.exec(c.sent("INVITE", "alice")[0]!.body)![1]);
    expect(reoffer.body).not.toMatch(/a=candidate/);
    const h = candidate("host");
    pc.emitCandidate(h);
    await c.clock.advance(21);
    // the re-INVITE is not answered yet (5 ms each way): nothing may go
    expect(c.sent("INFO", "alice")).toHaveLength(0);
    await c.clock.advance(200);
    const infos = c.sent("INFO", "alice");
    expect(infos).toHaveLength(1);
    expect(parseTrickleFragment(infos[0]!.body)).toMatchObject({ ufrag, sections: [{ mid: "0", candidates: [h.candidate] }] });
    expect(pcOf(c.invitations[0]!).remoteCandidates.map((x) => [x.candidate, x.usernameFragment])).toEqual([[h.candidate, ufrag]]);
  });

  it("the peer's INFO with a body that is not a fragment gets 400, another body type 415; one for an old ufrag gets 200 and changes nothing", async () => {
    const c = await call({ alice: { trickleIce: trickleIce({ full: true }) }, bob: { trickleIce: trickleIce() } });
    await c.clock.advance(2100);
    const status = async (body: string, contentType = "application/trickle-ice-sdpfrag") => {
      let code = 0;
      await c.invitations[0]!.info({
        requestOptions: { body: { body, contentType }, extraHeaders: ["Info-Package: trickle-ice", "Content-Disposition: Info-Package"] },
        requestDelegate: { onAccept: (r) => (code = r.message.statusCode), onReject: (r) => (code = r.message.statusCode) },
      });
      await c.clock.advance(100);
      return code;
    };
    const ufrag = /a=ice-ufrag:(\S+)/.exec(c.inviteOk()[0]!.body)![1]!;
    expect(await status("this is not SDP\r\n")).toBe(400);
    expect(await status(`a=ice-ufrag:${ufrag}\r\na=candidate:1 1 udp 100 192.0.2.1 5000 typ host\r\n`)).toBe(400); // candidate outside a section
    expect(await status(`a=ice-ufrag:${ufrag}\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=candidate:1 1 udp\r\n`)).toBe(400);
    expect(await status("a=candidate:1 1 udp 100 192.0.2.1 5000 typ host", "text/plain")).toBe(415);
    expect(await status("a=ice-ufrag:oldgen\r\na=ice-pwd:oldpwd\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=candidate:1 1 udp 100 192.0.2.1 5000 typ host\r\n")).toBe(200);
    const alicePc = pcOf(c.inviter);
    expect(alicePc.remoteCandidates).toEqual([]);
    // and a good one is applied
    expect(await status(`a=ice-ufrag:${ufrag}\r\na=ice-pwd:pw${ufrag}\r\nm=audio 9 UDP/TLS/RTP/SAVPF 111\r\na=mid:0\r\na=candidate:1 1 udp 100 192.0.2.1 5000 typ host\r\n`)).toBe(200);
    expect(alicePc.remoteCandidates.map((x) => x.candidate)).toEqual(["candidate:1 1 udp 100 192.0.2.1 5000 typ host"]);
    expect(c.inviter.state).toBe(SessionState.Established);
  });

  it("no trickle when the peer does not advertise it: the caller's offer waits for the candidates, nothing goes in INFO, and the callee's messages are as without the option", async () => {
    FakeRTCPeerConnection.autoGather = true;
    const c = await call({ alice: { trickleIce: trickleIce() } });
    const invite = c.sent("INVITE", "alice")[0]!;
    expect(invite.header("Supported").join(",")).toMatch(/\btrickle-ice\b/);
    await c.clock.advance(2100);
    expect(c.inviter.state).toBe(SessionState.Established);
    const ok = c.inviteOk()[0]!;
    expect(ok.header("Supported").join(",")).not.toMatch(/trickle-ice/);
    expect(ok.header("Recv-Info")).toEqual([]);
    expect(ok.body).not.toMatch(/ice-options:trickle|end-of-candidates/);
    // a candidate found late (as after a gathering timeout) is not sent anywhere
    pcOf(c.inviter).emitCandidate(candidate("relay"));
    await c.clock.advance(1000);
    expect(c.sent("INFO")).toHaveLength(0);
    expect(c.events).toEqual([]);
  });

  it("a call that says trickleIce: false on a user agent with trickleIce() is as without it", async () => {
    const w = world();
    const alice = w.ua("alice", { ...webMedia(), trickleIce: trickleIce({ full: true }) });
    await alice.start();
    FakeRTCPeerConnection.autoGather = true;
    const inviter = new Inviter(alice, w.target("bob"), { sessionDescriptionHandlerOptions: { trickleIce: false } });
    await inviter.invite();
    const invite = parse(w.network.log.find((r) => r.text.startsWith("INVITE "))!.text);
    expect(invite.header("Supported").join(",")).not.toMatch(/trickle-ice/);
    expect(invite.header("Recv-Info")).toEqual([]);
    expect(invite.body).not.toMatch(/ice-options:trickle|end-of-candidates/);
  });

  it("half trickle (trickleIce()) waits for gathering in the first offer; a complete gathering says a=end-of-candidates there", async () => {
    const c = await call({ alice: { trickleIce: trickleIce() }, bob: { trickleIce: trickleIce() }, acceptAt: 100, waitForInvite: false });
    await c.clock.advance(0);
    // the offer is not sent while gathering goes on
    expect(c.sent("INVITE", "alice")).toHaveLength(0);
    const pc = made.at(-1)!;
    const h = candidate("host");
    pc.emitCandidate(h);
    pc.completeGathering();
    await c.clock.advance(10);
    const invite = c.sent("INVITE", "alice")[0]!;
    expect(invite.body).toContain(`a=${h.candidate}`);
    expect(invite.body).toMatch(/^a=end-of-candidates$/m);
    await c.clock.advance(1000);
    expect(c.inviter.state).toBe(SessionState.Established);
    expect(c.sent("INFO", "alice")).toHaveLength(0);
  });

  it("a SIP.js-shaped handler (no iceCandidates$) never trickles: the INVITE does not say trickle-ice", async () => {
    const sipJsShaped = { trickleIce: trickleIce(), sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory() };
    const c = await call({ alice: sipJsShaped, bob: sipJsShaped });
    const invite = c.sent("INVITE", "alice")[0]!;
    expect(invite.header("Supported").join(",")).not.toMatch(/trickle-ice/);
    expect(invite.header("Recv-Info")).toEqual([]);
    await c.clock.advance(2100);
    expect(c.inviter.state).toBe(SessionState.Established);
    expect(c.inviteOk()[0]!.header("Supported").join(",")).not.toMatch(/trickle-ice/);
    expect(c.sent("INFO")).toHaveLength(0);
  });
});
