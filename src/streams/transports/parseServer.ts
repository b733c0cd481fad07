import type { TransportProtocol } from "../Transport.js";
import { redactServer, TransportError } from "../TransportError.js";
import { defaultPort } from "./Flow.js";
import type { UriData } from "../../core/grammar/ast.js";
import { parseHeaderValue } from "../../core/grammar/index.js";
import type { ParseError } from "../../core/messages/errors.js";

/** A server the transport can connect to, read from a URL or a SIP URI. */
export interface ServerTarget {
  /** As given. */
  readonly server: string;
  /** As given, without user info: fit for logs, errors and `state$`. */
  readonly label: string;
  readonly protocol: TransportProtocol;
  /** Host name or IP (IPv6 without brackets). */
  readonly host: string;
  readonly port: number;
  /** For WS / WSS: the URL to open. */
  readonly url?: string;
  /** Lower is tried first (like DNS SRV, RFC 2782). */
  readonly priority: number;
  /** For a `sip:` / `sips:` server (not WS): what RFC 3263 server location needs to know. */
  readonly sip?: SipServerUri;
  /** TLS: the name the certificate must carry, when `host` is an address found by DNS. */
  readonly servername?: string;
}

/** The parts of a `sip:` / `sips:` server URI that RFC 3263 §4 reads. */
export interface SipServerUri {
  readonly scheme: "sip" | "sips";
  /** The port, when the URI has one (then no SRV lookup). */
  readonly port?: number;
  /** The transport, when the URI has a `transport` parameter (`sips:` makes TCP TLS). */
  readonly protocol?: "UDP" | "TCP" | "TLS";
}

/** One entry of the `servers` option. */
export interface ServerEntry {
  server: string;
  /** Lower is tried first; equal priorities keep their order (default 0). */
  priority?: number;
}

const URL_SCHEMES: Record<string, TransportProtocol> = { "udp:": "UDP", "tcp:": "TCP", "tls:": "TLS", "ws:": "WS", "wss:": "WSS" };
const TRANSPORT_PARAM: Record<string, TransportProtocol> = { udp: "UDP", tcp: "TCP", tls: "TLS", ws: "WS", wss: "WSS" };

/**
 * Reads a server given as `udp://host:port`, `tcp://`, `tls://`, `ws://host:port/path`,
 * `wss://...`, or a SIP URI: `sip:host:port;transport=tcp` (no transport: UDP), `sips:`
 * (TLS; `sips:...;transport=ws` is WSS). Ports default per RFC 3261 §19.1.2 (5060, 5061)
 * and, for WebSocket URLs, 80 / 443.
 *
 * @throws TransportError `INVALID_SERVER`
 *
 * @example
 * ```ts
 * import { parseServer } from "rxsip";
 *
 * parseServer("sip:proxy.example.com;transport=tcp"); // { protocol: "TCP", host: "proxy.example.com", port: 5060, ... }
 * parseServer("wss://sip.example.com/ws"); // { protocol: "WSS", port: 443, url: "wss://sip.example.com/ws", ... }
 * ```
 */
export function parseServer(server: string, priority = 0): ServerTarget {
  const label = redactServer(server);
  const invalid = (why: string) => new TransportError("INVALID_SERVER", `invalid server: ${why}`, { server: label });
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(server)?.[1]?.toLowerCase();
  if (scheme === undefined) throw invalid("no scheme (expected udp://, tcp://, tls://, ws://, wss://, sip: or sips:)");

  if (scheme === "sip" || scheme === "sips") {
    let uri: UriData;
    try {
      uri = parseHeaderValue("Uri", server);
    } catch (e) {
      // not the ParseError itself: its message quotes the URI, password included
      throw invalid(`not a SIP URI (at character ${(e as ParseError).offset})`);
    }
    const transport = uri.params["transport"]?.toLowerCase();
    let protocol: TransportProtocol | undefined = transport === undefined ? "UDP" : TRANSPORT_PARAM[transport];
    if (protocol === undefined) throw invalid(`unknown transport "${transport}"`);
    if (scheme === "sips") {
      if (protocol === "UDP" || protocol === "TCP") protocol = "TLS";
      else if (protocol === "WS") protocol = "WSS";
    }
    const { port } = uri;
    if (port === 0) throw invalid('bad port "0"');
    const target: ServerTarget = { server, label, protocol, host: uri.host.replace(/^\[(.*)\]$/, "$1"), port: port ?? defaultPort(protocol), priority };
    if (protocol === "WS" || protocol === "WSS") {
      return { ...target, url: `${protocol.toLowerCase()}://${uri.host}${port === undefined ? "" : ":" + port}/` };
    }
    const sip: SipServerUri = {
      scheme,
      ...(port !== undefined ? { port } : {}),
      ...(transport !== undefined ? { protocol } : {}),
    };
    return { ...target, sip };
  }

  const protocol = URL_SCHEMES[scheme + ":"];
  if (protocol === undefined) throw invalid(`unknown scheme "${scheme}"`);
  let url: URL;
  try {
    url = new URL(server);
  } catch (cause) {
    throw new TransportError("INVALID_SERVER", "invalid server: not a URL", { server: label, cause });
  }
  let host = url.hostname;
  if (host.startsWith("[") && host.endsWith("]")) host = host.slice(1, -1);
  if (host === "") throw invalid("no host");
  const port = url.port === "" ? defaultPort(protocol) : Number(url.port);
  const target: ServerTarget = { server, label, protocol, host, port, priority };
  return protocol === "WS" || protocol === "WSS" ? { ...target, url: server } : target;
}

/**
 * Servers in the order to try them: by priority, then as given.
 *
 * @example
 * ```ts
 * import { orderServers, parseServer } from "rxsip";
 *
 * orderServers([parseServer("wss://b.example.com", 2), parseServer("wss://a.example.com", 1)]).map((t) => t.host);
 * // ["a.example.com", "b.example.com"]: lowest priority value first
 * ```
 */
export function orderServers(targets: readonly ServerTarget[]): ServerTarget[] {
  // Array.prototype.sort is stable: equal priorities keep their order
  return [...targets].sort((a, b) => a.priority - b.priority);
}
