import type { Socket } from "node:net";
import { type SchedulerLike, Subject, type Subscription, timer } from "rxjs";
import { MessageTooLargeError } from "../../../core/messages/errors.js";
import { StreamFramer } from "../../../core/messages/StreamFramer.js";
import { TransportError } from "../../TransportError.js";
import type { Flow, FlowEvent, Peer } from "../Flow.js";

export interface StreamFlowOptions {
  maxMessageSize: number;
  /** Milliseconds a peer has to finish a message it started; 0 = no limit. */
  messageTimeout: number;
  /** Octets allowed to wait in the send buffer of a peer that does not read (default 1 MiB). */
  maxWriteBacklog?: number;
  scheduler: SchedulerLike;
}

const CLOSE_WAIT_MS = 2000;
const DEFAULT_WRITE_BACKLOG = 1024 * 1024;

/**
 * A TCP or TLS connection as a flow: bytes go through a {@link StreamFramer}, so messages
 * may arrive in any split. The connection is dropped, and `events$` errors with a typed
 * `TransportError`, when the peer sends what cannot be framed (`FRAMING`), a message
 * over the size limit (`MESSAGE_TOO_LARGE`), takes longer than `messageTimeout` to finish
 * a message or stops reading what is sent to it (`SLOW_PEER`), closes (`CONNECTION_CLOSED`)
 * or fails (`CONNECTION_ERROR`).
 */
export class StreamFlow implements Flow {
  readonly reliable = true;
  private readonly subject = new Subject<FlowEvent>();
  readonly events$ = this.subject.asObservable();
  private readonly framer: StreamFramer;
  private ended = false;
  private closed = false;
  private lastError: Error | undefined;
  private slowTimer: Subscription | undefined;
  private closeWaiters: Array<() => void> = [];

  constructor(
    private readonly socket: Socket,
    readonly protocol: "TCP" | "TLS",
    readonly remote: Peer,
    private readonly options: StreamFlowOptions,
  ) {
    this.framer = new StreamFramer({ maxSize: options.maxMessageSize });
    socket.setNoDelay(true);
    socket.on("data", this.onData);
    socket.on("error", this.onError);
    socket.on("close", this.onClose);
  }

  get open(): boolean {
    return !this.ended;
  }

  /** Local address of the connection. */
  get local(): { host: string; port: number } {
    return { host: this.socket.localAddress ?? "", port: this.socket.localPort ?? 0 };
  }

  send(data: string | Uint8Array): Promise<void> {
    if (this.ended) return Promise.reject(new TransportError("NOT_CONNECTED", "the connection is closed", { server: this.label }));
    if (this.socket.writableLength > (this.options.maxWriteBacklog ?? DEFAULT_WRITE_BACKLOG)) {
      const error = new TransportError("SLOW_PEER", "the peer does not read what is sent to it", { server: this.label });
      this.fail(error);
      return Promise.reject(error);
    }
    return new Promise<void>((resolve, reject) => {
      this.socket.write(data, (error) => {
        if (error) reject(new TransportError("SEND_FAILED", "the message was not sent", { server: this.label, cause: error }));
        else resolve();
      });
    });
  }

  close(): Promise<void> {
    if (this.closed) return Promise.resolve();
    if (!this.ended) {
      this.ended = true;
      this.stopSlowTimer();
      this.subject.complete();
    }
    return new Promise<void>((resolve) => {
      this.closeWaiters.push(resolve);
      this.socket.end();
      const fallback = timer(CLOSE_WAIT_MS, this.options.scheduler).subscribe(() => this.socket.destroy());
      this.closeWaiters.push(() => fallback.unsubscribe());
    });
  }

  private get label(): string {
    return `${this.protocol} ${this.remote.host}:${this.remote.port}`;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.ended) return;
    const events = this.framer.push(chunk);
    let completed = false;
    for (const e of events) {
      if (this.ended) return;
      switch (e.type) {
        case "message":
          completed = true;
          this.subject.next({ type: "message", data: e.bytes, source: this.remote });
          break;
        case "ping":
        case "pong":
          this.subject.next(e);
          break;
        case "error":
          this.fail(
            e.error instanceof MessageTooLargeError
              ? new TransportError("MESSAGE_TOO_LARGE", e.error.message, { server: this.label, cause: e.error })
              : new TransportError("FRAMING", `the byte stream cannot be framed: ${e.error.message}`, {
                  server: this.label,
                  cause: e.error,
                }),
          );
          return;
      }
    }
    if (this.ended) return;
    // the peer has messageTimeout to finish each message it starts
    if (completed || !this.framer.pending) this.stopSlowTimer();
    if (this.framer.pending && !this.slowTimer && this.options.messageTimeout > 0) {
      this.slowTimer = timer(this.options.messageTimeout, this.options.scheduler).subscribe(() =>
        this.fail(
          new TransportError("SLOW_PEER", `the peer did not finish a message within ${this.options.messageTimeout} ms`, {
            server: this.label,
          }),
        ),
      );
    }
  };

  private readonly onError = (error: Error): void => {
    this.lastError = error;
  };

  private readonly onClose = (): void => {
    this.stopSlowTimer();
    if (!this.ended) {
      this.ended = true;
      const partial = this.framer.pending ? ` in the middle of a message (${this.framer.buffered} octets)` : "";
      this.subject.error(
        this.lastError
          ? new TransportError("CONNECTION_ERROR", `the connection failed${partial}: ${this.lastError.message}`, {
              server: this.label,
              cause: this.lastError,
            })
          : new TransportError("CONNECTION_CLOSED", `the peer closed the connection${partial}`, { server: this.label }),
      );
    }
    this.closed = true;
    this.socket.off("data", this.onData);
    this.socket.off("error", this.onError);
    this.socket.off("close", this.onClose);
    for (const w of this.closeWaiters.splice(0)) w();
  };

  /** Drops the connection and ends `events$` with `error`. */
  private fail(error: TransportError): void {
    if (this.ended) return;
    this.ended = true;
    this.stopSlowTimer();
    this.subject.error(error);
    this.socket.destroy();
  }

  private stopSlowTimer(): void {
    this.slowTimer?.unsubscribe();
    this.slowTimer = undefined;
  }
}
