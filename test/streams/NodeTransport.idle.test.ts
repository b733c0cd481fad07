import { connect, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { VirtualClock } from "../../src/testing/index.js";
import { record, sipRequest, sipResponse, until } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";
import { StreamFlow } from "../../src/streams/transports/node/StreamFlow.js";

/**
 * A listening user agent's TCP service is not denied by idle connections: they time out on
 * the scheduler, and when the pool is full the idlest inbound one makes room for a new one.
 */
const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

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

describe("NodeTransport listening on TCP: idle connections do not deny the service", () => {
  it("70 idle connections (the default maxConnections is 64) do not keep out a legitimate client: it is served", async () => {
    const { t, messages, port } = await listening();
    const idle: Array<Awaited<ReturnType<typeof client>>> = [];
    for (let i = 0; i < 70; i++) idle.push(await client(port));
    await until(() => idle.filter((c) => c.closed()).length >= 6, 5000, "the idlest connections to make room");
    expect(t.connectionCount).toBeLessThanOrEqual(64);
    const legit = await client(port);
    legit.socket.write(sipRequest({ method: "OPTIONS", via: "SIP/2.0/TCP 127.0.0.1:5099;branch=z9hG4bKlegit;rport" }));
    await until(() => messages.values.length === 1, 5000, "the legitimate request");
    await t.send(sipResponse(messages.values[0]!.toString()));
    await until(() => legit.text().startsWith("SIP/2.0 200 OK"), 5000, "the response on the legitimate connection");
    expect(legit.closed()).toBe(false);
    // the first (idlest) connections were the ones closed
    expect(idle.slice(0, 6).every((c) => c.closed())).toBe(true);
  });

  it("an inbound connection that carries nothing for idleTimeout is closed, on the scheduler; traffic keeps one open", async () => {
    const clock = new VirtualClock();
    const { t, errors, port } = await listening({ scheduler: clock.scheduler, idleTimeout: 60 });
    const quiet = await client(port);
    const talker = await client(port);
    await until(() => t.connectionCount === 2, 3000, "both connections accepted");
    await clock.advance(50_000);
    talker.socket.write("\r\n\r\n"); // a CRLF keep-alive is traffic
    await until(() => talker.text() === "\r\n", 3000, "the pong");
    await clock.advance(10_001);
    await until(() => quiet.closed(), 3000, "the quiet connection to be closed");
    expect(talker.closed()).toBe(false);
    expect(errors.values.map((e) => e.code)).toContain("IDLE_TIMEOUT");
    await clock.advance(50_001);
    await until(() => talker.closed(), 3000, "the talker to be closed 60 s after its last byte");
  });

  it("a connection opened to send a request (no server) idles out too: talking to many peers does not fill the pool for ever", async () => {
    const clock = new VirtualClock();
    const { t } = await listening({ scheduler: clock.scheduler, idleTimeout: 60 });
    const peer = await TcpPeer.start();
    cleanups.push(() => peer.stop());
    await t.send(sipRequest().replace("sip:bob@127.0.0.1 ", `sip:bob@127.0.0.1:${peer.port};transport=tcp `));
    await until(() => peer.text.includes("\r\n\r\n"), 3000, "the request");
    expect(t.connectionCount).toBe(1);
    await clock.advance(60_001);
    await until(() => peer.allClosed, 3000, "the quiet outbound connection to be closed");
    expect(t.connectionCount).toBe(0);
  });

  it("a connection kept open (it became the flow to the server) no longer idles out", async () => {
    const clock = new VirtualClock();
    const peer = await TcpPeer.start();
    cleanups.push(() => peer.stop());
    const socket = connect({ host: "127.0.0.1", port: peer.port });
    await new Promise<void>((r) => socket.once("connect", () => r()));
    const flow = new StreamFlow(socket, "TCP", { protocol: "TCP", host: "127.0.0.1", port: peer.port }, { maxMessageSize: 65536, messageTimeout: 0, idleTimeout: 60_000, scheduler: clock.scheduler });
    cleanups.push(() => flow.close());
    flow.keepOpen();
    await clock.advance(120_001);
    expect(flow.open).toBe(true);
    expect(peer.allClosed).toBe(false);
  });
});
