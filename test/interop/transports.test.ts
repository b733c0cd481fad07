/**
 * rxsip's transports against a real Kamailio 5.6 on 127.0.0.1: the same exchange over
 * every transport, built with the message layer and sent with `transport.send`:
 *
 *   connect  ->  state$: disconnected, connecting, connected
 *   OPTIONS sip:127.0.0.1            -> 200 on messages$ (matched by Call-ID + Via branch)
 *   REGISTER alice                   -> 401 (Digest, qop=auth)
 *   REGISTER alice + Authorization   -> 200 whose Contact shows our binding
 *   REGISTER alice, Expires: 0       -> 200 without it
 *   dispose  ->  state$: disconnected, closed (and completes)
 *
 * over UDP, TCP (tcp:// and sip:...;transport=tcp), TLS (tls:// and sips:, the certificate
 * verified with `ca`), WS and WSS (NodeTransport and WebSocketTransport; WSS verified with
 * `ca`). Also: WSS / TLS without `ca` -> TLS_CERTIFICATE; Kamailio stopped under connected
 * TCP / TLS / WS transports -> state$ `disconnected` with a TransportError.
 */
import { readFileSync } from "node:fs";
import { filter, firstValueFrom, type Observable, timeout } from "rxjs";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { DigestAuthenticator, type DigestExchange } from "../../src/core/auth/index.js";
import { SipRequest, type SipResponse, Uri } from "../../src/core/messages/index.js";
import { randomToken, TransportError, WebSocketTransport } from "../../src/streams/index.js";
import type { Transport, TransportProtocol } from "../../src/streams/Transport.js";
import type { TransportStatus } from "../../src/streams/TransportStatus.js";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";

const peers = requirePeers("kamailio", "kamcmd", "openssl");

/** How long one request may wait for its final response, and one state for its change. */
const WAIT_MS = 3000;

// ---- helpers ---------------------------------------------------------------------------------

/** Records every emission of a stream and whether it completed. */
function record<T>(source: Observable<T>): { values: T[]; completed: () => boolean; stop: () => void } {
  const values: T[] = [];
  let done = false;
  const sub = source.subscribe({ next: (v) => values.push(v), complete: () => (done = true) });
  return { values, completed: () => done, stop: () => sub.unsubscribe() };
}

/** "connecting", "connected", "disconnected:CONNECTION_CLOSED", "closed" ... */
function names(states: TransportStatus[]): string[] {
  return states.map((s) => (s.type === "disconnected" && s.error ? `disconnected:${s.error.code}` : s.type));
}

/** The first value matching `predicate`, or a failure naming `what` after `ms`. */
function waitFor<T>(source: Observable<T>, predicate: (v: T) => boolean, what: string, ms = WAIT_MS): Promise<T> {
  return firstValueFrom(
    source.pipe(
      filter(predicate),
      timeout({
        first: ms,
        with: () => {
          throw new Error(`no ${what} within ${ms} ms`);
        },
      }),
    ),
  );
}

/** Via sent-by: the transport's viaHost and, when it has one, viaPort. */
function sentBy(t: Transport): string {
  return t.viaPort === undefined ? t.viaHost : `${t.viaHost}:${t.viaPort}`;
}

interface RequestOptions {
  user: string;
  callId?: string;
  fromTag?: string;
  cseq?: number;
}

/** A request built with the message layer, its Via naming this transport (RFC 3261 §18.1.1, RFC 3581). */
function buildRequest(t: Transport, method: string, ruri: Uri, opts: RequestOptions): SipRequest {
  const req = new SipRequest(method, ruri);
  req.setHeader("Via", `SIP/2.0/${t.protocol} ${sentBy(t)};branch=z9hG4bK${randomToken(16)};rport`);
  req.setHeader("Max-Forwards", 70);
  req.setHeader("From", `<sip:${opts.user}@127.0.0.1>;tag=${opts.fromTag ?? randomToken(10)}`);
  // REGISTER: To is the address of record; OPTIONS: the proxy itself
  req.setHeader("To", method === "REGISTER" ? `<sip:${opts.user}@127.0.0.1>` : "<sip:127.0.0.1>");
  req.setHeader("Call-ID", opts.callId ?? `${randomToken(20)}@rxsip-interop`);
  req.setHeader("CSeq", `${opts.cseq ?? 1} ${method}`);
  req.setHeader("User-Agent", "rxsip-interop-transports");
  return req;
}

