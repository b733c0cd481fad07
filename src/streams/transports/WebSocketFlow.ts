import { type SchedulerLike, Subject, type Subscription } from "rxjs";
import { TransportError } from "../TransportError.js";
import type { TransportProtocol } from "../Transport.js";
import { CRLF_PING, CRLF_PONG } from "../keepAliveCrlf.js";
import type { Flow, FlowEvent, Peer } from "./Flow.js";

/** The part of the WHATWG WebSocket (browser, Node >= 22, or `ws`) the transport uses. */
export interface WebSocketLike {
  readonly readyState: number;
  readonly protocol: string;
  binaryType: string;
  /** Sends one text frame. */
  send(data: string, callback?: (error?: Error) => void): void;
  /** Starts the closing handshake. */
  close(code?: number, reason?: string): void;
  /** Listens to `open`, `message`, `error` or `close`. */
  addEventListener(type: string, listener: (event: never) => void): void;
  /** Stops listening. */
  removeEventListener(type: string, listener: (event: never) => void): void;
  /** `ws` only: drops the connection at once. */
  terminate?(): void;
}

/** A WebSocket class: the browser's, Node's global one (22+), `ws`, or a test double. */
export type WebSocketConstructor = new (url: string, protocols?: string | string[], options?: object) => WebSocketLike;

/** Node-only options, passed to the `ws` package. */
export interface NodeWebSocketOptions {
  /** Extra HTTP headers of the handshake, e.g. `{ Origin: "https://app.example.com" }`. */
  headers?: Record<string, string>;
  /** Trusted CA certificates (PEM) for `wss:`. */
  ca?: string | Uint8Array | Array<string | Uint8Array>;
  /** Client certificate and key (PEM) for `wss:`. */
  cert?: string | Uint8Array;
  key?: string | Uint8Array;
  /** Verify the server certificate (default true). */
  rejectUnauthorized?: boolean;
}

export interface WebSocketFlowOptions extends NodeWebSocketOptions {
  /** A WebSocket class to use instead of `globalThis.WebSocket` / `ws`. */
  WebSocket?: WebSocketConstructor;
  maxMessageSize: number;
  scheduler: SchedulerLike;
}

/** RFC 7118 §4.1: the WebSocket subprotocol of SIP. */
export const SIP_SUBPROTOCOL = "sip";
const OPEN = 1;
/** `ws` closes the connection (1009) on a message this many times maxMessageSize (1 MiB by default). */
const MAX_PAYLOAD_FACTOR = 16;
const CLOSE_WAIT_MS = 2000;
/** How long a failed or cancelled connection attempt may take to fire its close event. */
const CONNECT_ERROR_WAIT_MS = 100;
const utf8 = new TextDecoder();

interface MessageEventLike {
  data: unknown;
}
interface CloseEventLike {
  code?: number;
  reason?: string;
}
interface ErrorEventLike {
  error?: unknown;
  message?: string;
}

/**
 * Opens a WebSocket with subprotocol `sip` (RFC 7118) and wraps it as a flow: one SIP
 * message per WebSocket message, text or binary; a message that is just CRLF CRLF or CRLF
 * is a keep-alive ping or pong. Uses `options.WebSocket`, else `globalThis.WebSocket`,
 * else the `ws` package, loaded on first use so that browser bundles never include it;
 * `ws` is also preferred in Node when Node-only options (headers, TLS) are given.
 */
export async function openWebSocket(
  url: string,
  protocol: TransportProtocol,
  remote: Peer,
  options: WebSocketFlowOptions,
  signal: AbortSignal,
): Promise<Flow> {
  const { Ctor, node } = await chooseWebSocket(options);
  if (signal.aborted) throw new TransportError("ABORTED", "connect was cancelled", { server: url });
  let socket: WebSocketLike;
  try {
    socket = node
      ? new Ctor(url, SIP_SUBPROTOCOL, {
          headers: options.headers,
          ca: options.ca,
          cert: options.cert,
          key: options.key,
          rejectUnauthorized: options.rejectUnauthorized ?? true,
          // room for a message somewhat too large to be read, reported and answered 513 as in a browser
          // (where nothing limits it) rather than have `ws` close the connection; more than this does
          maxPayload: MAX_PAYLOAD_FACTOR * options.maxMessageSize,
          perMessageDeflate: false,
        })
      : new Ctor(url, SIP_SUBPROTOCOL);
  } catch (cause) {
    throw new TransportError("INVALID_SERVER", "the WebSocket could not be created", { server: url, cause });
  }
  return new Promise<Flow>((resolve, reject) => new WebSocketFlow(socket, protocol, remote, node, options, url, signal, resolve, reject));
}

