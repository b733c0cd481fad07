import { createSocket, type Socket } from "node:dgram";
import { type Observable, Subject } from "rxjs";
import { TransportError } from "../../TransportError.js";
import { normalizeHost, type Peer } from "../Flow.js";

export interface Datagram {
  readonly data: Uint8Array;
  readonly source: Peer;
}

export interface UdpBindOptions {
  /** Local address (default: every address of the family). */
  host?: string;
  /** Local port (default 0: any free port). */
  port?: number;
  type: "udp4" | "udp6";
}

/**
 * One UDP socket that both sends and receives (RFC 3261 §18: responses and requests
 * from the server come back to the port requests leave from). `datagrams$` emits every
 * datagram; it errors with a `TransportError` when the socket fails and completes when
 * `close()` is called.
 */
export class UdpEndpoint {
  private readonly subject = new Subject<Datagram>();
  readonly datagrams$: Observable<Datagram> = this.subject.asObservable();
  private closed = false;
  private closing: Promise<void> | undefined;

  private constructor(private readonly socket: Socket) {
    socket.on("message", this.onMessage);
    socket.on("error", this.onError);
  }

  /** Binds a socket; rejects `CONNECT_FAILED` (address in use ...) or `ABORTED`. */
  static bind(options: UdpBindOptions, signal?: AbortSignal): Promise<UdpEndpoint> {
    return new Promise<UdpEndpoint>((resolve, reject) => {
      if (signal?.aborted) {
        reject(new TransportError("ABORTED", "bind was cancelled"));
        return;
      }
      const socket = createSocket({ type: options.type });
      const cleanup = () => {
        socket.off("error", onError);
        signal?.removeEventListener("abort", onAbort);
      };
      const onError = (error: Error) => {
        cleanup();
        socket.close();
        reject(new TransportError("CONNECT_FAILED", `could not bind the UDP socket: ${error.message}`, { cause: error }));
      };
      const onAbort = () => {
        cleanup();
        socket.close();
        reject(new TransportError("ABORTED", "bind was cancelled"));
      };
      socket.on("error", onError);
      signal?.addEventListener("abort", onAbort);
      socket.bind({ port: options.port ?? 0, ...(options.host !== undefined ? { address: options.host } : {}) }, () => {
        cleanup();
        resolve(new UdpEndpoint(socket));
      });
    });
  }

  get open(): boolean {
    return !this.closed;
  }

  get local(): { host: string; port: number } {
    const a = this.socket.address();
    return { host: a.address, port: a.port };
  }

  send(data: string | Uint8Array, host: string, port: number): Promise<void> {
    if (this.closed) return Promise.reject(new TransportError("NOT_CONNECTED", "the UDP socket is closed"));
    return new Promise<void>((resolve, reject) => {
      this.socket.send(data, port, host, (error) => {
        if (error) {
          reject(new TransportError("SEND_FAILED", `the datagram was not sent: ${error.message}`, { server: `UDP ${host}:${port}`, cause: error }));
        } else resolve();
      });
    });
  }

  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (!this.closed) {
        this.closed = true;
        this.subject.complete();
      }
      this.socket.off("message", this.onMessage);
      this.socket.close(() => {
        this.socket.off("error", this.onError);
        resolve();
      });
    });
    return this.closing;
  }

  private readonly onMessage = (msg: Buffer, rinfo: { address: string; port: number }): void => {
    if (this.closed) return;
    this.subject.next({
      data: new Uint8Array(msg.buffer, msg.byteOffset, msg.byteLength),
      source: { protocol: "UDP", host: normalizeHost(rinfo.address), port: rinfo.port },
    });
  };

  private readonly onError = (error: Error): void => {
    if (this.closed) return;
    this.closed = true;
    this.subject.error(new TransportError("CONNECTION_ERROR", `the UDP socket failed: ${error.message}`, { cause: error }));
    this.socket.off("message", this.onMessage);
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  };
}
