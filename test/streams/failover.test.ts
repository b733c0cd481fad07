import { afterEach, describe, expect, it } from "vitest";
import { NodeTransport } from "../../src/streams/transports/node/NodeTransport.js";
import { WebSocketTransport } from "../../src/streams/transports/WebSocketTransport.js";
import type { TransportError } from "../../src/streams/TransportError.js";
import type { TransportStatus } from "../../src/streams/TransportStatus.js";
import { deadPort } from "./helpers/deadPort.js";
import { record, until } from "./helpers/observe.js";
import { TcpPeer } from "./helpers/tcpPeer.js";
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
