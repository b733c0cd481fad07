import { Subject, VirtualAction, VirtualTimeScheduler } from "rxjs";
import { describe, expect, it } from "vitest";
import type { TransportProtocol } from "../../src/streams/Transport.js";
import { TransportError } from "../../src/streams/TransportError.js";
import type { Flow, FlowEvent, Peer } from "../../src/streams/transports/Flow.js";
import { parseServer, type ServerTarget } from "../../src/streams/transports/parseServer.js";
import { optionsPings } from "../../src/streams/transports/optionsPings.js";
import { TransportBase, type TransportOptions } from "../../src/streams/transports/TransportBase.js";
import { record, sipRequest, statusNames } from "./helpers/observe.js";

class FakeFlow implements Flow {
  readonly protocol: TransportProtocol = "TCP";
  readonly reliable = true;
  readonly subject = new Subject<FlowEvent>();
  readonly events$ = this.subject.asObservable();
  readonly sent: string[] = [];
  open = true;
  constructor(readonly remote: Peer) {}
  send(data: string | Uint8Array): Promise<void> {
    this.sent.push(String(data));
    return Promise.resolve();
  }
  close(): Promise<void> {
    if (this.open) {
      this.open = false;
      this.subject.complete();
    }
    return Promise.resolve();
  }
}

interface Opening {
  target: ServerTarget;
  signal: AbortSignal;
  resolve: (f: Flow) => void;
  reject: (e: unknown) => void;
}

class FakeTransport extends TransportBase {
  readonly opens: Opening[] = [];
  constructor(options: TransportOptions, logger?: { error: (m: string) => void }) {
    super(logger, options);
  }
  get protocol(): TransportProtocol {
    return "TCP";
  }
  protected readServer(server: string, priority: number): ServerTarget {
    return parseServer(server, priority);
  }
  protected openFlow(target: ServerTarget, signal: AbortSignal): Promise<Flow> {
    return new Promise<Flow>((resolve, reject) => {
      this.opens.push({ target, signal, resolve, reject });
      signal.addEventListener("abort", () => reject(new TransportError("ABORTED", "aborted")));
    });
  }
  /** Resolves the latest open with a fresh flow (once connect() got that far). */
  async accept(): Promise<FakeFlow> {
    while (this.opens.length === 0) await new Promise((r) => setImmediate(r));
    const o = this.opens.at(-1)!;
    const flow = new FakeFlow({ protocol: "TCP", host: o.target.host, port: o.target.port });
    o.resolve(flow);
    return flow;
  }
}

/** Virtual time: `advance(ms)` runs every timer due by then. */
function virtualTime() {
  const scheduler = new VirtualTimeScheduler(VirtualAction, Infinity);
  const tick = () => new Promise<void>((r) => setImmediate(r));
  let now = 0;
  return {
    scheduler,
    async advance(ms: number) {
      await tick();
      now += ms;
      scheduler.maxFrames = now;
      scheduler.flush();
      scheduler.frame = now;
      await tick();
    },
  };
}

