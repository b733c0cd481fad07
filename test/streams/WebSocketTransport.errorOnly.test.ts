import { VirtualAction, VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import { WebSocketTransport } from "../../src/streams/index.js";
import type { WebSocketLike } from "../../src/streams/index.js";

/**
 * A WebSocket that, like Node's built-in one, reports a failed or aborted connection with an
 * "error" event and never a "close".
 */
class ErrorOnlyWebSocket implements WebSocketLike {
  static made: ErrorOnlyWebSocket[] = [];
  readyState = 0;
  protocol = "";
  binaryType = "blob";
  private listeners = new Map<string, Array<(e: never) => void>>();
  constructor(readonly url: string) {
    ErrorOnlyWebSocket.made.push(this);
  }
  send(): void {}
  close(): void {
    this.readyState = 3;
    this.fire("error");
  }
  addEventListener(type: string, l: (e: never) => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), l]);
  }
  removeEventListener(type: string, l: (e: never) => void): void {
    this.listeners.set(type, (this.listeners.get(type) ?? []).filter((x) => x !== l));
  }
  fire(type: string): void {
    for (const l of this.listeners.get(type) ?? []) l({ type, message: "refused" } as never);
  }
}

describe("a WebSocket that reports only 'error' (Node's built-in WebSocket)", () => {
  it("a refused connection fails at once with CONNECT_FAILED, not after the 5 s connection timeout", async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const t = new WebSocketTransport(undefined, { server: "ws://127.0.0.1:9", WebSocket: ErrorOnlyWebSocket, scheduler });
    const connecting = t.connect();
    const outcome = connecting.then(
      () => "connected",
      (e: { code: string }) => e.code,
    );
    for (let i = 0; i < 50 && ErrorOnlyWebSocket.made.length === 0; i++) await Promise.resolve();
    ErrorOnlyWebSocket.made.at(-1)!.fire("error");
    scheduler.maxFrames = 1000; // 1 s of virtual time, well under the 5 s timeout
    scheduler.flush();
    expect(await outcome).toBe("CONNECT_FAILED");
    expect(scheduler.now()).toBeLessThan(1000);
    await t.dispose();
  });

  it("disconnect() during a connect that never completes ends the connect attempt instead of hanging", async () => {
    const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
    const t = new WebSocketTransport(undefined, { server: "ws://127.0.0.1:9", WebSocket: ErrorOnlyWebSocket, scheduler });
    const outcome = t.connect().then(
      () => "connected",
      (e: { code: string }) => e.code,
    );
    const disconnected = t.disconnect();
    scheduler.maxFrames = 1000;
    scheduler.flush();
    await disconnected;
    expect(await outcome).toBe("ABORTED");
    expect(t.isConnected()).toBe(false);
    await t.dispose();
  });
});
