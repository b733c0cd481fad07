/**
 * SIP.js 0.21.2 (the API rxsip follows) as the peer, in this process, over WebSocket through
 * Kamailio: a SIP.js user agent (carol) and an rxsip user agent (alice, public API,
 * NodeTransport over ws://) both register at Kamailio; then calls both ways, hold and unhold
 * by re-INVITE both ways, INFO both ways and MESSAGE both ways. What each side saw is
 * asserted: states, the direction attributes of the SDP each received, the bodies.
 *
 * SIP.js needs a global WebSocket (Node 20 has none): `ws` is installed as it for this file.
 * Its session description handler is a fixed-SDP fake that records what it was given and
 * offers a=sendonly when asked to hold (SIP.js's own handler does that with transceivers).
 */
import WS from "ws";
import { afterAll, beforeAll, expect, it } from "vitest";
import * as SIP from "sip.js";
import { Inviter, Messager, Registerer, RegistererState, SessionState, UserAgent, type Session as RxSession } from "rxsip";
import type { FakeSessionDescriptionHandler } from "rxsip/testing";
import { reach, startAgent, waitFor } from "./agents/rxsipAgent.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";

const peers = requirePeers("kamailio", "kamcmd");

const sdp = (direction: string) =>
  ["v=0", "o=- 7 7 IN IP4 127.0.0.1", "s=-", "c=IN IP4 127.0.0.1", "t=0 0", "m=audio 49180 RTP/AVP 0", "a=rtpmap:0 PCMU/8000", `a=${direction}`, ""].join("\r\n");

/** SIP.js's SessionDescriptionHandler interface with fixed SDP; remembers every remote description. */
class FixedSdh {
  readonly remote: string[] = [];
  close(): void {}
  getDescription(options?: { hold?: boolean }): Promise<{ body: string; contentType: string }> {
    return Promise.resolve({ body: sdp(options?.hold ? "sendonly" : "sendrecv"), contentType: "application/sdp" });
  }
  hasDescription(contentType: string): boolean {
    return contentType === "application/sdp";
  }
  rollbackDescription(): Promise<void> {
    return Promise.resolve();
  }
  sendDtmf(): boolean {
    return false;
  }
  setDescription(body: string): Promise<void> {
    this.remote.push(body);
    return Promise.resolve();
  }
}
const direction = (body: string | undefined) => /a=(sendrecv|sendonly|recvonly|inactive)/.exec(body ?? "")?.[1];