/**
 * Sends `req` on the transport and resolves with its final response, taken from
 * `messages$` by Call-ID, top Via branch and CSeq method (listening starts before sending).
 */
async function transact(t: Transport, req: SipRequest, ms = WAIT_MS): Promise<SipResponse> {
  const callId = req.callId;
  const branch = req.via.branch;
  const reply = waitFor(
    t.messages$,
    (m) => m.isResponse && m.statusCode >= 200 && m.callId === callId && m.via.branch === branch && m.cseq.method === req.method,
    `final response to ${req.method} (Call-ID ${callId}, branch ${branch}) over ${t.protocol}`,
    ms,
  ) as Promise<SipResponse>;
  await t.send(req);
  return reply;
}

/** The Contact of this transport: viaHost[:viaPort] with ;transport= (RFC 3261 §19.1.1, RFC 7118 §5). */
function contactUri(t: Transport, user: string): Uri {
  const uri = Uri.sip(user, t.viaHost, t.viaPort);
  uri.params.transport = t.protocol.toLowerCase();
  return uri;
}

/** Whether `c` (a Contact of a REGISTER response) is the binding `mine`. */
function sameBinding(c: Uri, mine: Uri): boolean {
  return (
    c.user === mine.user &&
    c.host.toLowerCase() === mine.host.toLowerCase() &&
    c.port === mine.port &&
    String(c.params.transport ?? "").toLowerCase() === String(mine.params.transport)
  );
}

// ---- the transports under test ---------------------------------------------------------------

interface Case {
  name: string;
  protocol: TransportProtocol;
  make(kam: KamailioPeer, ca: string): Transport;
  /** The `server` label `state$` reports while connecting / connected. */
  server(kam: KamailioPeer): string;
}

/** Every Node transport leaves from 127.0.0.1 (the UDP socket binds to it, so viaHost is 127.0.0.1). */
const LOCAL = { localAddress: "127.0.0.1" } as const;

const CASES: Case[] = [
  {
    name: "NodeTransport udp://",
    protocol: "UDP",
    server: (k) => `udp://127.0.0.1:${k.udpPort}`,
    make: (k) => new NodeTransport(undefined, { ...LOCAL, server: `udp://127.0.0.1:${k.udpPort}` }),
  },
  {
    name: "NodeTransport tcp://",
    protocol: "TCP",
    server: (k) => `tcp://127.0.0.1:${k.tcpPort}`,
    make: (k) => new NodeTransport(undefined, { ...LOCAL, server: `tcp://127.0.0.1:${k.tcpPort}` }),
  },
  {
    name: "NodeTransport sip:...;transport=tcp",
    protocol: "TCP",
    server: (k) => `sip:127.0.0.1:${k.tcpPort};transport=tcp`,
    make: (k) => new NodeTransport(undefined, { ...LOCAL, server: `sip:127.0.0.1:${k.tcpPort};transport=tcp` }),
  },
  {
    name: "NodeTransport tls:// (ca = Kamailio's certificate)",
    protocol: "TLS",
    server: (k) => `tls://127.0.0.1:${k.tlsPort}`,
    make: (k, ca) => new NodeTransport(undefined, { ...LOCAL, server: `tls://127.0.0.1:${k.tlsPort}`, ca }),
  },
  {
    name: "NodeTransport sips: (ca = Kamailio's certificate)",
    protocol: "TLS",
    server: (k) => `sips:127.0.0.1:${k.tlsPort}`,
    make: (k, ca) => new NodeTransport(undefined, { ...LOCAL, server: `sips:127.0.0.1:${k.tlsPort}`, ca }),
  },
  {
    name: "NodeTransport ws://",
    protocol: "WS",
    server: (k) => `ws://127.0.0.1:${k.wsPort}/`,
    make: (k) => new NodeTransport(undefined, { ...LOCAL, server: `ws://127.0.0.1:${k.wsPort}/` }),
  },
  {
    name: "NodeTransport wss:// (ca = Kamailio's certificate)",
    protocol: "WSS",
    server: (k) => `wss://127.0.0.1:${k.wssPort}/`,
    make: (k, ca) => new NodeTransport(undefined, { ...LOCAL, server: `wss://127.0.0.1:${k.wssPort}/`, ca }),
  },
  {
    name: "WebSocketTransport ws://",
    protocol: "WS",
    server: (k) => `ws://127.0.0.1:${k.wsPort}/`,
    make: (k) => new WebSocketTransport(undefined, { server: `ws://127.0.0.1:${k.wsPort}/` }),
  },
  {
    name: "WebSocketTransport wss:// (ca = Kamailio's certificate)",
    protocol: "WSS",
    server: (k) => `wss://127.0.0.1:${k.wssPort}/`,
    make: (k, ca) => new WebSocketTransport(undefined, { server: `wss://127.0.0.1:${k.wssPort}/`, ca }),
  },
];

