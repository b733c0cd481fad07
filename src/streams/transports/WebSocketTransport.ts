import type { TransportLogger, TransportProtocol } from "../Transport.js";
import type { Flow } from "./Flow.js";
import type { ServerTarget } from "./parseServer.js";
import { readWebSocketServer } from "./webSocketServer.js";
import type { OptionsPings } from "./optionsPings.js";
import { TransportBase, type TransportOptions } from "./TransportBase.js";
import { openWebSocket, type NodeWebSocketOptions, type WebSocketConstructor } from "./WebSocketFlow.js";

/**
 * Options of {@link WebSocketTransport}: SIP.js's `transportOptions`, plus rxsip's.
 *
 * @example
 * ```ts
 * import { UserAgent, WebSocketTransport } from "rxsip";
 *
 * // in Node (ws): an Origin header and a private CA for wss:
 * new UserAgent({
 *   transportConstructor: WebSocketTransport,
 *   transportOptions: { server: "wss://sip.internal.example", headers: { Origin: "https://app.example.com" }, ca: "-----BEGIN CERTIFICATE-----..." },
 * });
 * ```
 */
export interface WebSocketTransportOptions extends TransportOptions, NodeWebSocketOptions {
  /** `wss://sip.example.com` or `ws://...` (a SIP URI with `;transport=ws` is `NodeTransport`'s). */
  server?: string;
  /** A WebSocket class to use instead of `globalThis.WebSocket` / the `ws` package. */
  WebSocket?: WebSocketConstructor;
  /** CRLF pings (the default), or OPTIONS requests with {@link optionsPings}`()`. */
  keepAliveMethod?: "crlf" | OptionsPings;
  /** SIP.js option, accepted and ignored (keep-alives are answered, not debounced). */
  keepAliveDebounce?: number;
}

/**
 * SIP over WebSocket (RFC 7118): the browser's WebSocket, or `ws` in Node, with the `sip`
 * subprotocol; one SIP message per WebSocket message; Via transport `WS` or `WSS`.
 * A drop-in `transportConstructor` for SIP.js-style code (see the example).
 *
 * In Node, `headers` (e.g. Origin), `ca`, `cert`, `key` and `rejectUnauthorized`
 * (default true) are passed to `ws`.
 *
 * @example
 * ```ts
 * import { WebSocketTransport } from "rxsip";
 *
 * const transport = new WebSocketTransport(console, { server: "wss://sip.example.com" });
 * transport.state$.subscribe((s) => console.log(s.type));
 * await transport.connect();
 * ```
 */
export class WebSocketTransport extends TransportBase {
  declare protected readonly options: WebSocketTransportOptions;

  constructor(logger?: Partial<TransportLogger>, options: WebSocketTransportOptions = {}) {
    super(logger, options);
  }

  /** "WSS" or "WS", by the server connected to (or the first one to try). */
  get protocol(): TransportProtocol {
    return (this.target ?? this.targets[0])?.protocol ?? "WSS";
  }

  /** The server URL connected to (or to be tried first). */
  get server(): string | undefined {
    return (this.target ?? this.targets[0])?.label;
  }

  protected override readServer(server: string, priority: number): ServerTarget {
    return readWebSocketServer(server, priority);
  }

  protected openFlow(target: ServerTarget, signal: AbortSignal): Promise<Flow> {
    // the flow reads only the WebSocket class and the Node options (`ws`) of these
    const options = { ...this.options, maxMessageSize: this.maxMessageSize, scheduler: this.scheduler };
    return openWebSocket(target.url!, target.protocol, { protocol: target.protocol, host: target.host, port: target.port }, options, signal);
  }
}