let wsModule: Promise<WebSocketConstructor> | undefined;

/**
 * The `ws` package, named through a variable so that browser bundlers never see (nor try to
 * resolve or bundle) a Node-only module: in a browser the global WebSocket is always chosen
 * and this import is never reached. `npm run bench:size` checks browser builds for such ids.
 */
const NODE_WS_MODULE = "ws";

async function chooseWebSocket(options: WebSocketFlowOptions): Promise<{ Ctor: WebSocketConstructor; node: boolean }> {
  if (options.WebSocket) return { Ctor: options.WebSocket, node: false };
  const isNode = typeof process !== "undefined" && typeof process.versions?.node === "string";
  const wantsNodeOptions = [options.headers, options.ca, options.cert, options.key, options.rejectUnauthorized].some((o) => o !== undefined);
  const global = (globalThis as { WebSocket?: WebSocketConstructor }).WebSocket;
  if (global && !(isNode && wantsNodeOptions)) return { Ctor: global, node: false };
  wsModule ??= import(/* webpackIgnore: true */ /* @vite-ignore */ NODE_WS_MODULE).then(
    (m: { WebSocket?: unknown; default?: unknown }) => (m.WebSocket ?? m.default) as WebSocketConstructor,
  );
  return { Ctor: await wsModule, node: true };
}

function connectError(lastError: unknown, event: CloseEventLike, url: string): TransportError {
  if (lastError instanceof TransportError) return lastError;
  const code = (lastError as { code?: string } | undefined)?.code ?? "";
  if (/CERT|SELF_SIGNED|UNABLE_TO_VERIFY|UNABLE_TO_GET_ISSUER|ALTNAME/.test(code)) {
    return new TransportError("TLS_CERTIFICATE", "the server's TLS certificate was rejected", { server: url, cause: lastError });
  }
  const detail = lastError instanceof Error ? lastError.message : event.code !== undefined ? `close code ${event.code}` : "";
  return new TransportError("CONNECT_FAILED", `the WebSocket did not open${detail ? ": " + detail : ""}`, {
    server: url,
    cause: lastError,
  });
}

function closeQuietly(socket: WebSocketLike, code?: number): void {
  try {
    socket.close(code);
  } catch {
    // already closing
  }
}

type Listener = (event: never) => void;

/**
 * A WebSocket connection as a flow (see {@link openWebSocket}). The same socket listeners
 * serve the opening (settling the connect promise) and the open flow.
 */
class WebSocketFlow implements Flow {
  readonly reliable = true;
  private readonly subject = new Subject<FlowEvent>();
  readonly events$ = this.subject.asObservable();
  /** `events$` ended (or never will start: the connection failed). */
  private ended = false;
  /** The socket closed and the listeners are gone. */
  private closed = false;
  /** The first error the socket reported: what a close is put down to. */
  private lastError: unknown;
  /** While connecting: settles the connect promise (and stops its timer and abort listener). */
  private settle: ((error?: TransportError) => void) | undefined;
  private closing: Promise<void> | undefined;
  private finished: (() => void) | undefined;
  private readonly socket: WebSocketLike;
  /** `ws`: sends report their outcome through a callback. */
  private readonly node: boolean;
  private readonly options: WebSocketFlowOptions;
  private readonly listeners: Array<[string, Listener]>;

