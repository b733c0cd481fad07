import { createServer, type Socket } from "node:net";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { WebSocket as WsWebSocket } from "ws";
import { ParseError } from "../../src/core/messages/errors.js";
import { badRequests } from "../../src/streams/transports/badRequests.js";
import { optionsPings } from "../../src/streams/transports/optionsPings.js";
import { WebSocketTransport } from "../../src/streams/transports/WebSocketTransport.js";
import type { WebSocketConstructor } from "../../src/streams/transports/WebSocketFlow.js";
import { TransportError } from "../../src/streams/TransportError.js";
import { selfSignedCertificate } from "./helpers/certificate.js";
import { record, sipRequest, statusNames, until, waitFor } from "./helpers/observe.js";
import { WsPeer } from "./helpers/wsPeer.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

async function wsPeer(options?: Parameters<typeof WsPeer.start>[0]): Promise<WsPeer> {
  const p = await WsPeer.start(options);
  cleanups.push(() => p.stop());
  return p;
}

function make(options: ConstructorParameters<typeof WebSocketTransport>[1]): WebSocketTransport {
  const t = new WebSocketTransport(undefined, options);
  cleanups.push(() => t.dispose());
  return t;
}

/** A transport connected to a fresh peer, recording `messages$` and what `onMessage` gets. */
async function connectedWithRecords() {
  const peer = await wsPeer();
  const t = make({ server: peer.url });
  const messages = record(t.messages$);
  const texts: string[] = [];
  t.onMessage = (m) => texts.push(m);
  await t.connect();
  return { peer, t, messages, texts };
}