describeInterop("interop: rxsip transports against Kamailio (UDP, TCP, TLS, WS, WSS)", peers, () => {
  let kam: KamailioPeer;
  let ca: string;
  /** Transports of the running test, disposed after it whatever happened. */
  const live: Transport[] = [];
  const track = <T extends Transport>(t: T): T => {
    live.push(t);
    return t;
  };

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register", tls: true });
    expect(kam.tlsPort, "the harness's SIP-over-TLS listener").toBeDefined();
    ca = readFileSync(kam.certFile!, "utf8");
    console.info(
      `[interop] kamailio ready in ${kam.startupMs} ms: udp/tcp ${kam.udpPort}, tls ${kam.tlsPort}, ws ${kam.wsPort}, wss ${kam.wssPort}`,
    );
  }, 20000);

  afterAll(async () => {
    await kam?.stop();
  }, 10000);

  afterEach(async () => {
    await Promise.all(live.splice(0).map((t) => t.dispose()));
  });

  for (const c of CASES) {
    it(`${c.name}: connect, OPTIONS -> 200, REGISTER 401 -> digest -> 200, unregister -> 200, dispose`, async () => {
      const t = track(c.make(kam, ca));
      const states = record(t.state$);
      const errors = record(t.errors$);
      expect(t.protocol).toBe(c.protocol);
      expect(t.reliable).toBe(c.protocol !== "UDP");

      // ---- connect
      await t.connect();
      expect(names(states.values)).toEqual(["disconnected", "connecting", "connected"]);
      expect(states.values[1]).toEqual({ type: "connecting", server: c.server(kam) });
      expect(states.values[2]).toEqual({ type: "connected", server: c.server(kam) });
      expect(t.isConnected()).toBe(true);
      if (c.protocol === "UDP") {
        // the one UDP socket is bound to 127.0.0.1: that is the Via sent-by
        expect(t.viaHost).toBe("127.0.0.1");
        expect(t.viaPort).toBeGreaterThan(0);
      } else {
        // nothing listening: a random .invalid sent-by (RFC 7118 §5.2), answered thanks to received/rport
        expect(t.viaHost).toMatch(/\.invalid$/);
      }

      // ---- OPTIONS sip:127.0.0.1 -> 200
      const options = buildRequest(t, "OPTIONS", Uri.sip(undefined, "127.0.0.1"), { user: "probe" });
      expect(options.toString()).toMatch(new RegExp(`^OPTIONS sip:127\\.0\\.0\\.1 SIP/2\\.0\\r\\nVia: SIP/2\\.0/${c.protocol} `));
      const pong = await transact(t, options);
      expect(pong.statusCode).toBe(200);
      expect(pong.callId).toBe(options.callId);
      expect(pong.cseq).toEqual({ seq: 1, method: "OPTIONS" });
      expect(pong.via.transport).toBe(c.protocol);
      expect(pong.via.branch).toBe(options.via.branch);
      expect(pong.via.sentBy).toBe(sentBy(t));
      // force_rport(): Kamailio says where it saw us
      expect(pong.via.received).toBe("127.0.0.1");
      expect(pong.via.rport).toBeGreaterThan(0);
      if (c.protocol === "UDP") expect(pong.via.rport).toBe(t.viaPort);
      expect(pong.getHeader("Server")).toMatch(/kamailio/);

      // ---- REGISTER alice: 401, then digest -> 200 with our binding
      const callId = `${randomToken(20)}@rxsip-interop`;
      const fromTag = randomToken(10);
      let cseq = 1;
      const registrar = Uri.sip(undefined, "127.0.0.1");
      const mine = contactUri(t, "alice");
      const register = (expires: number) => {
        const req = buildRequest(t, "REGISTER", registrar, { user: "alice", callId, fromTag, cseq: cseq++ });
        req.setHeader("Contact", `<${mine.toString()}>`);
        req.setHeader("Expires", expires);
        return req;
      };
      const digestOf = (req: SipRequest) => ({ method: req.method, uri: req.ruri.toString(), body: req.body });
      const digest = new DigestAuthenticator({ username: "alice", password: KAMAILIO_USERS.alice });
      const exchange: DigestExchange = digest.exchange();

      const first = register(120);
      expect(first.getHeader("Contact")).toContain(`;transport=${c.protocol.toLowerCase()}`);
      const challenge = await transact(t, first);
      expect(challenge.statusCode, challenge.toString()).toBe(401);
      const wwwAuthenticate = challenge.parseHeaders("WWW-Authenticate", "Challenge");
      expect(wwwAuthenticate).toHaveLength(1);
      expect(wwwAuthenticate[0]).toMatchObject({ scheme: "Digest", params: { realm: "127.0.0.1", qop: "auth" } });

      const second = register(120);
      const authorization = exchange.respond({ wwwAuthenticate }, digestOf(second));
      expect(authorization.map((h) => h.name)).toEqual(["Authorization"]);
      for (const h of authorization) second.addHeader(h.name, h.value);
      const registered = await transact(t, second);
      expect(registered.statusCode, registered.toString()).toBe(200);
      expect(registered.cseq).toEqual({ seq: 2, method: "REGISTER" });
      const binding = registered.contacts.find((ct) => sameBinding(ct.uri, mine));
      expect(binding, `our binding ${mine.toString()} in the 200's Contact: ${registered.getHeaders("Contact").join(", ")}`).toBeDefined();
      expect(Number(binding!.params.expires)).toBeGreaterThan(100);
      expect(Number(binding!.params.expires)).toBeLessThanOrEqual(120);
      // and Kamailio's location table holds it
      expect(await kam.kamcmd("ul.dump")).toContain(`Address: ${mine.toString()}`);

      // ---- unregister (Expires: 0): the same credentials again (nc=2), a fresh challenge answered if one comes
      let unregister = register(0);
      for (const h of exchange.authorize(digestOf(unregister))) unregister.addHeader(h.name, h.value);
      let removed = await transact(t, unregister);
      if (removed.statusCode === 401) {
        const again = register(0);
        for (const h of exchange.respond({ wwwAuthenticate: removed.parseHeaders("WWW-Authenticate", "Challenge") }, digestOf(again))) {
          again.addHeader(h.name, h.value);
        }
        unregister = again;
        removed = await transact(t, unregister);
      }
      expect(removed.statusCode, removed.toString()).toBe(200);
      expect(removed.cseq.seq).toBe(unregister.cseq.seq);
      expect(removed.contacts.filter((ct) => sameBinding(ct.uri, mine))).toEqual([]);
      expect(await kam.kamcmd("ul.dump")).not.toContain(`Address: ${mine.toString()}`);

      // nothing went to errors$ (no garbage, no lost secondary connection)
      expect(errors.values).toEqual([]);

      // ---- dispose: disconnected, closed, and state$ completes
      await t.dispose();
      expect(names(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected", "closed"]);
      expect(states.completed()).toBe(true);
      expect(errors.completed()).toBe(true);
      await expect(t.send(options)).rejects.toMatchObject({ name: "TransportError", code: "DISPOSED" });
    }, 15000);
  }

  describe("a certificate not trusted (no ca) -> TLS_CERTIFICATE", () => {
    /**
     * Without Node-only options (ca, headers ...) WebSocketTransport takes the platform's
     * WebSocket when there is one (Node >= 22, or --experimental-websocket): like a browser's,
     * it does not say why the connection failed, so the failure can only be CONNECT_FAILED.
     * On Node 20 (no global WebSocket) it uses `ws`, which does.
     */
    const platformWebSocket = typeof (globalThis as { WebSocket?: unknown }).WebSocket === "function";
    const untrusted: Array<{
      name: string;
      make(k: KamailioPeer): Transport;
      port(k: KamailioPeer): number;
      /** The platform WebSocket is used: no certificate detail to report. */
      opaque?: boolean;
    }> = [
      {
        name: "NodeTransport wss://",
        port: (k) => k.wssPort!,
        make: (k) => new NodeTransport(undefined, { ...LOCAL, server: `wss://127.0.0.1:${k.wssPort}/` }),
      },
      {
        name: "WebSocketTransport wss://",
        port: (k) => k.wssPort!,
        opaque: platformWebSocket,
        make: (k) => new WebSocketTransport(undefined, { server: `wss://127.0.0.1:${k.wssPort}/` }),
      },
      {
        name: "NodeTransport tls://",
        port: (k) => k.tlsPort!,
        make: (k) => new NodeTransport(undefined, { ...LOCAL, server: `tls://127.0.0.1:${k.tlsPort}` }),
      },
    ];
    for (const c of untrusted) {
      const code = c.opaque ? "CONNECT_FAILED" : "TLS_CERTIFICATE";
      it(`${c.name} without ca: connect() rejects ${code}${c.opaque ? " (platform WebSocket)" : ""}, state$ disconnected with it`, async () => {
        const t = track(c.make(kam));
        const states = record(t.state$);
        const error = await t.connect().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(TransportError);
        const te = error as TransportError;
        expect(te.code, te.message).toBe(code);
        // which server: the URL for WebSocket, "TLS 127.0.0.1:port" (the peer) for tls://
        expect(te.server).toContain(`127.0.0.1:${c.port(kam)}`);
        // the Node TLS error behind it: Kamailio's certificate is self-signed
        if (!c.opaque) expect((te.cause as { code?: string } | undefined)?.code).toBe("DEPTH_ZERO_SELF_SIGNED_CERT");
        expect(names(states.values)).toEqual(["disconnected", "connecting", `disconnected:${code}`]);
        expect(states.values.at(-1)).toMatchObject({ type: "disconnected", error: te });
        expect(t.isConnected()).toBe(false);
        await expect(t.send("OPTIONS sip:127.0.0.1 SIP/2.0\r\n\r\n")).rejects.toMatchObject({ code: "NOT_CONNECTED" });
      }, 10000);
    }
  });

  describe("Kamailio stopped while connected", () => {
    let doomed: KamailioPeer;
    beforeAll(async () => {
      // its own instance: the one above stays up for the other tests
      doomed = await startKamailio({ auth: "none", tls: true, children: 1 });
    }, 20000);
    afterAll(async () => {
      await doomed?.stop();
    }, 10000);

    it("TCP, TLS, WS transports go to disconnected with a TransportError; UDP stays connected; reconnecting fails", async () => {
      const doomedCa = readFileSync(doomed.certFile!, "utf8");
      const stream = [
        { name: "NodeTransport tcp://", t: track(new NodeTransport(undefined, { ...LOCAL, server: `tcp://127.0.0.1:${doomed.tcpPort}` })) },
        { name: "NodeTransport tls://", t: track(new NodeTransport(undefined, { ...LOCAL, server: `tls://127.0.0.1:${doomed.tlsPort}`, ca: doomedCa })) },
        { name: "NodeTransport ws://", t: track(new NodeTransport(undefined, { ...LOCAL, server: `ws://127.0.0.1:${doomed.wsPort}/` })) },
        { name: "WebSocketTransport ws://", t: track(new WebSocketTransport(undefined, { server: `ws://127.0.0.1:${doomed.wsPort}/` })) },
      ];
      const udp = track(new NodeTransport(undefined, { ...LOCAL, server: `udp://127.0.0.1:${doomed.udpPort}` }));
      const all = [...stream, { name: "NodeTransport udp://", t: udp }];

      const recorded = all.map(({ t }) => record(t.state$));
      const lost: Array<Error | undefined> = stream.map(() => undefined);
      stream.forEach(({ t }, i) => {
        t.onDisconnect = (e) => (lost[i] = e ?? new Error("onDisconnect without an error"));
      });
      await Promise.all(all.map(({ t }) => t.connect()));
      // every flow is alive: each gets its 200 to OPTIONS
      for (const { name, t } of all) {
        const res = await transact(t, buildRequest(t, "OPTIONS", Uri.sip(undefined, "127.0.0.1"), { user: "probe" }));
        expect(res.statusCode, name).toBe(200);
      }

      const stopped = performance.now();
      await doomed.stop();

      const disconnected = await Promise.all(
        stream.map(({ name, t }) =>
          waitFor(t.state$, (s) => s.type === "disconnected", `disconnected on ${name}'s state$ after Kamailio stopped`, 5000),
        ),
      );
      const lostMs = Math.round(performance.now() - stopped);
      console.info(`[interop] kamailio stopped: ${stream.length} stream transports disconnected within ${lostMs} ms of stop()`);
      stream.forEach(({ name, t }, i) => {
        const s = disconnected[i]!;
        expect(s.type).toBe("disconnected");
        const error = s.type === "disconnected" ? s.error : undefined;
        expect(error, `${name}: disconnected with an error`).toBeInstanceOf(TransportError);
        expect(["CONNECTION_CLOSED", "CONNECTION_ERROR"], `${name}: ${error?.code} ${error?.message}`).toContain(error!.code);
        expect(names(recorded[i]!.values)).toEqual(["disconnected", "connecting", "connected", `disconnected:${error!.code}`]);
        // the SIP.js face says the same
        expect(t.isConnected()).toBe(false);
        expect(lost[i], `${name}: onDisconnect(error)`).toBe(error);
      });

      // UDP has no connection to lose: the transport cannot know (only an OPTIONS keep-alive would tell)
      expect(names(recorded.at(-1)!.values)).toEqual(["disconnected", "connecting", "connected"]);

      // sending now fails typed, and reconnecting finds nobody listening: CONNECT_FAILED at
      // once (refused), not CONNECT_TIMEOUT after connectionTimeout (5 s)
      for (const { name, t } of stream) {
        await expect(t.send("OPTIONS sip:127.0.0.1 SIP/2.0\r\n\r\n"), name).rejects.toMatchObject({ code: "NOT_CONNECTED" });
        const t0 = performance.now();
        const again = await t.connect().then(
          () => undefined,
          (e: unknown) => e,
        );
        const refusedMs = performance.now() - t0;
        expect(again, name).toBeInstanceOf(TransportError);
        expect((again as TransportError).code, `${name}: ${(again as Error).message}`).toBe("CONNECT_FAILED");
        expect(refusedMs, `${name}: connect() to a closed port took ${Math.round(refusedMs)} ms`).toBeLessThan(2000);
        expect(t.isConnected()).toBe(false);
      }

      await Promise.all(all.map(({ t }) => t.dispose()));
      for (const r of recorded) {
        expect(r.values.at(-1)).toEqual({ type: "closed" });
        expect(r.completed()).toBe(true);
      }
    }, 20000);
  });
});
