import type { IncomingMessage } from "node:http";
import { Subject } from "rxjs";
import type { RawData, WebSocket, WebSocketServer } from "ws";
import { parseMessage } from "../../core/messages/parseMessage.js";
import type { SipMessageAny } from "../../core/messages/index.js";
import { normalizeHost } from "../../streams/transports/Flow.js";
import { stampVia } from "../../streams/transports/stampVia.js";
import { RegistrarError } from "./RegistrarError.js";
import type { Arrival, FlowInfo, RegistrarFlow, RegistrarListener } from "./RegistrarFlow.js";

/** RFC 7118 §4.1: the WebSocket subprotocol of SIP. */
const SIP_SUBPROTOCOL = "sip";
const OPEN = 1;
const MAX_MESSAGE_SIZE = 65536;
/** RFC 7118 §4.1 leaves the close code to the server; 1002 says "protocol error". */
const PROTOCOL_ERROR = 1002;

/**
 * The registrar's WebSocket server (RFC 7118): subprotocol `sip`, one SIP message per
 * WebSocket message (text or binary), a CRLF CRLF keep-alive answered with CRLF
 * (RFC 5626 §4.4.1). Each connection is a flow; a client's Via and Contact name a
 * `.invalid` host (RFC 7118 §5.2), so its requests get `received` (and `rport` when asked)
 * and everything for it goes back over its connection.
 */
export class WebSocketListener implements RegistrarListener {
  readonly transport = "ws" as const;
  readonly viaTransport = "WS";
  readonly routeUri: string;
  private readonly arrivals = new Subject<Arrival>();
  private readonly failures = new Subject<RegistrarError>();
  private readonly closings = new Subject<FlowInfo>();
  readonly arrivals$ = this.arrivals.asObservable();
  readonly errors$ = this.failures.asObservable();
  readonly closed$ = this.closings.asObservable();
  private readonly connections = new Map<string, { flow: RegistrarFlow; socket: WebSocket }>();

  private constructor(
    private readonly server: WebSocketServer,
    readonly host: string,
    readonly port: number,
  ) {
    this.routeUri = `sip:${host}:${port};transport=ws;lr`;
    server.on("connection", (socket: WebSocket, request: IncomingMessage) => this.accept(socket, request));
    server.on("error", (cause: Error) => this.failures.next(new RegistrarError("FLOW_FAILED", "the WebSocket server failed", undefined, { cause })));
  }

  /**
   * Starts a WebSocket server on `host:port` (0: an ephemeral port, reported as `port`).
   * The `ws` package is loaded here, so that importing `rxsip/testing` never needs it.
   * @throws RegistrarError LISTEN_FAILED
   */
  static async listen(host: string, port: number): Promise<WebSocketListener> {
    try {
      const { WebSocketServer } = await import("ws");
      const server = new WebSocketServer({
        host,
        port,
        maxPayload: MAX_MESSAGE_SIZE,
        perMessageDeflate: false,
        handleProtocols: (protocols) => (protocols.has(SIP_SUBPROTOCOL) ? SIP_SUBPROTOCOL : false),
      });
      await new Promise<void>((resolve, reject) => {
        server.once("listening", () => {
          server.off("error", reject);
          resolve();
        });
        server.once("error", reject);
      });
      const address = server.address();
      const bound = typeof address === "object" && address !== null ? address.port : port;
      return new WebSocketListener(server, host, bound);
    } catch (cause) {
      throw new RegistrarError("LISTEN_FAILED", `cannot listen on WS ${host}:${port}`, undefined, { cause });
    }
  }

  /** A WebSocket client cannot be called: it must have connected (RFC 7118 §5). */
  flowTo(): RegistrarFlow | undefined {
    return undefined;
  }

  findFlow(host: string, port: number | undefined): RegistrarFlow | undefined {
    return port === undefined ? undefined : this.connections.get(`ws:${normalizeHost(host)}:${port}`)?.flow;
  }

  async close(): Promise<void> {
    for (const { socket } of this.connections.values()) socket.terminate();
    this.connections.clear();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.arrivals.complete();
    this.failures.complete();
    this.closings.complete();
  }

  private accept(socket: WebSocket, request: IncomingMessage): void {
    const host = normalizeHost(request.socket.remoteAddress ?? "");
    const port = request.socket.remotePort ?? 0;
    const id = `ws:${host}:${port}`;
    if (socket.protocol !== SIP_SUBPROTOCOL) {
      socket.close(PROTOCOL_ERROR, "the sip subprotocol is required");
      this.failures.next(new RegistrarError("MALFORMED", "a WebSocket client did not offer the sip subprotocol", id));
      return;
    }
    const flow: RegistrarFlow = {
      id,
      transport: "ws",
      remote: `${host}:${port}`,
      reliable: true,
      listener: this,
      get open() {
        return socket.readyState === OPEN;
      },
      send(text: string): Promise<void> {
        return new Promise((resolve, reject) => {
          if (socket.readyState !== OPEN) {
            reject(new RegistrarError("SEND_FAILED", "the WebSocket is closed", id));
            return;
          }
          socket.send(text, (error) => (error ? reject(error) : resolve()));
        });
      },
    };
    this.connections.set(id, { flow, socket });
    socket.on("message", (data: RawData, isBinary: boolean) => this.received(flow, data, isBinary, host, port));
    socket.on("error", (cause: Error) => this.failures.next(new RegistrarError("FLOW_FAILED", "the WebSocket failed", id, { cause })));
    socket.on("close", () => {
      if (this.connections.get(id)?.socket !== socket) return;
      this.connections.delete(id);
      this.closings.next({ id, transport: "ws", remote: flow.remote });
    });
  }

  private received(flow: RegistrarFlow, data: RawData, isBinary: boolean, host: string, port: number): void {
    const bytes = Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data as ArrayBuffer);
    const text = isBinary ? undefined : bytes.toString("utf8");
    if (text !== undefined && /^(\r\n)+$/.test(text)) {
      // RFC 5626 §4.4.1 over WebSocket: a ping (CRLF CRLF) is answered with a pong (CRLF)
      if (text === "\r\n\r\n") flow.send("\r\n").catch(() => undefined);
      return;
    }
    let message: SipMessageAny;
    try {
      message = parseMessage(text ?? new Uint8Array(bytes), { maxSize: MAX_MESSAGE_SIZE });
      if (message.isRequest) stampVia(message, { host, port });
    } catch (cause) {
      this.failures.next(new RegistrarError("MALFORMED", "an unreadable WebSocket message arrived", flow.id, { cause }));
      return;
    }
    this.arrivals.next({ message, flow });
  }
}
