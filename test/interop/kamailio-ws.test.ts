/**
 * The WebSocket side of the interop Kamailio (RFC 7118), ahead of rxsip's WS transport:
 * OPTIONS over ws:// and wss:// (self-signed certificate) with the `sip` subprotocol, the
 * 200 parsed by parseMessage; a WS client registers with digest and the binding is pinned
 * to its connection (fix_nated_register: Received = the WS source).
 */
import { afterAll, beforeAll, expect, it } from "vitest";
import WebSocket from "ws";
import { DigestAuthenticator, formatCredentials } from "../../src/core/auth/index.js";
import { parseMessage, SipRequest, type SipResponse, Uri } from "../../src/core/messages/index.js";
import { KAMAILIO_USERS, type KamailioPeer, startKamailio } from "./peers/kamailio.js";
import { newBranch, newCallId, newTag } from "./peers/rawSip.js";
import { describeInterop, requirePeers } from "./peers/requirePeer.js";

const peers = requirePeers("kamailio", "kamcmd", "openssl");

/** One WebSocket connection: each SIP message is one text frame (RFC 7118 §5.1). */
async function openWs(url: string): Promise<{ ws: WebSocket; next(timeoutMs?: number): Promise<SipResponse>; close(): Promise<void> }> {
  const ws = new WebSocket(url, "sip", { rejectUnauthorized: false, handshakeTimeout: 3000 });
  const inbox: string[] = [];
  const waiters: Array<(s: string) => void> = [];
  ws.on("message", (data) => {
    const text = data.toString();
    const w = waiters.shift();
    if (w) w(text);
    else inbox.push(text);
  });
  await new Promise<void>((resolve, reject) => {
    ws.once("open", resolve);
    ws.once("error", reject);
  });
  expect(ws.protocol).toBe("sip");
  return {
    ws,
    next: (timeoutMs = 3000) =>
      new Promise((resolve, reject) => {
        const take = (s: string) => {
          clearTimeout(timer);
          resolve(parseMessage(s) as SipResponse);
        };
        const timer = setTimeout(() => {
          waiters.splice(waiters.indexOf(take), 1);
          reject(new Error(`no WebSocket message in ${timeoutMs} ms`));
        }, timeoutMs);
        const queued = inbox.shift();
        if (queued !== undefined) take(queued);
        else waiters.push(take);
      }),
    close: () =>
      new Promise((resolve) => {
        if (ws.readyState === WebSocket.CLOSED) return resolve();
        ws.once("close", () => resolve());
        ws.close();
        setTimeout(() => ws.terminate(), 500).unref();
      }),
  };
}

function wsRequest(method: string, ruri: Uri, opts: { transport: "WS" | "WSS"; user: string; callId?: string; cseq?: number; fromTag?: string }) {
  const req = new SipRequest(method, ruri);
  req.setHeader("Via", `SIP/2.0/${opts.transport} rxsipinterop.invalid;branch=${newBranch()};rport`);
  req.setHeader("Max-Forwards", 70);
  req.setHeader("From", `<sip:${opts.user}@127.0.0.1>;tag=${opts.fromTag ?? newTag()}`);
  req.setHeader("To", method === "REGISTER" ? `<sip:${opts.user}@127.0.0.1>` : "<sip:127.0.0.1>");
  req.setHeader("Call-ID", opts.callId ?? newCallId());
  req.setHeader("CSeq", `${opts.cseq ?? 1} ${method}`);
  return req;
}

describeInterop("interop: Kamailio over WebSocket (ws:// and wss://)", peers, () => {
  let kam: KamailioPeer;

  beforeAll(async () => {
    kam = await startKamailio({ auth: "register", tls: true });
    console.info(`[interop] kamailio with TLS ready in ${kam.startupMs} ms (ws ${kam.wsPort}, wss ${kam.wssPort})`);
  }, 20000);

  afterAll(async () => {
    await kam?.stop();
  }, 10000);

  for (const scheme of ["ws", "wss"] as const) {
    it(`OPTIONS over ${scheme}:// -> 200`, async () => {
      const port = scheme === "ws" ? kam.wsPort : kam.wssPort!;
      const conn = await openWs(`${scheme}://127.0.0.1:${port}/`);
      try {
        const ruri = Uri.sip(undefined, "127.0.0.1", port);
        ruri.params.transport = scheme;
        const req = wsRequest("OPTIONS", ruri, { transport: scheme === "ws" ? "WS" : "WSS", user: "probe" });
        conn.ws.send(req.toString());
        const res = await conn.next();
        expect(res.statusCode).toBe(200);
        expect(res.callId).toBe(req.callId);
        expect(res.via.transport).toBe(scheme.toUpperCase());
        expect(res.via.params.branch).toBe(req.via.params.branch);
      } finally {
        await conn.close();
      }
    });
  }

  it("REGISTER bob over ws:// with rxsip's digest -> 200; binding pinned to the WS connection", async () => {
    const conn = await openWs(`ws://127.0.0.1:${kam.wsPort}/`);
    try {
      const callId = newCallId();
      const fromTag = newTag();
      const ruri = Uri.sip(undefined, "127.0.0.1", kam.wsPort);
      ruri.params.transport = "ws";
      const make = (cseq: number) => {
        const r = wsRequest("REGISTER", ruri, { transport: "WS", user: "bob", callId, cseq, fromTag });
        r.setHeader("Contact", "<sip:bob@rxsipinterop.invalid;transport=ws>");
        r.setHeader("Expires", 120);
        return r;
      };
      conn.ws.send(make(1).toString());
      const challenge = await conn.next();
      expect(challenge.statusCode).toBe(401);

      const req = make(2);
      const auth = new DigestAuthenticator({ username: "bob", password: KAMAILIO_USERS.bob });
      req.setHeader(
        "Authorization",
        formatCredentials(auth.authorize(challenge.parseHeader("WWW-Authenticate", "Challenge")!, { method: "REGISTER", uri: req.ruri.toString() })),
      );
      conn.ws.send(req.toString());
      const ok = await conn.next();
      expect(ok.statusCode, ok.toString()).toBe(200);
      const dump = await kam.kamcmd("ul.dump");
      expect(dump).toContain("Address: sip:bob@rxsipinterop.invalid;transport=ws");
      // fix_nated_register(): the WS source address is stored as "received"
      expect(dump).toMatch(/Received: sip:127\.0\.0\.1:\d+;transport=ws/);
    } finally {
      await conn.close();
    }
  });
});
