import type { SipRequest } from "../../core/messages/SipRequest.js";
import type { SipResponse } from "../../core/messages/SipResponse.js";
import type { Uri } from "../../core/messages/Uri.js";
import type { TransportProtocol } from "../Transport.js";
import { TransportError } from "../TransportError.js";
import { defaultPort, normalizeHost, type Peer } from "./Flow.js";

const PROTOCOLS = new Set<string>(["UDP", "TCP", "TLS", "WS", "WSS"]);

/** Where a response goes when it cannot go back on its request's connection. */
export interface ResponseDestination extends Peer {
  /**
   * Connection-oriented only: the port the request came from (`rport`, RFC 3581), where
   * the request's connection may still be found; `port` is then the sent-by port, where a
   * new connection is opened (RFC 3261 §18.2.2).
   */
  readonly sourcePort?: number;
}

/**
 * RFC 3261 §18.2.2 with RFC 3581 §4: the top Via's `received` (else the sent-by host);
 * over UDP its `rport` value (else the sent-by port, else 5060); over TCP / TLS the
 * sent-by port (else 5060 / 5061), with `rport` as `sourcePort`.
 *
 * @throws TransportError `NO_ROUTE` when there is no readable Via or its transport is unknown.
 */
export function responseDestination(response: SipResponse): ResponseDestination {
  let via;
  try {
    via = response.via;
  } catch (cause) {
    throw new TransportError("NO_ROUTE", "the response has no usable Via", { cause });
  }
  if (!PROTOCOLS.has(via.transport)) throw new TransportError("NO_ROUTE", `unknown Via transport "${via.transport}"`);
  const protocol = via.transport as TransportProtocol;
  const host = normalizeHost(via.received ?? via.host);
  const rport = typeof via.rport === "number" && via.rport > 0 ? via.rport : undefined;
  if (protocol === "UDP") return { protocol, host, port: rport ?? via.port ?? defaultPort(protocol) };
  const port = via.port ?? (protocol === "TLS" ? 5061 : 5060);
  return rport === undefined ? { protocol, host, port } : { protocol, host, port, sourcePort: rport };
}

/**
 * The URI a request is sent to without a server: its first Route (loose routing, RFC 3261
 * §16.12), else its Request-URI.
 *
 * @throws TransportError `NO_ROUTE` when the Route cannot be read.
 */
export function requestTargetUri(request: SipRequest): Uri {
  try {
    return request.routes[0]?.uri ?? request.ruri;
  } catch (cause) {
    throw new TransportError("NO_ROUTE", "the request's Route cannot be read", { cause });
  }
}

/**
 * Where a request goes when there is no server to send everything to: its first Route
 * (loose routing, RFC 3261 §16.12), else its Request-URI; the protocol from the URI's
 * `transport` parameter, `sips:` meaning TLS, else `fallback`. The host as it is (a name is
 * then located by the Node transport, RFC 3263).
 *
 * @throws TransportError `NO_ROUTE` when the Route cannot be read.
 */
export function requestDestination(request: SipRequest, fallback: TransportProtocol): Peer {
  const uri = requestTargetUri(request);
  const param = uri.params["transport"]?.toUpperCase();
  let protocol: TransportProtocol = param !== undefined && PROTOCOLS.has(param) ? (param as TransportProtocol) : fallback;
  if (uri.scheme === "sips") protocol = protocol === "WS" || protocol === "WSS" ? "WSS" : "TLS";
  const host = normalizeHost(uri.host);
  return { protocol, host, port: uri.port ?? (protocol === "TLS" ? 5061 : protocol === "WSS" ? 443 : protocol === "WS" ? 80 : 5060) };
}
