/**
 * First interop test: rxsip's message layer (no transports yet) against a real Kamailio 5.6
 * on 127.0.0.1. Requests are built with SipRequest and sent over plain node:dgram / node:net
 * sockets; replies are parsed with parseMessage.
 *
 * - OPTIONS over UDP and over TCP -> 200
 * - REGISTER alice over UDP -> 401 with a Digest challenge (qop=auth)
 * - REGISTER answered with rxsip's DigestAuthenticator (src/core/auth) -> 200, binding in
 *   `kamcmd ul.dump` and in the 200's Contact; a wrong password -> 403; Expires: 0 removes it.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { DigestAuthenticator, formatCredentials } from "../../src/core/auth/index.js";
import type { AuthData } from "../../src/core/grammar/ast.js";
import { parseMessage, SipRequest, SipResponse, Uri, type SipMessageAny } from "../../src/core/messages/index.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { newBranch, newCallId, newTag, TcpSipClient, UdpSipClient } from "./peers/rawSip.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";

const peers = requirePeers("kamailio", "kamcmd");

describeInterop("interop: Kamailio basics with rxsip's message layer (raw UDP/TCP sockets)", peers, () => {
  let kam: KamailioPeer;

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register" });
    console.info(`[interop] kamailio ready in ${kam.startupMs} ms on udp/tcp ${kam.udpPort}, ws ${kam.wsPort}`);
  }, 20000);

  afterAll(async () => {
    await kam?.stop();
  }, 10000);

  /** A request built with rxsip's message classes, Via pointing at our socket. */
  function request(method: string, ruri: Uri, opts: { transport: "UDP" | "TCP"; localPort: number; user?: string; cseq?: number; callId?: string; fromTag?: string }) {
    const user = opts.user ?? "probe";
    const req = new SipRequest(method, ruri);
    req.setHeader("Via", `SIP/2.0/${opts.transport} 127.0.0.1:${opts.localPort};branch=${newBranch()};rport`);
    req.setHeader("Max-Forwards", 70);
    req.setHeader("From", `<sip:${user}@127.0.0.1>;tag=${opts.fromTag ?? newTag()}`);
    // REGISTER: To is the address of record; OPTIONS: the proxy itself
    req.setHeader("To", method === "REGISTER" ? `<sip:${user}@127.0.0.1>` : "<sip:127.0.0.1>");
    req.setHeader("Call-ID", opts.callId ?? newCallId());
    req.setHeader("CSeq", `${opts.cseq ?? 1} ${method}`);
    req.setHeader("User-Agent", "rxsip-interop-test");
    return req;
  }

  /** The WWW-Authenticate challenge, parsed by rxsip's grammar (typed with the rule name). */
  function challengeOf(res: SipResponse): AuthData {
    const auth = res.parseHeader("WWW-Authenticate", "Challenge");
    expect(auth, "WWW-Authenticate").toBeDefined();
    return auth!;
  }

  function asResponse(bytes: Buffer): SipResponse {
    const m: SipMessageAny = parseMessage(bytes);
    expect(m.isResponse, `expected a response, got: ${bytes.toString("utf8").split("\r\n")[0]}`).toBe(true);
    return m as SipResponse;
  }

  it("OPTIONS over UDP -> 200 OK, parsed by parseMessage", async () => {
    const udp = await UdpSipClient.open(kam.udpPort);
    try {
      const req = request("OPTIONS", Uri.sip(undefined, "127.0.0.1", kam.udpPort), { transport: "UDP", localPort: udp.localPort });
      await udp.send(req.toString());
      const res = asResponse(await udp.nextFinal(req.callId));
      expect(res.statusCode).toBe(200);
      expect(res.reasonPhrase).toBe("OK");
      expect(res.callId).toBe(req.callId);
      expect(res.cseq).toEqual({ seq: 1, method: "OPTIONS" });
      expect(res.via.params.branch).toBe(req.via.params.branch);
      // force_rport(): Kamailio fills rport and received on our Via
      expect(res.via.params.rport).toBe(String(udp.localPort));
      expect(res.from.params.tag).toBe(req.from.params.tag);
      expect(res.to.params.tag).toBeTruthy();
      expect(res.getHeader("Server")).toMatch(/kamailio/);
    } finally {
      await udp.close();
    }
  });

  it("OPTIONS over TCP -> 200 OK, parsed by parseMessage", async () => {
    const tcp = await TcpSipClient.open(kam.tcpPort);
    try {
      const ruri = Uri.sip(undefined, "127.0.0.1", kam.tcpPort);
      ruri.params.transport = "tcp";
      const req = request("OPTIONS", ruri, { transport: "TCP", localPort: tcp.localPort });
      await tcp.send(req.toString());
      const res = asResponse(await tcp.nextFinal(req.callId));
      expect(res.statusCode).toBe(200);
      expect(res.callId).toBe(req.callId);
      expect(res.cseq.method).toBe("OPTIONS");
      expect(res.via.transport).toBe("TCP");
      expect(res.via.params.branch).toBe(req.via.params.branch);
      expect(res.bodyLength).toBe(0);
    } finally {
      await tcp.close();
    }
  });

  describe("REGISTER alice over UDP", () => {
    let udp: UdpSipClient;
    const callId = newCallId();
    const fromTag = newTag();
    let cseq = 1;
    const registrar = () => Uri.sip(undefined, "127.0.0.1", kam.udpPort);
    const contactOf = () => `<sip:alice@127.0.0.1:${udp.localPort}>`;

    function register(expires: number): SipRequest {
      const req = request("REGISTER", registrar(), { transport: "UDP", localPort: udp.localPort, user: "alice", cseq: cseq++, callId, fromTag });
      req.setHeader("Contact", contactOf());
      req.setHeader("Expires", expires);
      return req;
    }

    beforeAll(async () => {
      udp = await UdpSipClient.open(kam.udpPort);
    });
    afterAll(async () => {
      await udp?.close();
    });

    let challenge: SipResponse;

    it("without credentials -> 401 with a WWW-Authenticate Digest challenge", async () => {
      const req = register(300);
      await udp.send(req.toString());
      challenge = asResponse(await udp.nextFinal(callId));
      expect(challenge.statusCode).toBe(401);
      expect(challenge.cseq).toEqual({ seq: 1, method: "REGISTER" });

      const raw = challenge.getHeader("WWW-Authenticate");
      expect(raw).toMatch(/^Digest\s/);
      // the header-name -> rule table maps WWW-Authenticate to the Challenge rule
      const auth = challenge.parseHeader("WWW-Authenticate") as AuthData | undefined;
      expect(auth).toEqual(challengeOf(challenge));
      expect(auth!.scheme).toBe("Digest");
      // realm = the To domain (auth_challenge("$td")), qop=auth, a fresh nonce
      expect(auth!.params.realm).toBe("127.0.0.1");
      expect(auth!.params.qop).toBe("auth");
      expect(auth!.params.nonce).toMatch(/^\S{8,}$/);
      expect(auth!.params.stale).toBeUndefined();
    });

    it("with a wrong password -> 403", async () => {
      const wrong = new DigestAuthenticator({ username: "alice", password: "not-the-secret" });
      const req = register(300);
      const credentials = wrong.authorize(challengeOf(challenge), { method: "REGISTER", uri: req.ruri.toString() });
      req.setHeader("Authorization", formatCredentials(credentials));
      await udp.send(req.toString());
      const res = asResponse(await udp.nextFinal(callId));
      expect(res.statusCode).toBe(403);
    });

    it("answered with rxsip's DigestAuthenticator -> 200, binding in kamcmd ul.dump", async () => {
      const digest = new DigestAuthenticator({ username: "alice", password: KAMAILIO_USERS.alice });
      const req = register(300);
      const credentials = digest.authorize(challengeOf(challenge), { method: "REGISTER", uri: req.ruri.toString() });
      expect(credentials.params.qop).toBe("auth");
      expect(credentials.params.nc).toBe("00000001");
      req.setHeader("Authorization", formatCredentials(credentials));
      await udp.send(req.toString());
      const res = asResponse(await udp.nextFinal(callId));
      expect(res.statusCode, res.toString()).toBe(200);
      // the 200 lists the current bindings (RFC 3261 §10.3 step 8)
      const contacts = res.contacts;
      expect(contacts).toHaveLength(1);
      expect(contacts[0]!.uri.user).toBe("alice");
      expect(contacts[0]!.uri.port).toBe(udp.localPort);
      expect(Number(contacts[0]!.params.expires)).toBeGreaterThan(290);

      const dump = await kam.kamcmd("ul.dump");
      expect(dump).toMatch(/AoR: alice\b/);
      expect(dump).toContain(`Address: sip:alice@127.0.0.1:${udp.localPort}`);
    });

    it("Expires: 0 removes the binding (a fresh 401, answered again)", async () => {
      const digest = new DigestAuthenticator({ username: "alice", password: KAMAILIO_USERS.alice });
      const first = register(0);
      await udp.send(first.toString());
      const again = asResponse(await udp.nextFinal(callId));
      expect(again.statusCode).toBe(401);
      const auth = challengeOf(again);
      // (Kamailio's nonce is derived from the time: within the same second it may be the same)

      const req = register(0);
      req.setHeader("Authorization", formatCredentials(digest.authorize(auth, { method: "REGISTER", uri: req.ruri.toString() })));
      await udp.send(req.toString());
      const res = asResponse(await udp.nextFinal(callId));
      expect(res.statusCode, res.toString()).toBe(200);
      expect(res.contacts).toHaveLength(0);
      const dump = await kam.kamcmd("ul.dump");
      expect(dump).not.toContain(`Address: sip:alice@127.0.0.1:${udp.localPort}`);
    });
  });

  describe("auth modes of the harness", () => {
    let none: KamailioPeer;
    let proxy: KamailioPeer;
    beforeAll(async () => {
      [none, proxy] = await Promise.all([startKamailio({ auth: "none", children: 1 }), startKamailio({ auth: "proxy", children: 1 })]);
    }, 20000);
    afterAll(async () => {
      await Promise.all([none?.stop(), proxy?.stop()]);
    }, 10000);

    it('auth: "none" accepts a REGISTER without credentials', async () => {
      const udp = await UdpSipClient.open(none.udpPort);
      try {
        const req = request("REGISTER", Uri.sip(undefined, "127.0.0.1", none.udpPort), { transport: "UDP", localPort: udp.localPort, user: "dave" });
        req.setHeader("Contact", `<sip:dave@127.0.0.1:${udp.localPort}>`);
        req.setHeader("Expires", 60);
        await udp.send(req.toString());
        expect(asResponse(await udp.nextFinal(req.callId)).statusCode).toBe(200);
      } finally {
        await udp.close();
      }
    });

    it('auth: "proxy" challenges an initial MESSAGE with 407 Proxy-Authenticate', async () => {
      const udp = await UdpSipClient.open(proxy.udpPort);
      try {
        const req = request("MESSAGE", Uri.sip("bob", "127.0.0.1", proxy.udpPort), { transport: "UDP", localPort: udp.localPort, user: "alice" });
        req.setHeader("To", "<sip:bob@127.0.0.1>");
        req.setHeader("Content-Type", "text/plain");
        req.body = "hello";
        await udp.send(req.toString());
        const res = asResponse(await udp.nextFinal(req.callId));
        expect(res.statusCode).toBe(407);
        const auth = res.parseHeader("Proxy-Authenticate", "Challenge");
        expect(auth).toMatchObject({ scheme: "Digest", params: { realm: "127.0.0.1", qop: "auth" } });
      } finally {
        await udp.close();
      }
    });
  });
});
