import { createServer as createHttpsServer, type Server as HttpsServer } from "node:https";
import type { IncomingMessage } from "node:http";
import { WebSocketServer, type WebSocket } from "ws";

/**
 * A `ws` server on 127.0.0.1 (port 0) that speaks the `sip` subprotocol (or refuses it),
 * over ws:// or, with a certificate, wss://. Records connections, messages and handshake headers.
 */
export class WsPeer {
  readonly clients: WebSocket[] = [];
  readonly received: string[] = [];
  readonly requests: IncomingMessage[] = [];
  private closed = 0;
  onMessage: ((text: string, ws: WebSocket) => void) | undefined;

  private constructor(
    private readonly wss: WebSocketServer,
    private readonly https?: HttpsServer,
  ) {
    wss.on("connection", (ws, req) => {
      this.clients.push(ws);
      this.requests.push(req);
      ws.on("message", (data, isBinary) => {
        const text = isBinary ? Buffer.from(data as Buffer).toString("utf8") : data.toString();
        this.received.push(text);
        this.onMessage?.(text, ws);
      });
      ws.on("error", () => undefined);
      ws.on("close", () => this.closed++);
    });
  }

  static async start(options: { subprotocol?: string | false; tls?: { cert: string; key: string }; maxPayload?: number } = {}): Promise<WsPeer> {
    const handleProtocols = (protocols: Set<string>) => {
      if (options.subprotocol === false) return false;
      const want = options.subprotocol ?? "sip";
      return protocols.has(want) ? want : false;
    };
    if (options.tls) {
      const https = createHttpsServer({ cert: options.tls.cert, key: options.tls.key });
      https.on("tlsClientError", () => undefined);
      const wss = new WebSocketServer({ server: https, handleProtocols });
      await new Promise<void>((r) => https.listen(0, "127.0.0.1", r));
      return new WsPeer(wss, https);
    }
    const wss = new WebSocketServer({ host: "127.0.0.1", port: 0, handleProtocols });
    await new Promise<void>((r) => wss.once("listening", r));
    return new WsPeer(wss);
  }

  get port(): number {
    const a = (this.https ?? this.wss).address();
    return typeof a === "object" && a ? a.port : 0;
  }

  get url(): string {
    return `${this.https ? "wss" : "ws"}://127.0.0.1:${this.port}`;
  }

  get allClosed(): boolean {
    return this.clients.length > 0 && this.closed === this.clients.length;
  }

  async stop(): Promise<void> {
    for (const c of this.clients) c.terminate();
    await new Promise<void>((r) => this.wss.close(() => r()));
    if (this.https) await new Promise<void>((r) => this.https!.close(() => r()));
  }
}
