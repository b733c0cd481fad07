import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { parseMessage } from "../../src/core/messages/parseMessage.js";
import type { SipResponse } from "../../src/core/messages/SipResponse.js";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import type { TransportError } from "../../src/streams/TransportError.js";
import { record, sipRequest, sipResponse, until } from "./helpers/observe.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

/** A raw TCP client of the transport's listener, recording what it gets and whether it was closed. */
async function client(port: number): Promise<{ socket: Socket; text: () => string; closed: () => boolean }> {
  const socket = connect({ host: "127.0.0.1", port });
  const chunks: Buffer[] = [];
  let closed = false;
  socket.on("data", (d: Buffer) => chunks.push(d));
  socket.on("error", () => undefined);
  socket.on("close", () => (closed = true));
  await new Promise<void>((r) => socket.once("connect", () => r()));
  cleanups.push(() => void socket.destroy());
  return { socket, text: () => Buffer.concat(chunks).toString(), closed: () => closed };
}

async function listening(options: ConstructorParameters<typeof NodeTransport>[1] = {}) {
  const t = new NodeTransport(undefined, { listen: { protocol: "TCP", host: "127.0.0.1", port: 0 }, ...options });
  cleanups.push(() => t.dispose());
  const messages = record(t.messages$);
  const errors = record(t.errors$);
  await t.connect();
  const port = t.localAddresses.find((a) => a.protocol === "TCP")!.port;
  return { t, messages, errors, port };
}

describe("NodeTransport listening on TCP", () => {
  it("receives requests and answers each on the connection it came on (RFC 3261 §18.2.2)", async () => {
    const { t, messages, port } = await listening();
    expect(t.protocol).toBe("TCP");
    expect(t.viaHost).toBe("127.0.0.1");
    expect(t.viaPort).toBe(port);
    const a = await client(port);
    const b = await client(port);
    a.socket.write(sipRequest({ via: "SIP/2.0/TCP a.invalid;branch=z9hG4bKa;rport" }));
    b.socket.write(sipRequest({ via: "SIP/2.0/TCP b.invalid;branch=z9hG4bKb" }));
    await until(() => messages.values.length === 2);
    for (const req of messages.values) await t.send(sipResponse(req.toString()));
    await until(() => a.text().length > 0 && b.text().length > 0);
    expect((parseMessage(a.text()) as SipResponse).via.branch).toBe("z9hG4bKa");
    expect((parseMessage(b.text()) as SipResponse).via.branch).toBe("z9hG4bKb");
    expect(t.connectionCount).toBe(2);
  });

  it("drops a peer that sends garbage with a typed error on errors$; other connections are not affected", async () => {
    const { t, messages, errors, port } = await listening();
    const good = await client(port);
    const bad = await client(port);
    bad.socket.write("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
    await until(() => bad.closed(), 3000, "the garbage sender to be disconnected");
    expect(errors.values.map((e) => e.code)).toEqual(["FRAMING"]);
    expect((errors.values[0] as TransportError).server).toMatch(/^TCP 127\.0\.0\.1:\d+$/);
    good.socket.write(sipRequest({ branch: "z9hG4bKgood" }));
    await until(() => messages.values.length === 1);
    expect(good.closed()).toBe(false);
    expect(t.isConnected()).toBe(true);
  });

  it("drops a peer that dribbles a message slower than messageTimeout (SLOW_PEER)", async () => {
    const { errors, port } = await listening({ messageTimeout: 0.15 });
    const slow = await client(port);
    slow.socket.write("INVITE sip:bob@127.0.0.1 SIP/2.0\r\n");
    await until(() => slow.closed(), 3000, "the slow peer to be disconnected");
    expect(errors.values.map((e) => e.code)).toEqual(["SLOW_PEER"]);
  });

  it("drops a peer that sends 10 MB without a CRLF (MESSAGE_TOO_LARGE), without buffering it", async () => {
    const { errors, port } = await listening();
    const flood = await client(port);
    const chunk = Buffer.alloc(64 * 1024, 0x42);
    let written = 0;
    while (written < 10 * 1024 * 1024 && !flood.closed()) {
      if (!flood.socket.write(chunk)) await new Promise((r) => setTimeout(r, 5));
      written += chunk.length;
    }
    await until(() => flood.closed(), 3000);
    expect(errors.values.map((e) => e.code)).toEqual(["MESSAGE_TOO_LARGE"]);
  });

  it("refuses connections past maxConnections with TOO_MANY_CONNECTIONS when every connection is in the middle of a message (none idle to close)", async () => {
    const { t, errors, port } = await listening({ maxConnections: 2 });
    const a = await client(port);
    const b = await client(port);
    await until(() => t.connectionCount === 2);
    // both are busy: a message started and not finished, so neither may be closed to make room
    a.socket.write("OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKa\r\n");
    b.socket.write("OPTIONS sip:x@127.0.0.1 SIP/2.0\r\nVia: SIP/2.0/TCP 127.0.0.1;branch=z9hG4bKb\r\n");
    await new Promise((r) => setTimeout(r, 50));
    const c = await client(port);
    await until(() => c.closed(), 3000, "the third connection to be refused");
    expect(errors.values.map((e) => e.code)).toEqual(["TOO_MANY_CONNECTIONS"]);
    expect(a.closed() || b.closed()).toBe(false);
    // a slot frees when a connection ends
    a.socket.destroy();
    await until(() => t.connectionCount === 1);
    const d = await client(port);
    await until(() => t.connectionCount === 2);
    expect(d.closed()).toBe(false);
  });

  it("answers a CRLF CRLF ping from a client with a CRLF", async () => {
    const { port } = await listening();
    const a = await client(port);
    a.socket.write("\r\n\r\n");
    await until(() => a.text() === "\r\n");
  });

  it("closes every inbound connection and the listener on disconnect", async () => {
    const { t, port } = await listening();
    const a = await client(port);
    await until(() => t.connectionCount === 1);
    await t.disconnect();
    await until(() => a.closed());
    expect(t.localAddresses).toEqual([]);
    const refused = connect({ host: "127.0.0.1", port });
    const error = await new Promise<Error>((r) => refused.once("error", r));
    expect((error as Error & { code?: string }).code).toBe("ECONNREFUSED");
  });

  it("sends a request over a new connection to its Request-URI when there is no server, and reuses it", async () => {
    const server = await listening();
    const other = await listening();
    await server.t.send(sipRequest().replace("sip:bob@127.0.0.1 ", `sip:bob@127.0.0.1:${other.port};transport=tcp `));
    await server.t.send(sipRequest().replace("sip:bob@127.0.0.1 ", `sip:bob@127.0.0.1:${other.port};transport=tcp `));
    await until(() => other.messages.values.length === 2);
    expect(server.t.connectionCount).toBe(1);
  });
});
