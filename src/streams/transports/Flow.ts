import type { Observable } from "rxjs";
import type { TransportProtocol } from "../Transport.js";
import type { TransportError } from "../TransportError.js";

/** A transport address: protocol, host (IP or name, IPv6 without brackets) and port. */
export interface Peer {
  readonly protocol: TransportProtocol;
  readonly host: string;
  readonly port: number;
}

/**
 * What a flow delivers: one SIP message (bytes or text), a CRLF keep-alive, or a message
 * it dropped without ending (too large: `error` says why).
 */
export type FlowEvent =
  | { readonly type: "message"; readonly data: string | Uint8Array; readonly source: Peer }
  | { readonly type: "dropped"; readonly error: TransportError }
  | { readonly type: "ping" }
  | { readonly type: "pong" };

/**
 * One path to a peer (RFC 5626 §3: a "flow"): a TCP, TLS or WebSocket connection, or a
 * UDP socket and a remote address. Internal to the transports.
 *
 * `events$` is hot. It errors with a `TransportError` when the flow dies (peer closed,
 * socket error, garbage, message too large, slow peer) and completes when `close()` is
 * called. A flow never emits after it ended.
 */
export interface Flow {
  readonly protocol: TransportProtocol;
  readonly reliable: boolean;
  readonly remote: Peer;
  readonly events$: Observable<FlowEvent>;
  /** False once the flow ended, whichever side ended it. */
  readonly open: boolean;
  /** Resolves once the data was handed to the socket; rejects with a `TransportError`. */
  send(data: string | Uint8Array): Promise<void>;
  /** Ends the flow from this side; resolves when the socket is closed. */
  close(): Promise<void>;
}

/** Key of a peer for connection reuse: `TCP:127.0.0.1:5060`. */
export function peerKey(peer: Peer): string {
  return `${peer.protocol}:${normalizeHost(peer.host)}:${peer.port}`;
}

/** Lower-case, no IPv6 brackets, IPv4-mapped IPv6 (`::ffff:1.2.3.4`) as plain IPv4. */
export function normalizeHost(host: string): string {
  let h = host.toLowerCase();
  if (h.startsWith("[") && h.endsWith("]")) h = h.slice(1, -1);
  if (h.startsWith("::ffff:") && h.indexOf(".") !== -1) h = h.slice(7);
  return h;
}

/** Default port of a protocol (RFC 3261 §19.1.2; RFC 7118 uses the URL's port). */
export function defaultPort(protocol: TransportProtocol): number {
  switch (protocol) {
    case "TLS":
      return 5061;
    case "WSS":
      return 443;
    case "WS":
      return 80;
    default:
      return 5060;
  }
}