describeInterop("interop: SIP.js 0.21.2 as the peer, through Kamailio over WebSocket", peers, () => {
  let kam: KamailioPeer;
  let carol: SIP.UserAgent;
  const carolInvitations: SIP.Invitation[] = [];
  const carolMessages: string[] = [];
  const carolInfos: string[] = [];
  /** ACKs each SIP.js session has received (SIP.js's onAck). */
  const acks = new Map<SIP.Session, number>();

  /**
   * Resolves once SIP.js has received `n` ACKs on the session and finished with the last one.
   * SIP.js answers 500 to a re-INVITE that arrives while it still handles an ACK (its ACK
   * handling is asynchronous; RFC 5407 §3.1.5 leaves the wait to the caller): rxsip re-INVITEs
   * only after that, as a user pressing "hold" a moment later would.
   */
  const ackHandled = (session: SIP.Session, n: number) =>
    waitFor(() => {
      const d = session.dialog as unknown as { ackWait?: boolean; ackProcessing?: boolean } | undefined;
      return (acks.get(session) ?? 0) >= n && d !== undefined && d.ackWait === false && d.ackProcessing === false;
    }, 5000, `SIP.js never finished with ACK #${n}`);
  let alice: Awaited<ReturnType<typeof startAgent>>;
  let aliceReg: Registerer;
  const aliceMessages: string[] = [];
  const savedWebSocket = (globalThis as { WebSocket?: unknown }).WebSocket;

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register", children: 1 });
    (globalThis as { WebSocket?: unknown }).WebSocket = WS;
    carol = new SIP.UserAgent({
      uri: SIP.UserAgent.makeURI("sip:carol@127.0.0.1"),
      authorizationUsername: "carol",
      authorizationPassword: KAMAILIO_USERS.carol,
      transportOptions: { server: `ws://127.0.0.1:${kam.wsPort}/`, connectionTimeout: 5 },
      sessionDescriptionHandlerFactory: () => new FixedSdh() as unknown as SIP.SessionDescriptionHandler,
      logLevel: (process.env.SIPJS_LOG ?? "error") as SIP.LogLevel,
      delegate: {
        onInvite: (invitation) => {
          carolInvitations.push(invitation);
          acks.set(invitation, 0);
          invitation.delegate = {
            onInfo: (info) => (carolInfos.push(info.request.body), void info.accept()),
            onAck: () => void acks.set(invitation, (acks.get(invitation) ?? 0) + 1),
          };
        },
        onMessage: (message) => {
          carolMessages.push(message.request.body);
          void message.accept();
        },
      },
    });
    await carol.start();
    const carolReg = new SIP.Registerer(carol, { expires: 300 });
    await carolReg.register();
    await waitFor(() => carolReg.state === SIP.RegistererState.Registered, 5000, "SIP.js carol not registered");

    alice = await startAgent(kam, {
      user: "alice",
      password: KAMAILIO_USERS.alice,
      transport: "WS",
      extra: { delegate: { onMessage: (m) => (aliceMessages.push(m.request.body), void m.accept()) } },
    });
    aliceReg = new Registerer(alice.ua, { expires: 300 });
    await aliceReg.register();
    await reach(aliceReg, RegistererState.Registered);
    // both bindings at Kamailio, both over WebSocket
    const dump = await kam.kamcmd("ul.dump");
    expect(dump).toMatch(/AoR: carol\b/);
    expect(dump).toMatch(/AoR: alice\b/);
  }, 30000);

  afterAll(async () => {
    await alice?.ua.stop().catch(() => undefined);
    await carol?.stop().catch(() => undefined);
    (globalThis as { WebSocket?: unknown }).WebSocket = savedWebSocket;
    await kam?.stop();
  }, 15000);

  it("rxsip calls SIP.js: answered; rxsip holds and unholds (SIP.js sees sendonly, then sendrecv); INFO both ways; rxsip hangs up", async () => {
    const before = carolInvitations.length;
    const inviter = new Inviter(alice.ua, UserAgent.makeURI("sip:carol@127.0.0.1")!);
    const aliceInfos: string[] = [];
    inviter.delegate = { onInfo: (info) => (aliceInfos.push(info.request.body), void info.accept()) };
    await inviter.invite();
    const invitation = await waitFor(() => carolInvitations[before], 5000, "SIP.js got no INVITE");
    expect(invitation.remoteIdentity.uri.user).toBe("alice");
    await invitation.accept();
    await reach(inviter, SessionState.Established);
    await waitFor(() => invitation.state === SIP.SessionState.Established, 5000, "SIP.js session not established");
    const sdh = invitation.sessionDescriptionHandler as unknown as FixedSdh;
    await ackHandled(invitation, 1);

    const holdAnswers: number[] = [];
    await inviter.hold({ requestDelegate: { onAccept: (r) => holdAnswers.push(r.message.statusCode), onReject: (r) => holdAnswers.push(r.message.statusCode) } });
    await waitFor(() => holdAnswers.length > 0, 5000, "no answer to the hold re-INVITE");
    expect(holdAnswers).toEqual([200]);
    await waitFor(() => direction(sdh.remote.at(-1)) === "sendonly", 5000, "SIP.js never saw a=sendonly").catch((e) => {
      throw new Error(`${(e as Error).message}: SIP.js got ${JSON.stringify(sdh.remote)}`);
    });
    expect(inviter.isOnHold).toBe(true);
    await ackHandled(invitation, 2);
    await inviter.unhold({ requestDelegate: { onAccept: (r) => holdAnswers.push(r.message.statusCode), onReject: (r) => holdAnswers.push(r.message.statusCode) } });
    await waitFor(() => holdAnswers.length > 1, 5000, "no answer to the unhold re-INVITE");
    expect(holdAnswers).toEqual([200, 200]);
    await waitFor(() => direction(sdh.remote.at(-1)) === "sendrecv", 5000, "SIP.js never saw a=sendrecv again");
    expect(inviter.isOnHold).toBe(false);

    const infoAnswers: number[] = [];
    await inviter.info({
      requestOptions: { body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=5\r\nDuration=160\r\n" } },
      requestDelegate: { onAccept: (r) => infoAnswers.push(r.message.statusCode), onReject: (r) => infoAnswers.push(r.message.statusCode) },
    });
    await waitFor(() => infoAnswers.length > 0, 5000, "rxsip's INFO got no answer");
    expect(infoAnswers).toEqual([200]);
    await waitFor(() => carolInfos.some((b) => b.includes("Signal=5")), 5000, "SIP.js got no INFO").catch((e) => {
      throw new Error(`${(e as Error).message}; SIP.js got INFO bodies ${JSON.stringify(carolInfos)}`);
    });
    await invitation.info({ requestOptions: { body: { contentDisposition: "render", contentType: "application/dtmf-relay", content: "Signal=#\r\nDuration=160\r\n" } } });
    await waitFor(() => aliceInfos.some((b) => b.includes("Signal=#")), 5000, "rxsip got no INFO");

    await inviter.bye();
    await reach(inviter, SessionState.Terminated);
    await waitFor(() => invitation.state === SIP.SessionState.Terminated, 5000, "SIP.js session not terminated");
  }, 30000);

  it("SIP.js calls rxsip: answered; SIP.js holds and unholds (rxsip's handler sees sendonly, then sendrecv); SIP.js hangs up", async () => {
    const before = alice.invitations.length;
    const inviter = new SIP.Inviter(carol, SIP.UserAgent.makeURI("sip:alice@127.0.0.1")!);
    await inviter.invite();
    const invitation = await waitFor(() => alice.invitations[before], 5000, "rxsip got no INVITE");
    expect(invitation.remoteIdentity.uri.user).toBe("carol");
    await invitation.accept();
    await waitFor(() => inviter.state === SIP.SessionState.Established, 5000, "SIP.js caller not established");
    await reach(invitation, SessionState.Established);
    const sdh = (invitation as RxSession).sessionDescriptionHandler as unknown as FakeSessionDescriptionHandler;

    const answers: number[] = [];
    const reinvite = (hold: boolean) =>
      inviter.invite({
        sessionDescriptionHandlerOptions: { hold } as SIP.SessionDescriptionHandlerOptions,
        requestDelegate: { onAccept: (r) => answers.push(r.message.statusCode ?? 0), onReject: (r) => answers.push(r.message.statusCode ?? 0) },
      });
    await reinvite(true);
    await waitFor(() => answers.length === 1, 5000, "SIP.js's hold re-INVITE got no answer");
    await waitFor(() => sdh.remoteDirection === "sendonly", 5000, `rxsip never saw a=sendonly (now ${sdh.remoteDirection})`);
    await waitFor(() => sdh.localDirection === "recvonly", 5000, `rxsip did not answer recvonly (now ${sdh.localDirection})`);
    await reinvite(false);
    await waitFor(() => answers.length === 2, 5000, "SIP.js's unhold re-INVITE got no answer");
    expect(answers).toEqual([200, 200]);
    await waitFor(() => sdh.remoteDirection === "sendrecv", 5000, `rxsip never saw a=sendrecv again (now ${sdh.remoteDirection})`);

    await inviter.bye();
    await reach(invitation, SessionState.Terminated);
    await waitFor(() => inviter.state === SIP.SessionState.Terminated, 5000, "SIP.js caller not terminated");
  }, 30000);

  it("MESSAGE both ways: rxsip's Messager to SIP.js, SIP.js's Messager to rxsip, each answered 200", async () => {
    const accepted: number[] = [];
    await new Messager(alice.ua, UserAgent.makeURI("sip:carol@127.0.0.1")!, "hello carol from rxsip").message({
      requestDelegate: { onAccept: (r) => accepted.push(r.message.statusCode) },
    });
    await waitFor(() => carolMessages.includes("hello carol from rxsip"), 5000, "SIP.js got no MESSAGE");
    await waitFor(() => accepted.length > 0, 5000, "rxsip got no answer to its MESSAGE");
    expect(accepted).toEqual([200]);

    const sipjsAccepted: number[] = [];
    await new SIP.Messager(carol, SIP.UserAgent.makeURI("sip:alice@127.0.0.1")!, "hello alice from SIP.js").message({
      requestDelegate: { onAccept: (r) => sipjsAccepted.push(r.message.statusCode ?? 0) },
    });
    await waitFor(() => aliceMessages.includes("hello alice from SIP.js"), 5000, "rxsip got no MESSAGE");
    await waitFor(() => sipjsAccepted.length > 0, 5000, "SIP.js got no answer to its MESSAGE");
    expect(sipjsAccepted).toEqual([200]);
  }, 20000);
});
