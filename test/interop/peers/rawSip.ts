/**
 * Raw SIP sockets for interop tests that run before rxsip has transports: a UDP socket and a
 * TCP connection on 127.0.0.1 that send text and hand back whole messages as bytes (UDP: one
 * datagram; TCP: framed by the empty line and Content-Length, RFC 3261 §18.3). Parsing is
 * left to the test (rxsip's parseMessage).
 */
import dgram from "node:dgram";
import net from "node:net";
import { LOOPBACK } from "./util.js";

/** A random RFC 3261 branch (magic cookie + token). */
export const newBranch = () => `z9hG4bK-${Math.random().toString(36).slice(2)}${Date.now().toString(36)}`;
export const newTag = () => Math.random().toString(36).slice(2, 10);
export const newCallId = () => `${Math.random().toString(36).slice(2)}@rxsip-interop`;

abstract class Inbox {
  private queue: Buffer[] = [];
  private waiters: Array<{ match: (b: Buffer) => boolean; resolve: (b: Buffer) => void }> = [];
  protected closedWith: Error | undefined;
  /** Every message received, in order. */
  readonly received: Buffer[] = [];

  protected push(msg: Buffer): void {
    this.received.push(msg);
    const i = this.waiters.findIndex((w) => w.match(msg));
    if (i !== -1) {
      const [w] = this.waiters.splice(i, 1);
      w!.resolve(msg);
    } else {
      this.queue.push(msg);
    }
  }

  /**
   * The next message for which `match` is true (queued ones first), e.g. a final response:
   * `next((b) => !b.toString().startsWith("SIP/2.0 1"))`. Rejects after timeoutMs.
   */
  next(match: (b: Buffer) => boolean = () => true, timeoutMs = 3000): Promise<Buffer> {
    const i = this.queue.findIndex(match);
    if (i !== -1) return Promise.resolve(this.queue.splice(i, 1)[0]!);
    if (this.closedWith) return Promise.reject(this.closedWith);
    return new Promise((resolve, reject) => {
      const waiter = {
        match,
        resolve: (b: Buffer) => {
          clearTimeout(timer);
          resolve(b);
        },
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(
          new Error(
            `no matching SIP message within ${timeoutMs} ms; received: ` +
              (this.received.map((b) => JSON.stringify(b.toString("utf8").split("\r\n")[0])).join(", ") || "nothing"),
          ),
        );
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  /** The next final (non-1xx) response whose start line and Call-ID match. */
  nextFinal(callId: string, timeoutMs = 3000): Promise<Buffer> {
    return this.next((b) => {
      const s = b.toString("utf8");
      return /^SIP\/2\.0 [2-6]\d\d/.test(s) && new RegExp(`^(?:Call-ID|i)[ \\t]*:[ \\t]*${escapeRe(callId)}[ \\t]*$`, "im").test(s);
    }, timeoutMs);
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** A UDP socket bound to 127.0.0.1:0 that sends to one peer port. */
export class UdpSipClient extends Inbox {
  private constructor(
    private readonly socket: dgram.Socket,
    readonly localPort: number,
    readonly remotePort: number,
  ) {
    super();
    socket.on("message", (msg) => this.push(msg));
  }

  static open(remotePort: number): Promise<UdpSipClient> {
    return new Promise((resolve, reject) => {
      const socket = dgram.createSocket("udp4");
      socket.once("error", reject);
      socket.bind({ port: 0, address: LOOPBACK }, () => {
        socket.off("error", reject);
        resolve(new UdpSipClient(socket, socket.address().port, remotePort));
      });
    });
  }

  send(message: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.send(typeof message === "string" ? Buffer.from(message, "utf8") : message, this.remotePort, LOOPBACK, (err) =>
        err ? reject(err) : resolve(),
      ),
    );
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      try {
        this.socket.close(() => resolve());
      } catch {
        resolve();
      }
    });
  }
}

/** A TCP connection to 127.0.0.1:remotePort with SIP stream framing. */
export class TcpSipClient extends Inbox {
  private buf = Buffer.alloc(0);

  private constructor(
    private readonly socket: net.Socket,
    readonly localPort: number,
    readonly remotePort: number,
  ) {
    super();
    socket.on("data", (chunk: Buffer) => {
      this.buf = Buffer.concat([this.buf, chunk]);
      this.drain();
    });
    socket.on("error", (e) => (this.closedWith = e));
    socket.on("close", () => (this.closedWith ??= new Error("TCP connection closed")));
  }

  static open(remotePort: number): Promise<TcpSipClient> {
    return new Promise((resolve, reject) => {
      const socket = net.connect({ port: remotePort, host: LOOPBACK });
      socket.once("error", reject);
      socket.once("connect", () => {
        socket.off("error", reject);
        resolve(new TcpSipClient(socket, socket.localPort!, remotePort));
      });
    });
  }

  /** Cuts whole messages out of the stream: headers up to CRLFCRLF, then Content-Length octets. */
  private drain(): void {
    for (;;) {
      // keep-alive CRLFs between messages (RFC 5626 §3.5.1)
      let start = 0;
      while (this.buf[start] === 13 && this.buf[start + 1] === 10) start += 2;
      if (start > 0) this.buf = this.buf.subarray(start);
      const end = this.buf.indexOf("\r\n\r\n");
      if (end === -1) return;
      const head = this.buf.subarray(0, end).toString("latin1");
      const m = /^(?:Content-Length|l)[ \t]*:[ \t]*(\d+)/im.exec(head);
      const length = m ? Number(m[1]) : 0;
      const total = end + 4 + length;
      if (this.buf.length < total) return;
      this.push(Buffer.from(this.buf.subarray(0, total)));
      this.buf = this.buf.subarray(total);
    }
  }

  send(message: string | Uint8Array): Promise<void> {
    return new Promise((resolve, reject) => this.socket.write(message, (err) => (err ? reject(err) : resolve())));
  }

  close(): Promise<void> {
    return new Promise((resolve) => {
      if (this.socket.destroyed) return resolve();
      this.socket.once("close", () => resolve());
      this.socket.end();
      setTimeout(() => this.socket.destroy(), 500).unref();
    });
  }
}
