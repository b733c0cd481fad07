import { createServer as createNetServer, type Server, type Socket } from "node:net";
import { createServer as createTlsServer } from "node:tls";
import { TransportError } from "../../TransportError.js";

export interface StreamListenOptions {
  protocol: "TCP" | "TLS";
  /** Local address (default: every address). */
  host?: string;
  /** Local port (0: any free port). */
  port: number;
  /** TLS: the server certificate and key (PEM). */
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
}

/**
 * A listening TCP or TLS socket. Each accepted connection (after the TLS handshake, for
 * TLS) is handed to `onConnection`; a failed TLS handshake to `onError`. `close()` stops
 * accepting; the connections themselves are closed by their owner.
 */
export class StreamListener {
  /** TLS: accepted sockets whose handshake is not done yet (dropped on close). */
  private readonly handshaking = new Set<Socket>();

  private constructor(
    private readonly server: Server,
    readonly protocol: "TCP" | "TLS",
    private readonly onConnection: (socket: Socket) => void,
    private readonly onError: (error: TransportError) => void,
  ) {
    server.on(protocol === "TLS" ? "secureConnection" : "connection", this.accept);
    if (protocol === "TLS") server.on("connection", this.handshake);
    server.on("tlsClientError", this.tlsError);
    server.on("error", this.serverError);
  }

  static listen(
    options: StreamListenOptions,
    onConnection: (socket: Socket) => void,
    onError: (error: TransportError) => void,
    signal?: AbortSignal,
  ): Promise<StreamListener> {
    return new Promise<StreamListener>((resolve, reject) => {
      let server: Server;
      if (options.protocol === "TLS") {
        if (options.cert === undefined || options.key === undefined) {
          reject(new TransportError("CONNECT_FAILED", "a TLS listener needs cert and key"));
          return;
        }
        server = createTlsServer({ cert: options.cert as string, key: options.key as string });
      } else server = createNetServer();
      const cleanup = () => {
        server.off("error", onFail);
        signal?.removeEventListener("abort", onAbort);
      };
      const onFail = (error: Error) => {
        cleanup();
        server.close();
        reject(new TransportError("CONNECT_FAILED", `could not listen: ${error.message}`, { cause: error }));
      };
      const onAbort = () => {
        cleanup();
        server.close();
        reject(new TransportError("ABORTED", "listen was cancelled"));
      };
      server.on("error", onFail);
      signal?.addEventListener("abort", onAbort);
      server.listen({ port: options.port, ...(options.host !== undefined ? { host: options.host } : {}) }, () => {
        cleanup();
        resolve(new StreamListener(server, options.protocol, onConnection, onError));
      });
    });
  }

  get local(): { host: string; port: number } {
    const a = this.server.address();
    return typeof a === "object" && a !== null ? { host: a.address, port: a.port } : { host: "", port: 0 };
  }

  close(): Promise<void> {
    this.server.off("secureConnection", this.accept);
    this.server.off("connection", this.accept);
    this.server.off("connection", this.handshake);
    for (const socket of this.handshaking) socket.destroy();
    this.handshaking.clear();
    return new Promise<void>((resolve) => {
      this.server.close(() => {
        this.server.off("tlsClientError", this.tlsError);
        this.server.off("error", this.serverError);
        resolve();
      });
    });
  }

  private readonly accept = (socket: Socket): void => {
    this.handshaking.delete(socket);
    this.onConnection(socket);
  };

  private readonly handshake = (raw: Socket): void => {
    this.handshaking.add(raw);
    raw.once("close", () => this.handshaking.delete(raw));
  };

  private readonly tlsError = (error: Error, socket: Socket): void => {
    socket.destroy();
    this.onError(
      new TransportError("CONNECTION_ERROR", `a TLS handshake failed: ${error.message}`, {
        server: `TLS ${socket.remoteAddress}:${socket.remotePort}`,
        cause: error,
      }),
    );
  };

  private readonly serverError = (error: Error): void => {
    this.onError(new TransportError("CONNECTION_ERROR", `the listening socket failed: ${error.message}`, { cause: error }));
  };
}