describe("TransportBase", () => {
  describe("in virtual time", () => {
    it("gives up on a server after connectionTimeout (CONNECT_TIMEOUT) and aborts the attempt", async () => {
      const time = virtualTime();
      const t = new FakeTransport({ server: "tcp://127.0.0.1:5060", connectionTimeout: 5, scheduler: time.scheduler });
      const states = record(t.state$);
      const result = t.connect().catch((e: unknown) => e);
      await time.advance(4999);
      expect(t.opens[0]!.signal.aborted).toBe(false);
      expect(statusNames(states.values).at(-1)).toBe("connecting");
      await time.advance(1);
      expect(((await result) as TransportError).code).toBe("CONNECT_TIMEOUT");
      expect(t.opens[0]!.signal.aborted).toBe(true);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "disconnected:CONNECT_TIMEOUT"]);
    });

    it("moves on to the next server when one times out", async () => {
      const time = virtualTime();
      const t = new FakeTransport({
        servers: [{ server: "tcp://10.0.0.2", priority: 2 }, { server: "tcp://10.0.0.1", priority: 1 }],
        connectionTimeout: 2,
        scheduler: time.scheduler,
      });
      const states = record(t.state$);
      const done = t.connect();
      await time.advance(2000);
      expect(t.opens.map((o) => o.target.host)).toEqual(["10.0.0.1", "10.0.0.2"]);
      await t.accept();
      await done;
      expect(states.values.map((s) => (s.type === "connecting" || s.type === "connected" ? `${s.type} ${s.server}` : s.type))).toEqual([
        "disconnected",
        "connecting tcp://10.0.0.1",
        "connecting tcp://10.0.0.2",
        "connected tcp://10.0.0.2",
      ]);
    });

    it("pings every keepAliveInterval and declares the flow dead keepAliveTimeout after an unanswered ping", async () => {
      const time = virtualTime();
      const t = new FakeTransport({ server: "tcp://127.0.0.1", keepAliveInterval: 30, keepAliveTimeout: 10, scheduler: time.scheduler });
      const states = record(t.state$);
      const done = t.connect();
      const flow = await t.accept();
      await done;
      await time.advance(29999);
      expect(flow.sent).toEqual([]);
      await time.advance(1);
      expect(flow.sent).toEqual(["\r\n\r\n"]);
      await time.advance(500);
      flow.subject.next({ type: "pong" });
      await time.advance(29999);
      expect(flow.sent).toHaveLength(1);
      await time.advance(1);
      expect(flow.sent).toHaveLength(2);
      await time.advance(9999);
      expect(t.isConnected()).toBe(true);
      await time.advance(1);
      expect(statusNames(states.values)).toEqual(["disconnected", "connecting", "connected", "disconnected:KEEPALIVE_TIMEOUT"]);
      expect(flow.open).toBe(false);
    });
  });

  describe("OPTIONS keep-alives", () => {
    it("with optionsPings(): an OPTIONS every keepAliveInterval; its answer keeps the flow and is not on messages$", async () => {
      const time = virtualTime();
      const t = new FakeTransport({ server: "tcp://127.0.0.1", keepAliveInterval: 30, keepAliveTimeout: 10, keepAliveMethod: optionsPings(), scheduler: time.scheduler });
      const messages = record(t.messages$);
      const states = record(t.state$);
      const done = t.connect();
      const flow = await t.accept();
      await done;
      await time.advance(30000);
      expect(flow.sent).toHaveLength(1);
      const ping = flow.sent[0]!;
      expect(ping).toMatch(/^OPTIONS sip:127\.0\.0\.1:5060;transport=tcp SIP\/2\.0\r\n/);
      const copied = ping.split("\r\n").filter((l) => /^(Via|From|To|Call-ID|CSeq):/.test(l));
      const source = { protocol: "TCP" as const, host: "127.0.0.1", port: 5060 };
      flow.subject.next({ type: "message", data: `SIP/2.0 200 OK\r\n${copied.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`, source });
      await time.advance(10000);
      expect(t.isConnected()).toBe(true);
      expect(messages.values).toHaveLength(0);
      await time.advance(30000); // the next ping goes unanswered
      expect(flow.sent).toHaveLength(2);
      await time.advance(10000);
      expect(statusNames(states.values).at(-1)).toBe("disconnected:KEEPALIVE_TIMEOUT");
    });

    it('keepAliveMethod "options" on a transport without them built in: INVALID_OPTION naming optionsPings()', () => {
      expect(() => new FakeTransport({ server: "tcp://127.0.0.1", keepAliveMethod: "options" })).toThrow(
        expect.objectContaining({ code: "INVALID_OPTION", message: expect.stringContaining("optionsPings()") }),
      );
    });
  });

  it("delivers states in order to every subscriber even when one disconnects on 'connected'", async () => {
    const t = new FakeTransport({ server: "tcp://127.0.0.1" });
    const first: string[] = [];
    t.state$.subscribe((s) => {
      first.push(s.type);
      if (s.type === "connected") void t.disconnect();
    });
    const second = record(t.state$);
    const done = t.connect();
    await t.accept();
    await done;
    await new Promise((r) => setImmediate(r));
    expect(first).toEqual(["disconnected", "connecting", "connected", "disconnected"]);
    expect(statusNames(second.values)).toEqual(["disconnected", "connecting", "connected", "disconnected"]);
  });

  it("survives listeners and callbacks that throw, and logs them", async () => {
    const logged: string[] = [];
    const t = new FakeTransport({ server: "tcp://127.0.0.1" }, { error: (m) => logged.push(m) });
    t.stateChange.addListener(() => {
      throw new Error("listener bug");
    });
    t.onConnect = () => {
      throw new Error("callback bug");
    };
    const done = t.connect();
    await t.accept();
    await done;
    expect(t.isConnected()).toBe(true);
    expect(logged.some((m) => m.includes("listener bug"))).toBe(true);
    expect(logged.some((m) => m.includes("callback bug"))).toBe(true);
  });

  it("state$ behaves as every API object's: a throwing subscriber is logged, and after dispose it still says closed", async () => {
    const logged: string[] = [];
    const t = new FakeTransport({ server: "tcp://127.0.0.1" }, { error: (m) => logged.push(m) });
    t.state$.subscribe(() => {
      throw new Error("subscriber bug");
    });
    const other = record(t.state$);
    const done = t.connect();
    await t.accept();
    await done;
    await t.dispose();
    expect(logged.some((m) => m.includes("subscriber bug"))).toBe(true);
    expect(statusNames(other.values)).toEqual(["disconnected", "connecting", "connected", "disconnected", "closed"]);
    const late = record(t.state$);
    expect(statusNames(late.values)).toEqual(["closed"]);
    expect(late.completed()).toBe(true);
  });

  it("parses what the flow delivers into messages$, and what fails into errors$, never ending messages$", async () => {
    const t = new FakeTransport({ server: "tcp://127.0.0.1" });
    const messages = record(t.messages$);
    const errors = record(t.errors$);
    const done = t.connect();
    const flow = await t.accept();
    await done;
    const source = { protocol: "TCP" as const, host: "127.0.0.1", port: 5060 };
    flow.subject.next({ type: "message", data: "garbage", source });
    flow.subject.next({ type: "message", data: new TextEncoder().encode(sipRequest({ branch: "z9hG4bKok" })), source });
    expect(errors.values).toHaveLength(1);
    expect(messages.values.map((m) => m.via.branch)).toEqual(["z9hG4bKok"]);
    expect(messages.completed()).toBe(false);
  });

  it("a flow that ends by itself takes the state to disconnected with its error", async () => {
    const t = new FakeTransport({ server: "tcp://127.0.0.1" });
    const states = record(t.state$);
    let reported: Error | undefined;
    t.onDisconnect = (e) => (reported = e);
    const done = t.connect();
    const flow = await t.accept();
    await done;
    const error = new TransportError("CONNECTION_ERROR", "reset");
    flow.subject.error(error);
    expect(states.values.at(-1)).toEqual({ type: "disconnected", error });
    expect(reported).toBe(error);
    expect(t.state).toBe("Disconnected");
  });
});
