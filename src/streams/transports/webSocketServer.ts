import { redactServer, TransportError } from "../TransportError.js";
import { defaultPort } from "./Flow.js";
import type { ServerTarget } from "./parseServer.js";

/**
 * Reads a WebSocket server (RFC 7118): a `ws://` or `wss://` URL, read by the platform's
 * `URL` so that a browser page needs no SIP grammar for it. The port defaults to 80 / 443.
 * SIP URIs and the other transports' URLs are `NodeTransport`'s (`parseServer`).
 *
 * @throws TransportError `INVALID_SERVER`, naming the server without its user info
 */
export function readWebSocketServer(server: string, priority: number): ServerTarget {
  const label = redactServer(server);
  let url: URL | undefined;
  try {
    url = new URL(server);
  } catch {
    // reported below, without the URL's own message (it may quote a password)
  }
  const protocol = url?.protocol === "ws:" ? "WS" : url?.protocol === "wss:" ? "WSS" : undefined;
  if (!protocol || url!.hostname === "") {
    throw new TransportError("INVALID_SERVER", "a WebSocket server must be a ws:// or wss:// URL", { server: label });
  }
  const host = url!.hostname.replace(/^\[(.*)\]$/, "$1");
  return { server, label, protocol, host, port: url!.port === "" ? defaultPort(protocol) : Number(url!.port), url: server, priority };
}
