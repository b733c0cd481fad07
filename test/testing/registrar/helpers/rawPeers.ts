/**
 * Raw SIP clients of the registrar over real sockets on 127.0.0.1 (UDP, TCP, WebSocket):
 * they send text and queue every message that arrives, so a test can wait for the next
 * one that matches, within a bounded time.
 */
import { createSocket, type Socket as UdpSocket } from "node:dgram";
import { connect, type Socket } from "node:net";
import WebSocket from "ws";
import { parseMessage, type SipMessageAny, type SipRequest, type SipResponse } from "../../../../src/core/messages/index.js";
import { StreamFramer } from "../../../../src/core/messages/StreamFramer.js";

const WAIT_MS = 3000;

/** A queue of arrived messages that tests take from in order, waiting (bounded) when empty. */
export abstract class RawPeer {
  readonly received: SipMessageAny[] = [];
  private readonly queue: SipMessageAny[] = [];
  private waiters: Array<{ match: (m: SipMessageAny) => boolean; resolve: (m: SipMessageAny) => void }> = [];

  /** Where the peer's Via and Contact point: `host:port` (UDP, TCP) or a `.invalid` host (WS). */
  abstract readonly sentBy: string;
  abstract readonly transport: "UDP" | "TCP" | "WS";
  abstract send(text: string): void;
  abstract close(): Promise<void>;

  protected arrived(text: string): void {
    const message = parseMessage(text);
    this.received.push(message);
    const i = this.waiters.findIndex((w) => w.match(message));
    if (i !== -1) {
      const [w] = this.waiters.splice(i, 1);
      w!.resolve(message);
    } else this.queue.push(message);
  }

  /** The next message that matches (already queued, or arriving within `ms`). */
  next(match: (m: SipMessageAny) => boolean = () => true, what = "a message", ms = WAIT_MS): Promise<SipMessageAny> {
    const i = this.queue.findIndex(match);
    if (i !== -1) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (m: SipMessageAny) => {
          clearTimeout(timer);
          resolve(m);
        },
      };
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`${this.transport} peer ${this.sentBy}: no ${what} within ${ms} ms`));
      }, ms);
      this.waiters.push(waiter);
    });
  }

  /** The next response with this status (and CSeq method, when given). */
  async response(status: number, method?: string): Promise<SipResponse> {
    const m = await this.next(
      (m) => m.isResponse && m.statusCode === status && (method === undefined || m.cseq.method === method),
      `${status} response${method ? ` to ${method}` : ""}`,
    );
    return m as SipResponse;
  }

  /** The next request of this method. */
  async request(method: string): Promise<SipRequest> {
    return (await this.next((m) => m.isRequest && m.method === method, `${method} request`)) as SipRequest;
  }

  /** Nothing more arrives (matching) within `ms`. */
  async silence(ms = 300, match: (m: SipMessageAny) => boolean = () => true): Promise<void> {
    await new Promise((r) => setTimeout(r, ms));
    const extra = this.queue.filter(match);
    if (extra.length > 0) throw new Error(`unexpected: ${extra.map((m) => (m.isRequest ? m.method : m.statusCode)).join(", ")}`);
  }
}

export class UdpPeer extends RawPeer {
  readonly transport = "UDP" as const;
  private constructor(
    private readonly socket: UdpSocket,
    private readonly server: number,
    readonly sentBy: string,
  ) {
    super();
    socket.on("message", (data) => {
      const text = data.toString("utf8");
      if (text.trim() !== "") this.arrived(text);
    });
  }

  static async open(serverPort: number): Promise<UdpPeer> {
    const socket = createSocket("udp4");
    await new Promise<void>((r) => socket.bind(0, "127.0.0.1", () => r()));
    return new UdpPeer(socket, serverPort, `127.0.0.1:${socket.address().port}`);
  }

  send(text: string): void {
    this.socket.send(text, this.server, "127.0.0.1");
  }

  close(): Promise<void> {
    return new Promise((r) => this.socket.close(() => r()));
  }
}

export class TcpPeer extends RawPeer {
  readonly transport = "TCP" as const;
  private readonly framer = new StreamFramer();
  private constructor(
    private readonly socket: Socket,
    readonly sentBy: string,
  ) {
    super();
    socket.on("data", (chunk: Buffer) => {
      for (const e of this.framer.push(new Uint8Array(chunk))) {
        if (e.type === "message") this.arrived(Buffer.from(e.bytes).toString("utf8"));
      }
    });
    socket.on("error", () => undefined);
  }

  static async open(serverPort: number): Promise<TcpPeer> {
    const socket = connect({ host: "127.0.0.1", port: serverPort });
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", () => resolve());
      socket.once("error", reject);
    });
    return new TcpPeer(socket, `127.0.0.1:${socket.localPort}`);
  }

  send(text: string): void {
    this.socket.write(text);
  }

  close(): Promise<void> {
    return new Promise((r) => {
      this.socket.once("close", () => r());
      this.socket.destroy();
    });
  }
}

export class WsPeer extends RawPeer {
  readonly transport = "WS" as const;
  /** CRLF pongs received. */
  pongs = 0;
  /** Resolves when the connection closed, whichever side closed it. */
  readonly closed: Promise<void>;
  private constructor(
    private readonly socket: WebSocket,
    readonly sentBy: string,
  ) {
    super();
    this.closed = new Promise((r) => socket.once("close", () => r()));
    socket.on("message", (data, isBinary) => {
      const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
      if (text.trim() !== "") this.arrived(text);
      else this.pongs += 1;
    });
    socket.on("error", () => undefined);
  }

  static async open(url: string, host = `${Math.random().toString(36).slice(2, 10)}.invalid`): Promise<WsPeer> {
    const socket = new WebSocket(url, "sip");
    await new Promise<void>((resolve, reject) => {
      socket.once("open", () => resolve());
      socket.once("error", reject);
    });
    return new WsPeer(socket, host);
  }

  get protocol(): string {
    return this.socket.protocol;
  }

  send(text: string): void {
    this.socket.send(text);
  }

  close(): Promise<void> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve();
    return new Promise((r) => {
      this.socket.once("close", () => r());
      this.socket.terminate();
    });
  }
}
