import { createServer } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { SipRequest } from "../../src/core/messages/SipRequest.js";
import { ParseError } from "../../src/core/messages/errors.js";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { TransportError } from "../../src/streams/TransportError.js";
import { deadPort } from "./helpers/deadPort.js";
import { record, sipRequest, statusNames, until, waitFor } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";

let peer: TcpPeer | undefined;
let transport: NodeTransport | undefined;

afterEach(async () => {
  await transport?.dispose();
  await peer?.stop();
  transport = undefined;
  peer = undefined;
});

async function connected(options: ConstructorParameters<typeof NodeTransport>[1] = {}) {
  peer ??= await TcpPeer.start();
  transport = new NodeTransport(undefined, { server: `tcp://127.0.0.1:${peer.port}`, ...options });
  const states = record(transport.state$);
  const messages = record(transport.messages$);
  const errors = record(transport.errors$);
  await transport.connect();
  await until(() => peer!.sockets.length === 1, 2000, "the server to accept");
  return { t: transport, states, messages, errors, server: peer.sockets[0]! };
}

describe("NodeTransport over TCP", () => {
  describe("connecting", () => {
    it("goes disconnected → connecting → connected, and the SIP.js face follows", async () => {
      peer = await TcpPeer.start();
      transport = new NodeTransport(undefined, { server: `tcp://127.0.0.1:${peer.port}` });
      const states = record(transport.state$);
      const sipStates: string[] = [];
      transport.stateChange.addListener((s) => sipStates.push(s));
      let connects = 0;
      transport.onConnect = () => connects++;
      expect(transport.protocol).toBe("TCP");
      expect(transport.reliable).toBe(true);
      await transport.connect();
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
      expect(states.values[2]).toEqual({ type: "connected", server: `tcp://127.0.0.1:${peer.port}` });
      expect(sipStates).toEqual(["Connecting", "Connected"]);
      expect(transport.state).toBe("Connected");
      expect(transport.isConnected()).toBe(true);
      expect(connects).toBe(1);
      // connect() while connected resolves at once
      await transport.connect();
      expect(statusNames(states.values)).toHaveLength(3);
    });

    it("reads sip:host:port;transport=tcp as TCP", async () => {
      peer = await TcpPeer.start();
      transport = new NodeTransport(undefined, { server: `sip:127.0.0.1:${peer.port};transport=tcp` });
      await transport.connect();
      expect(transport.protocol).toBe("TCP");
      await until(() => peer!.sockets.length === 1);
    });

    it("rejects with CONNECT_FAILED when nothing listens, and state$ says so", async () => {
      const port = await deadPort();
      transport = new NodeTransport(undefined, { server: `tcp://127.0.0.1:${port}` });
      const states = record(transport.state$);
      const error = await transport.connect().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TransportError);
      expect((error as TransportError).code).toBe("CONNECT_FAILED");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected:CONNECT_FAILED"]);
      expect(transport.state).toBe("Disconnected");
    });

    it("gives up after connectionTimeout with CONNECT_TIMEOUT (a TLS peer that never answers the handshake)", async () => {
      peer = await TcpPeer.start(); // plain TCP: the TLS ClientHello is never answered
      transport = new NodeTransport(undefined, { server: `tls://127.0.0.1:${peer.port}`, connectionTimeout: 0.2 });
      const states = record(transport.state$);
      const error = (await transport.connect().catch((e: unknown) => e)) as TransportError;
      expect(error.code).toBe("CONNECT_TIMEOUT");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected:CONNECT_TIMEOUT"]);
      await until(() => peer!.allClosed, 2000, "the server to see the socket closed");
    });

    it("throws INVALID_SERVER for a server it cannot read", () => {
      expect(() => new NodeTransport(undefined, { server: "http://example.com" })).toThrow(TransportError);
      try {
        new NodeTransport(undefined, { server: "sip:127.0.0.1;transport=carrier-pigeon" });
      } catch (e) {
        expect((e as TransportError).code).toBe("INVALID_SERVER");
      }
    });
  });

  describe("receiving", () => {
    it("delivers several messages that arrive in one chunk, each parsed", async () => {
      const { server, messages } = await connected();
      server.write(sipRequest({ branch: "z9hG4bKa" }) + sipRequest({ branch: "z9hG4bKb" }) + sipRequest({ branch: "z9hG4bKc" }));
      await until(() => messages.values.length === 3);
      expect(messages.values.map((m) => m.via.branch)).toEqual(["z9hG4bKa", "z9hG4bKb", "z9hG4bKc"]);
      expect(messages.values[0]).toBeInstanceOf(SipRequest);
    });

    it("frames a message the server sends one byte at a time", async () => {
      const { server, messages, states } = await connected();
      const text = sipRequest({ branch: "z9hG4bKbytes", body: "hello ☎" });
      const bytes = Buffer.from(text);
      for (let i = 0; i < bytes.length; i++) {
        await new Promise<void>((r) => server.write(bytes.subarray(i, i + 1), () => r()));
      }
      await until(() => messages.values.length === 1);
      expect(messages.values[0]!.body).toBe("hello ☎");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
    });

    it("stamps received and rport on the top Via of a request (RFC 3261 §18.2.1, RFC 3581)", async () => {
      const { server, messages } = await connected();
      const client = server.remoteAddress;
      server.write(sipRequest({ via: "SIP/2.0/TCP proxy.invalid;branch=z9hG4bKr;rport" }));
      await until(() => messages.values.length === 1);
      const via = messages.values[0]!.via;
      expect(via.received).toBe("127.0.0.1");
      expect(via.rport).toBe(server.localPort);
      expect(client).toBeDefined();
    });

    it("calls onMessage with the text of each message", async () => {
      const { t, server } = await connected();
      const texts: string[] = [];
      t.onMessage = (m) => texts.push(m);
      const text = sipRequest({ via: "SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bKon" });
      server.write(text);
      await until(() => texts.length === 1);
      expect(texts[0]).toBe(text);
    });

    it("answers a CRLF CRLF ping with a CRLF pong (RFC 5626 §4.4.1)", async () => {
      const { server } = await connected();
      const got: Buffer[] = [];
      server.on("data", (d: Buffer) => got.push(d));
      server.write("\r\n\r\n");
      await until(() => Buffer.concat(got).toString() === "\r\n");
    });

    it("sends a message that fails to parse to errors$ and keeps delivering the next ones", async () => {
      const { server, messages, errors, states } = await connected();
      server.write("NOT A SIP START LINE\r\nContent-Length: 0\r\n\r\n" + sipRequest({ branch: "z9hG4bKafter" }));
      await until(() => messages.values.length === 1 && errors.values.length === 1);
      expect(errors.values[0]).toBeInstanceOf(ParseError);
      expect(messages.values[0]!.via.branch).toBe("z9hG4bKafter");
      expect(statusNames(states.values).at(-1)).toBe("connected");
    });
  });

  describe("sending", () => {
    it("writes a SipRequest or a string on the connection", async () => {
      const { t } = await connected();
      await t.send(sipRequest({ branch: "z9hG4bKsent" }));
      await until(() => peer!.text.includes("z9hG4bKsent"));
    });

    it("rejects with NOT_CONNECTED before connect, and never leaves an unhandled rejection", async () => {
      transport = new NodeTransport(undefined, { server: "tcp://127.0.0.1:9" });
      void transport.send("x"); // ignored on purpose: must not be an unhandled rejection
      const error = (await transport.send("x").catch((e: unknown) => e)) as TransportError;
      expect(error.code).toBe("NOT_CONNECTED");
      await new Promise((r) => setTimeout(r, 20));
    });
  });

  describe("faults", () => {
    it("the server closes mid-message: disconnected with CONNECTION_CLOSED, onDisconnect(error)", async () => {
      const { t, server, states, messages } = await connected();
      let disconnectError: Error | undefined;
      t.onDisconnect = (e) => (disconnectError = e);
      const text = sipRequest();
      server.end(text.slice(0, text.length - 10));
      const s = await waitFor(t.state$, (x) => x.type === "disconnected");
      expect(s.type === "disconnected" && s.error?.code).toBe("CONNECTION_CLOSED");
      expect(s.type === "disconnected" && s.error?.message).toMatch(/middle of a message/);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:CONNECTION_CLOSED"]);
      expect(disconnectError).toBeInstanceOf(TransportError);
      expect(messages.values).toHaveLength(0);
      expect(t.state).toBe("Disconnected");
      await until(() => peer!.allClosed);
    });

    it("the server sends garbage: disconnected with FRAMING, and the socket is closed", async () => {
      const { t, server, states } = await connected();
      server.write("\x00\x01garbage\xff\r\nno colon here\r\n\r\n");
      const s = await waitFor(t.state$, (x) => x.type === "disconnected");
      expect(s.type === "disconnected" && s.error?.code).toBe("FRAMING");
      expect(s.type === "disconnected" && (s.error?.cause as ParseError).code).toBe("MISSING_HEADER");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:FRAMING"]);
      await until(() => peer!.allClosed, 2000, "the server to see the socket closed");
    });

    it("a request without Content-Length (mandatory on a stream, §18.3) is answered 400 before the connection closes", async () => {
      const { t, server } = await connected();
      const noLength = sipRequest({ branch: "z9hG4bKnolength" }).replace(/Content-Length: \d+\r\n/i, "");
      expect(noLength).not.toMatch(/content-length/i);
      server.write(noLength);
      const s = await waitFor(t.state$, (x) => x.type === "disconnected");
      expect(s.type === "disconnected" && s.error?.code).toBe("FRAMING");
      await until(() => peer!.allClosed, 2000, "the server to see the socket closed");
      expect(peer!.text).toMatch(/^SIP\/2\.0 400 [^\r]+\r\nVia: [^\r]*branch=z9hG4bKnolength/);
    });

    it("after that 400, a peer that keeps its side of the connection open is cut off (about 2 s later), not kept half-open", async () => {
      const server = createServer({ allowHalfOpen: true });
      await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
      const port = (server.address() as { port: number }).port;
      let gotFin = 0;
      let closedAt = 0;
      server.on("connection", (socket) => {
        socket.on("error", () => undefined);
        socket.resume(); // read (and drop) the 400, so "end" is seen
        // never end our side; write now and then: once the transport has let go of its socket
        // (not just ended its half), a write draws a reset and this socket closes
        socket.on("end", () => {
          gotFin = performance.now();
          const poke = setInterval(() => (socket.destroyed ? clearInterval(poke) : socket.write("\r\n\r\n")), 250);
        });
        socket.on("close", () => (closedAt = performance.now()));
        socket.write(sipRequest({ branch: "z9hG4bKhalfopen" }).replace(/Content-Length: \d+\r\n/i, ""));
      });
      transport = new NodeTransport(undefined, { server: `tcp://127.0.0.1:${port}` });
      await transport.connect().catch(() => undefined);
      await until(() => closedAt > 0, 6000, "the connection to be closed");
      expect(gotFin).toBeGreaterThan(0);
      expect(closedAt - gotFin).toBeGreaterThan(1500);
      expect(closedAt - gotFin).toBeLessThan(4000);
      server.close();
    });

    it("a request whose Content-Length passes the limit is answered 513, skipped, and the connection stays up (§18.3, §21.5.7)", async () => {
      const { t, server, messages, errors, states } = await connected({ maxMessageSize: 65536 });
      const big = sipRequest({ branch: "z9hG4bKbig", body: "x".repeat(70_000) });
      const next = sipRequest({ branch: "z9hG4bKafter" });
      // the big body comes in pieces, the next message right behind its last octet
      const bytes = Buffer.from(big + next);
      for (let i = 0; i < bytes.length; i += 16_384) await new Promise<void>((r) => server.write(bytes.subarray(i, i + 16_384), () => r()));
      await until(() => messages.values.length === 1, 3000, "the message after the large one");
      expect(messages.values[0]!.via.branch).toBe("z9hG4bKafter");
      await until(() => /^SIP\/2\.0 513 /.test(peer!.text), 2000, "the 513");
      expect(peer!.text).toMatch(/^SIP\/2\.0 513 [^\r]+\r\nVia: [^\r]*branch=z9hG4bKbig/);
      expect(t.isConnected()).toBe(true);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
      expect(errors.values.map((e) => e.code)).toEqual(["MESSAGE_TOO_LARGE"]);
    });

    it("the server sends 10 MB without a CRLF: MESSAGE_TOO_LARGE, cut at the limit", async () => {
      const { t, server, states } = await connected({ maxMessageSize: 65536 });
      const chunk = Buffer.alloc(64 * 1024, 0x41);
      let written = 0;
      const writeAll = async () => {
        while (written < 10 * 1024 * 1024 && !server.destroyed && server.writable) {
          const ok = server.write(chunk);
          written += chunk.length;
          if (!ok) await new Promise<void>((r) => { server.once("drain", r); server.once("close", r); });
        }
      };
      void writeAll();
      const s = await waitFor(t.state$, (x) => x.type === "disconnected");
      expect(s.type === "disconnected" && s.error?.code).toBe("MESSAGE_TOO_LARGE");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:MESSAGE_TOO_LARGE"]);
      await until(() => peer!.allClosed, 5000, "the server to see the socket closed");
      expect(written).toBeLessThan(10 * 1024 * 1024);
    });

    it("a keep-alive ping is never answered: disconnected with KEEPALIVE_TIMEOUT after interval + timeout", async () => {
      const { t, states } = await connected({ keepAliveInterval: 0.05, keepAliveTimeout: 0.1 });
      const started = performance.now();
      const s = await waitFor(t.state$, (x) => x.type === "disconnected", 3000);
      expect(performance.now() - started).toBeGreaterThanOrEqual(140);
      expect(s.type === "disconnected" && s.error?.code).toBe("KEEPALIVE_TIMEOUT");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:KEEPALIVE_TIMEOUT"]);
      expect(peer!.text.startsWith("\r\n\r\n")).toBe(true);
      await until(() => peer!.allClosed, 3000, "the server to see the socket closed");
    });

    it("keep-alive pings that are answered keep the flow up", async () => {
      peer = await TcpPeer.start({ onSocket: (s) => s.on("data", (d: Buffer) => d.toString() === "\r\n\r\n" && s.write("\r\n")) });
      const { t, states } = await connected({ keepAliveInterval: 0.03, keepAliveTimeout: 1 });
      await new Promise((r) => setTimeout(r, 300));
      expect(t.isConnected()).toBe(true);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected"]);
      expect(peer.text.split("\r\n\r\n").length).toBeGreaterThan(3);
    });

    it("a server that starts a message and never finishes it is dropped with SLOW_PEER", async () => {
      const { t, server } = await connected({ messageTimeout: 0.15 });
      server.write("MESSAGE sip:bob@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127");
      const s = await waitFor(t.state$, (x) => x.type === "disconnected", 3000);
      expect(s.type === "disconnected" && s.error?.code).toBe("SLOW_PEER");
      await until(() => peer!.allClosed);
    });
  });

  describe("ending", () => {
    it("disconnect(): Disconnecting then Disconnected, no error, and the server sees the close", async () => {
      const { t, states } = await connected();
      const sipStates: string[] = [];
      t.stateChange.addListener((s) => sipStates.push(s));
      const args: unknown[][] = [];
      t.onDisconnect = (...a: unknown[]) => args.push(a);
      await t.disconnect();
      expect(sipStates).toEqual(["Disconnecting", "Disconnected"]);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected"]);
      expect(args).toEqual([[undefined]]);
      await until(() => peer!.allClosed);
      // and it can connect again
      await t.connect();
      expect(t.isConnected()).toBe(true);
    });

    it("dispose(): closed, every stream completes, listeners dropped", async () => {
      const { t, states, messages, errors } = await connected();
      const listener = () => undefined;
      t.stateChange.addListener(listener);
      await t.dispose();
      expect(statusNames(states.values).at(-1)).toBe("closed");
      expect(states.completed()).toBe(true);
      expect(messages.completed()).toBe(true);
      expect(errors.completed()).toBe(true);
      expect(t.stateChange.listenerCount).toBe(0);
      await until(() => peer!.allClosed);
      const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
      expect(error.code).toBe("DISPOSED");
      // dispose twice is harmless
      await t.dispose();
    });

    it("disconnect() while connecting cancels the attempt with ABORTED", async () => {
      peer = await TcpPeer.start();
      transport = new NodeTransport(undefined, { server: `tls://127.0.0.1:${peer.port}`, connectionTimeout: 5 });
      const states = record(transport.state$);
      const pending = transport.connect().catch((e: unknown) => e);
      await until(() => peer!.sockets.length === 1);
      await transport.disconnect();
      expect(((await pending) as TransportError).code).toBe("ABORTED");
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected"]);
      await until(() => peer!.allClosed);
    });
  });
});