describe("WebSocketTransport (RFC 7118)", () => {
  it("connects with the sip subprotocol; state$ and the SIP.js face follow", async () => {
    const peer = await wsPeer();
    const t = make({ server: peer.url });
    expect(t.protocol).toBe("WS");
    expect(t.reliable).toBe(true);
    expect(t.viaHost).toMatch(/^[a-z0-9]{12}\.invalid$/);
    const states = record(t.state$);
    const sip: string[] = [];
    t.stateChange.addListener((s) => sip.push(s));
    await t.connect();
    expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
    expect(sip).toEqual(["Connecting", "Connected"]);
    expect(peer.requests[0]!.headers["sec-websocket-protocol"]).toBe("sip");
  });

  it("sends one SIP message per WebSocket message and parses each one received", async () => {
    const { peer, t, messages, texts } = await connectedWithRecords();
    const a = sipRequest({ branch: "z9hG4bKwa", via: "SIP/2.0/WS x.invalid;branch=z9hG4bKwa" });
    const b = sipRequest({ branch: "z9hG4bKwb", via: "SIP/2.0/WS x.invalid;branch=z9hG4bKwb" });
    await t.send(a);
    await t.send(b);
    await until(() => peer.received.length === 2);
    expect(peer.received).toEqual([a, b]);
    peer.clients[0]!.send(a);
    peer.clients[0]!.send(Buffer.from(b), { binary: true });
    await until(() => messages.values.length === 2);
    expect(messages.values.map((m) => m.via.branch)).toEqual(["z9hG4bKwa", "z9hG4bKwb"]);
    expect(texts).toHaveLength(2);
  });

  it("passes a request on as the server sent it: no received / rport added to its Via (the page knows no addresses)", async () => {
    const { peer, t, messages, texts } = await connectedWithRecords();
    const invite = sipRequest({ method: "INVITE", via: "SIP/2.0/WSS proxy.example.com;branch=z9hG4bKpx;rport" });
    peer.clients[0]!.send(invite);
    await until(() => messages.values.length === 1);
    expect(texts).toEqual([invite]);
    expect(messages.values[0]!.getHeader("via")).toBe("SIP/2.0/WSS proxy.example.com;branch=z9hG4bKpx;rport");
  });

  it("answers a CRLF CRLF ping with a CRLF pong", async () => {
    const peer = await wsPeer();
    const t = make({ server: peer.url });
    await t.connect();
    peer.clients[0]!.send("\r\n\r\n");
    await until(() => peer.received.includes("\r\n"));
  });

  it("refuses a server that does not agree to the sip subprotocol", async () => {
    const peer = await wsPeer({ subprotocol: false });
    const t = make({ server: peer.url });
    const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("CONNECT_FAILED");
    expect(error.message).toMatch(/subprotocol/);
  });

  it("sends the Origin header given in headers (Node)", async () => {
    const peer = await wsPeer();
    const t = make({ server: peer.url, headers: { Origin: "https://app.example.com" } });
    await t.connect();
    expect(peer.requests[0]!.headers.origin).toBe("https://app.example.com");
  });

  it("uses globalThis.WebSocket when there is one", async () => {
    const peer = await wsPeer();
    let made = 0;
    class CountingWebSocket extends WsWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        made++;
      }
    }
    const g = globalThis as { WebSocket?: unknown };
    const saved = g.WebSocket;
    g.WebSocket = CountingWebSocket;
    try {
      const t = make({ server: peer.url });
      const messages = record(t.messages$);
      await t.connect();
      expect(made).toBe(1);
      await t.send(sipRequest({ branch: "z9hG4bKglobal" }));
      await until(() => peer.received.length === 1);
      peer.clients[0]!.send(sipRequest({ branch: "z9hG4bKglobal2" }));
      await until(() => messages.values.length === 1);
    } finally {
      g.WebSocket = saved;
    }
  });

  it("uses the WebSocket class given in options", async () => {
    const peer = await wsPeer();
    let made = 0;
    const Ctor = class extends WsWebSocket {
      constructor(url: string, protocols?: string | string[]) {
        super(url, protocols);
        made++;
      }
    } as unknown as WebSocketConstructor;
    const t = make({ server: peer.url, WebSocket: Ctor });
    await t.connect();
    expect(made).toBe(1);
  });

  it("throws INVALID_SERVER for a server that is not ws:// or wss://", () => {
    expect(() => new WebSocketTransport(undefined, { server: "tcp://127.0.0.1:5060" })).toThrow(TransportError);
  });

  it.each([
    "sip:alice:secret@127.0.0.1:5090;transport=ws", // SIP URI forms are NodeTransport's
    "wss//alice:secret@sip.example.com",
    "wss://alice:secret@",
    "alice:secret@sip.example.com",
  ])("refuses %s with INVALID_SERVER, never showing the password", (server) => {
    let error: unknown;
    try {
      new WebSocketTransport(undefined, { server });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(TransportError);
    expect((error as TransportError).code).toBe("INVALID_SERVER");
    expect(`${(error as TransportError).message} ${(error as TransportError).server ?? ""}`).not.toContain("secret");
  });

  it("reads ws:// and wss:// URLs (IPv6 hosts too), keeping user info out of `server`", () => {
    const states = [
      ["wss://alice:secret@sip.example.com/ws", "wss://sip.example.com/ws", "WSS"],
      ["ws://[::1]:8080", "ws://[::1]:8080", "WS"],
    ].map(([server, label, protocol]) => {
      const t = make({ server });
      expect(t.protocol).toBe(protocol);
      return t.server === label;
    });
    expect(states).toEqual([true, true]);
  });

  it("refuses to connect without a server (INVALID_SERVER)", async () => {
    const t = make({});
    const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("INVALID_SERVER");
    expect(t.state).toBe("Disconnected");
  });

  describe("OPTIONS keep-alives (opt-in: optionsPings())", () => {
    it("refuses the string form keepAliveMethod: \"options\" with INVALID_OPTION naming optionsPings()", () => {
      let error: unknown;
      try {
        // @ts-expect-error the old form is a type error too
        new WebSocketTransport(undefined, { server: "wss://sip.example.com", keepAliveMethod: "options" });
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).code).toBe("INVALID_OPTION");
      expect((error as TransportError).message).toContain("optionsPings()");
    });

    it("with optionsPings(): an OPTIONS to the server every keepAliveInterval; answered, the flow stays; unanswered, KEEPALIVE_TIMEOUT", async () => {
      const peer = await wsPeer();
      let answer = true;
      peer.onMessage = (text, ws) => {
        if (!answer || !text.startsWith("OPTIONS ")) return;
        const copied = text.split("\r\n").filter((l) => /^(Via|From|To|Call-ID|CSeq):/.test(l));
        ws.send(`SIP/2.0 200 OK\r\n${copied.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`);
      };
      const t = make({ server: peer.url, keepAliveInterval: 0.05, keepAliveTimeout: 0.1, keepAliveMethod: optionsPings() });
      const messages = record(t.messages$);
      const states = record(t.state$);
      await t.connect();
      await until(() => peer.received.length >= 3, 3000);
      expect(t.isConnected()).toBe(true);
      expect(peer.received[0]).toMatch(/^OPTIONS sip:127\.0\.0\.1:\d+;transport=ws SIP\/2\.0\r\n/);
      expect(peer.received.some((m) => m.startsWith("\r\n"))).toBe(false);
      expect(messages.values).toHaveLength(0); // the answers are the keep-alive's, not the user agent's
      answer = false;
      await waitFor(t.state$, (s) => s.type === "disconnected", 3000);
      expect(statusNames(states.values).at(-1)).toBe("disconnected:KEEPALIVE_TIMEOUT");
    });
  });

  describe("faults", () => {
    it("the server closes: disconnected with CONNECTION_CLOSED and onDisconnect(error)", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url });
      const states = record(t.state$);
      let error: Error | undefined;
      t.onDisconnect = (e) => (error = e);
      await t.connect();
      peer.clients[0]!.close(1001, "going away");
      await waitFor(t.state$, (s) => s.type === "disconnected");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:CONNECTION_CLOSED"]);
      expect((error as TransportError).code).toBe("CONNECTION_CLOSED");
      expect(error!.message).toMatch(/1001/);
    });

    it("garbage from the server goes to errors$ as a ParseError; messages$ goes on", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url });
      const messages = record(t.messages$);
      const errors = record(t.errors$);
      await t.connect();
      peer.clients[0]!.send("\x00\x01 definitely not SIP");
      peer.clients[0]!.send(sipRequest({ branch: "z9hG4bKok" }));
      await until(() => messages.values.length === 1);
      expect(errors.values).toHaveLength(1);
      expect(errors.values[0]).toBeInstanceOf(ParseError);
      expect(t.isConnected()).toBe(true);
    });

    const unreadable = () =>
      sipRequest({ branch: "z9hG4bKbad", via: "SIP/2.0/WSS proxy.example.com;branch=z9hG4bKbad" }).replace("CSeq: 1 MESSAGE", "CSeq: one MESSAGE");

    it("an unreadable request is reported on errors$ and not answered (as SIP.js) without badRequests()", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url });
      const errors = record(t.errors$);
      await t.connect();
      peer.clients[0]!.send(unreadable());
      peer.clients[0]!.send(sipRequest({ branch: "z9hG4bKok" }));
      await until(() => errors.values.length === 1);
      await t.send("OPTIONS sip:x SIP/2.0\r\n\r\n"); // a marker: whatever the transport sent before it arrives first
      await until(() => peer.received.length === 1);
      expect(peer.received).toEqual(["OPTIONS sip:x SIP/2.0\r\n\r\n"]);
    });

    it("with badRequests(), an unreadable request is answered 400 on the connection, with its Via, From, To, Call-ID, CSeq", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url, badRequests: badRequests() });
      const errors = record(t.errors$);
      await t.connect();
      peer.clients[0]!.send(unreadable());
      await until(() => peer.received.length === 1);
      expect(errors.values).toHaveLength(1);
      const answer = peer.received[0]!;
      expect(answer).toMatch(/^SIP\/2\.0 400 Malformed CSeq\r\n/);
      expect(answer).toContain("\r\nVia: SIP/2.0/WSS proxy.example.com;branch=z9hG4bKbad\r\n");
      expect(answer).toContain("\r\nCall-ID: z9hG4bKbad@test\r\n");
    });

    it("a message somewhat over maxMessageSize is reported (and with badRequests() answered 513); the connection stays, as in a browser", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url, maxMessageSize: 65536, badRequests: badRequests() });
      const states = record(t.state$);
      const errors = record(t.errors$);
      const messages = record(t.messages$);
      await t.connect();
      peer.clients[0]!.send(sipRequest({ branch: "z9hG4bKbig", via: "SIP/2.0/WSS proxy.example.com;branch=z9hG4bKbig", body: "x".repeat(70_000) }));
      peer.clients[0]!.send(sipRequest({ branch: "z9hG4bKnext" }));
      await until(() => messages.values.length === 1, 3000, "the next message");
      expect(messages.values[0]!.via.branch).toBe("z9hG4bKnext");
      await until(() => peer.received.length === 1, 2000, "the 513");
      expect(peer.received[0]).toMatch(/^SIP\/2\.0 513 [^\r]*\r\nVia: SIP\/2\.0\/WSS proxy\.example\.com;branch=z9hG4bKbig\r\n/);
      expect(errors.values.map((e) => e.code)).toEqual(["TOO_LARGE"]);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
    });

    it("a 10 MB message: MESSAGE_TOO_LARGE, and the server sees the socket closed", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url, maxMessageSize: 65536 });
      const states = record(t.state$);
      await t.connect();
      peer.clients[0]!.send(Buffer.alloc(10 * 1024 * 1024, 0x41), { binary: true });
      await waitFor(t.state$, (s) => s.type === "disconnected", 5000);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:MESSAGE_TOO_LARGE"]);
      await until(() => peer.allClosed, 3000);
    });

    it("an unanswered keep-alive ping: disconnected with KEEPALIVE_TIMEOUT, server sees the close", async () => {
      const peer = await wsPeer();
      const t = make({ server: peer.url, keepAliveInterval: 0.05, keepAliveTimeout: 0.1 });
      const states = record(t.state$);
      await t.connect();
      await waitFor(t.state$, (s) => s.type === "disconnected", 3000);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:KEEPALIVE_TIMEOUT"]);
      expect(peer.received[0]).toBe("\r\n\r\n");
      await until(() => peer.allClosed, 3000);
    });

    it("a server that accepts TCP but never answers the upgrade: CONNECT_TIMEOUT after connectionTimeout", async () => {
      const sockets: Socket[] = [];
      const closed: Socket[] = [];
      const mute = createServer((s) => {
        sockets.push(s);
        s.resume(); // read (and ignore) the upgrade request, so that the close is seen
        s.on("error", () => undefined);
        s.on("close", () => closed.push(s));
      });
      await new Promise<void>((r) => mute.listen(0, "127.0.0.1", r));
      cleanups.push(() => new Promise<void>((r) => { for (const s of sockets) s.destroy(); mute.close(() => r()); }));
      const t = make({ server: `ws://127.0.0.1:${(mute.address() as { port: number }).port}`, connectionTimeout: 0.2 });
      const states = record(t.state$);
      const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
      expect(error.code).toBe("CONNECT_TIMEOUT");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected:CONNECT_TIMEOUT"]);
      await until(() => sockets.length === 1 && closed.length === 1, 3000, "the mute server to see the socket closed");
    });
  });

  describe("wss:// with a self-signed certificate", () => {
    let cert: { cert: string; key: string };
    let peer: WsPeer;
    beforeAll(async () => {
      cert = selfSignedCertificate();
      peer = await WsPeer.start({ tls: cert });
    });
    afterAll(() => peer.stop());

    it("is rejected by default with TLS_CERTIFICATE", async () => {
      const t = make({ server: peer.url });
      expect(t.protocol).toBe("WSS");
      const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
      expect(error.code).toBe("TLS_CERTIFICATE");
    });

    it("is accepted with ca", async () => {
      const t = make({ server: peer.url, ca: cert.cert });
      await t.connect();
      await t.send(sipRequest({ branch: "z9hG4bKwss" }));
      await until(() => peer.received.some((m) => m.includes("z9hG4bKwss")));
    });
  });
});
