import { createServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";

/**
 * A scripted TCP (or TLS) peer on 127.0.0.1, port 0. Keeps every accepted socket and
 * what it received, and can tell when all of them are closed.
 */
export class TcpPeer {
  readonly sockets: Socket[] = [];
  readonly received: Buffer[] = [];
  private closedCount = 0;
  private onSocket: ((socket: Socket) => void) | undefined;

  private constructor(private readonly server: Server) {}

  static async start(options: { tls?: { cert: string; key: string }; onSocket?: (socket: Socket) => void } = {}): Promise<TcpPeer> {
    const server = options.tls ? createTlsServer({ cert: options.tls.cert, key: options.tls.key }) : createServer();
    const peer = new TcpPeer(server);
    peer.onSocket = options.onSocket;
    server.on(options.tls ? "secureConnection" : "connection", (socket: Socket) => peer.accept(socket));
    server.on("tlsClientError", () => undefined);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    return peer;
  }

  get port(): number {
    return (this.server.address() as { port: number }).port;
  }

  get allClosed(): boolean {
    return this.sockets.length > 0 && this.closedCount === this.sockets.length;
  }

  /** Everything received so far, as text. */
  get text(): string {
    return Buffer.concat(this.received).toString("utf8");
  }

  private accept(socket: Socket): void {
    this.sockets.push(socket);
    socket.on("data", (d: Buffer) => this.received.push(d));
    socket.on("error", () => undefined);
    socket.on("close", () => this.closedCount++);
    this.onSocket?.(socket);
  }

  /** Closes every socket and the server. */
  async stop(): Promise<void> {
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}
