import { afterEach, describe, expect, it } from "vitest";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { WebSocketTransport } from "../../src/streams/transports/WebSocketTransport.js";
import type { TransportError } from "../../src/streams/TransportError.js";
import type { TransportStatus } from "../../src/streams/TransportStatus.js";
import { deadPort } from "./helpers/deadPort.js";
import { record, until } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";
import { UdpPeer } from "./helpers/udpPeer.js";
import { sipResponse, waitFor } from "./helpers/observe.js";
import { WsPeer } from "./helpers/wsPeer.js";

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function tried(values: TransportStatus[]): string[] {
  return values.filter((s) => s.type === "connecting").map((s) => (s as { server?: string }).server ?? "");
}

describe("several servers with priorities", () => {
  it("tries servers by priority (lower first) and stays on the first that answers", async () => {
    const live = await TcpPeer.start();
    cleanups.push(() => live.stop());
    const dead1 = await deadPort();
    const dead2 = await deadPort();
    const t = new NodeTransport(undefined, {
      servers: [
        { server: `tcp://127.0.0.1:${live.port}`, priority: 20 },
        { server: `tcp://127.0.0.1:${dead1}`, priority: 10 },
        { server: `tcp://127.0.0.1:${dead2}`, priority: 0 },
      ],
    });
    cleanups.push(() => t.dispose());
    const states = record(t.state$);
    await t.connect();
    expect(tried(states.values)).toEqual([
      `tcp://127.0.0.1:${dead2}`,
      `tcp://127.0.0.1:${dead1}`,
      `tcp://127.0.0.1:${live.port}`,
    ]);
    expect(states.values.at(-1)).toEqual({ type: "connected", server: `tcp://127.0.0.1:${live.port}` });
    await until(() => live.sockets.length === 1);
  });

  it("keeps the given order for equal priorities, and can mix protocols", async () => {
    const ws = await WsPeer.start();
    cleanups.push(() => ws.stop());
    const dead = await deadPort();
    const t = new NodeTransport(undefined, {
      servers: [{ server: `tcp://127.0.0.1:${dead}` }, { server: ws.url }],
    });
    cleanups.push(() => t.dispose());
    expect(t.protocol).toBe("TCP");
    await t.connect();
    expect(t.protocol).toBe("WS");
  });

  it("over UDP, a server whose keep-alive went unanswered is tried last at the next connect: the backup takes over", async () => {
    const primary = await UdpPeer.start(); // never answers: the server is down
    const backup = await UdpPeer.start();
    backup.onMessage = (text, from) => void backup.send(sipResponse(text, 200, "OK"), from.port);
    cleanups.push(() => primary.stop(), () => backup.stop());
    const t = new NodeTransport(undefined, {
      localAddress: "127.0.0.1",
      servers: [{ server: `udp://127.0.0.1:${primary.port}` }, { server: `udp://127.0.0.1:${backup.port}` }],
      keepAliveInterval: 0.05,
      keepAliveTimeout: 0.2,
    });
    cleanups.push(() => t.dispose());
    await t.connect();
    const lost = await waitFor(t.state$, (s) => s.type === "disconnected", 3000);
    expect(lost.type === "disconnected" && lost.error?.code).toBe("KEEPALIVE_TIMEOUT");
    const states = record(t.state$);
    await t.connect();
    expect(states.values.at(-1)).toEqual({ type: "connected", server: `udp://127.0.0.1:${backup.port}` });
    await until(() => backup.received.length > 0, 2000, "a keep-alive at the backup");
  });

  it("fails with ALL_SERVERS_FAILED, listing every attempt, when none answers", async () => {
    const dead1 = await deadPort();
    const dead2 = await deadPort();
    const t = new WebSocketTransport(undefined, {
      servers: [{ server: `ws://127.0.0.1:${dead1}` }, { server: `ws://127.0.0.1:${dead2}` }],
    });
    cleanups.push(() => t.dispose());
    const states = record(t.state$);
    const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
    expect(error.code).toBe("ALL_SERVERS_FAILED");
    expect(error.attempts?.map((a) => a.code)).toEqual(["CONNECT_FAILED", "CONNECT_FAILED"]);
    const last = states.values.at(-1)!;
    expect(last.type === "disconnected" && last.error).toBe(error);
  });

  it("hides user info of a server URL in state$ and errors", async () => {
    const dead = await deadPort();
    const t = new NodeTransport(undefined, { server: `tcp://alice:secret@127.0.0.1:${dead}` });
    cleanups.push(() => t.dispose());
    const states = record(t.state$);
    const error = (await t.connect().catch((e: unknown) => e)) as TransportError;
    expect(JSON.stringify(states.values)).not.toContain("secret");
    expect(error.message).not.toContain("secret");
    expect(error.server).toContain(`127.0.0.1:${dead}`);
  });
});
