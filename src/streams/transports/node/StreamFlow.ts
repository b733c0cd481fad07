import type { Socket } from "node:net";
import { type SchedulerLike, Subject, type Subscription, timer } from "rxjs";
import { MessageTooLargeError, ParseError } from "../../../core/messages/errors.js";
import { StreamFramer } from "../../../core/messages/StreamFramer.js";
import { TransportError } from "../../TransportError.js";
import { badRequestFor } from "../badRequest.js";
import type { Flow, FlowEvent, Peer } from "../Flow.js";

export interface StreamFlowOptions {
  maxMessageSize: number;
  /** Milliseconds a peer has to finish a message it started; 0 = no limit. */
  messageTimeout: number;
  /** Octets allowed to wait in the send buffer of a peer that does not read (default 1 MiB). */
  maxWriteBacklog?: number;
  /** Milliseconds without a byte either way after which the connection is closed (`IDLE_TIMEOUT`); 0 or absent = never. */
  idleTimeout?: number;
  scheduler: SchedulerLike;
}

const CLOSE_WAIT_MS = 2000;
const utf8 = new TextDecoder();
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
  private idleTimer: Subscription | undefined;
  /** Scheduler time of the last byte received or sent. */
  lastActivity: number;

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
    this.lastActivity = options.scheduler.now();
    this.armIdle(options.idleTimeout ?? 0);
  }

  /** Keeps the connection open however long it is quiet (it became the flow to the server). */
  keepOpen(): void {
    this.idleTimer?.unsubscribe();
    this.idleTimer = undefined;
    this.idleOff = true;
  }

  /** Set by keepOpen(): no idle timeout any more. */
  private idleOff = false;

  /** True while a message has started but not finished (the connection is not idle). */
  get busy(): boolean {
    return this.framer.pending;
  }

  /**
   * The idle timer: one scheduled action that, when due, closes the connection if nothing
   * moved for `idleTimeout`, else is scheduled again for the rest (no rescheduling per message).
   */
  private armIdle(delay: number): void {
    const idle = this.options.idleTimeout ?? 0;
    if (!(idle > 0) || this.ended || this.idleOff) return;
    this.idleTimer = this.options.scheduler.schedule(() => {
      this.idleTimer = undefined;
      if (this.ended) return;
      const quiet = this.options.scheduler.now() - this.lastActivity;
      if (quiet >= idle && !this.framer.pending) {
        this.fail(new TransportError("IDLE_TIMEOUT", `nothing was sent or received for ${idle} ms`, { server: this.label }));
      } else this.armIdle(Math.max(1, idle - quiet));
    }, delay);
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
    this.lastActivity = this.options.scheduler.now();
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
      this.stopTimers();
      this.subject.complete();
    }
    return new Promise<void>((resolve) => {
      this.closeWaiters.push(resolve);
      this.endGracefully();
    });
  }

  private get label(): string {
    return `${this.protocol} ${this.remote.host}:${this.remote.port}`;
  }

  private readonly onData = (chunk: Buffer): void => {
    if (this.ended) return;
    this.lastActivity = this.options.scheduler.now();
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
        case "skipped": {
          // RFC 3261 §18.3: Content-Length still frames the stream, so only this message is lost: a request gets 513
          completed = true;
          const answer = badRequestFor(utf8.decode(e.head), new ParseError("TOO_LARGE", e.error.message));
          if (answer !== undefined) this.socket.write(answer);
          this.subject.next({
            type: "dropped",
            error: new TransportError("MESSAGE_TOO_LARGE", e.error.message, { server: this.label, cause: e.error }),
          });
          break;
        }
        case "error":
          if (e.head !== undefined && e.error instanceof ParseError) this.answerBeforeClosing(e.head, e.error);
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
    this.stopTimers();
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
    this.stopTimers();
    this.subject.error(error);
    if (!this.answering) {
      this.socket.destroy();
      return;
    }
    this.endGracefully(); // the 400 is flushed before the FIN
  }

  /** Sends what is queued, then FIN; a peer that never closes its side is cut off after CLOSE_WAIT_MS. */
  private endGracefully(): void {
    this.socket.end();
    const fallback = timer(CLOSE_WAIT_MS, this.options.scheduler).subscribe(() => this.socket.destroy());
    this.closeWaiters.push(() => fallback.unsubscribe());
  }

  /** Set when a 400 is queued for the peer: the connection then closes after writing it. */
  private answering = false;

  /**
   * RFC 3261 §18.3: on a stream a message without a usable Content-Length cannot be framed; a
   * request is still answered (400, from its header section) before the connection closes,
   * so the client learns why instead of only seeing the connection drop.
   */
  private answerBeforeClosing(head: Uint8Array, error: ParseError): void {
    const answer = badRequestFor(utf8.decode(head), error);
    if (answer === undefined) return;
    this.answering = true;
    this.socket.write(answer);
  }

  private stopSlowTimer(): void {
    this.slowTimer?.unsubscribe();
    this.slowTimer = undefined;
  }

  /** The connection ended: no timer of it runs any more. */
  private stopTimers(): void {
    this.stopSlowTimer();
    this.idleTimer?.unsubscribe();
    this.idleTimer = undefined;
  }
}