  constructor(
    socket: WebSocketLike,
    readonly protocol: TransportProtocol,
    readonly remote: Peer,
    node: boolean,
    options: WebSocketFlowOptions,
    url: string,
    signal: AbortSignal,
    resolve: (flow: Flow) => void,
    reject: (error: TransportError) => void,
  ) {
    this.socket = socket;
    this.node = node;
    this.options = options;
    socket.binaryType = "arraybuffer";
    let closeWait: Subscription | undefined;
    // A failed or cancelled attempt ends with a close event: in the same task as the error
    // (WHATWG, `ws`). undici 6 (Node 22's global WebSocket) fires none and stays CONNECTING:
    // without this, connect() would wait for connectionTimeout (or for ever once aborted).
    const closeSoon = () => {
      closeWait ??= options.scheduler.schedule(() => {
        this.settle?.(connectError(this.lastError, {}, url));
        closeQuietly(socket);
      }, CONNECT_ERROR_WAIT_MS);
    };
    const onAbort = () => {
      this.lastError = new TransportError("ABORTED", "connect was cancelled", { server: url });
      if (socket.terminate) socket.terminate();
      else closeQuietly(socket);
      closeSoon();
    };
    this.settle = (error) => {
      this.settle = undefined;
      closeWait?.unsubscribe();
      signal.removeEventListener("abort", onAbort);
      if (error) {
        this.ended = true;
        reject(error);
      } else resolve(this);
    };
    const onOpen = () => {
      if (socket.protocol === SIP_SUBPROTOCOL) this.settle?.();
      else {
        // RFC 7118 §4.1: the server must accept the "sip" subprotocol; the close event rejects
        this.lastError = new TransportError("CONNECT_FAILED", `the server did not accept the WebSocket subprotocol "sip"`, {
          server: url,
        });
        closeQuietly(socket, 1000);
      }
    };
    const onError = (event: ErrorEventLike) => {
      this.lastError ??= event.error ?? event.message;
      if (this.settle) closeSoon();
    };
    const onClose = (event: CloseEventLike) => {
      this.settle?.(connectError(this.lastError, event, url));
      this.onClose(event);
    };
    // every listener stays until the socket closed, so that `ws` never emits an unhandled 'error'
    this.listeners = [
      ["open", onOpen],
      ["message", this.onMessage],
      ["close", onClose],
      ["error", onError],
    ] as Array<[string, Listener]>;
    for (const [type, listener] of this.listeners) socket.addEventListener(type, listener);
    signal.addEventListener("abort", onAbort);
  }

  get open(): boolean {
    return !this.ended && this.socket.readyState === OPEN;
  }

  send(data: string | Uint8Array): Promise<void> {
    if (!this.open) return Promise.reject(new TransportError("NOT_CONNECTED", "the WebSocket is not open"));
    const text = typeof data === "string" ? data : utf8.decode(data);
    return new Promise<void>((resolve, reject) => {
      const failed = (cause: unknown) => reject(new TransportError("SEND_FAILED", "the WebSocket message was not sent", { cause }));
      try {
        if (this.node) this.socket.send(text, (error) => (error ? failed(error) : resolve()));
        else {
          this.socket.send(text);
          resolve();
        }
      } catch (cause) {
        failed(cause);
      }
    });
  }

  close(): Promise<void> {
    if (!this.ended) {
      this.ended = true;
      this.subject.complete();
    }
    return (this.closing ??= this.closed
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          // a peer that never answers the close frame: drop the connection
          const fallback = this.options.scheduler.schedule(() => {
            if (this.socket.terminate) this.socket.terminate();
            else this.finish();
          }, CLOSE_WAIT_MS);
          this.finished = () => {
            fallback.unsubscribe();
            resolve();
          };
          closeQuietly(this.socket, 1000);
        }));
  }

  private readonly onMessage = (event: MessageEventLike): void => {
    if (this.ended) return;
    const data = event.data;
    let payload: string | Uint8Array;
    if (typeof data === "string") payload = data;
    else if (data instanceof ArrayBuffer) payload = new Uint8Array(data);
    else if (ArrayBuffer.isView(data)) payload = new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
    else return;
    // a keep-alive is CRLF CRLF (ping) or CRLF (pong), as text or as bytes
    const short = typeof payload === "string" ? payload : payload.length < 5 ? utf8.decode(payload) : "";
    this.subject.next(
      short === CRLF_PING ? { type: "ping" } : short === CRLF_PONG ? { type: "pong" } : { type: "message", data: payload, source: this.remote },
    );
  };

  private onClose(event: CloseEventLike): void {
    if (!this.ended) {
      this.ended = true;
      const lastError = this.lastError;
      const tooLarge = event.code === 1009 || (lastError as { code?: string } | undefined)?.code === "WS_ERR_UNSUPPORTED_MESSAGE_LENGTH";
      this.subject.error(
        tooLarge
          ? new TransportError("MESSAGE_TOO_LARGE", `the peer sent a message larger than ${this.options.maxMessageSize} octets`, {
              server: this.remote.host,
              cause: lastError,
            })
          : new TransportError(
              lastError ? "CONNECTION_ERROR" : "CONNECTION_CLOSED",
              `the WebSocket was closed (code ${event.code ?? "?"}${event.reason ? ", " + event.reason : ""})`,
              { server: `${this.remote.host}:${this.remote.port}`, cause: lastError },
            ),
      );
    }
    this.finish();
  }

  private finish(): void {
    if (this.closed) return;
    this.closed = true;
    for (const [type, listener] of this.listeners) this.socket.removeEventListener(type, listener);
    this.finished?.();
  }
}
