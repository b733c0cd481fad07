import type { SipRequest, SipResponse } from "../core/messages/index.js";
import { NetworkError } from "./NetworkError.js";
import { addressKey, SIP_PORT, SIPS_PORT } from "./networkAddress.js";

/**
 * The address (`host:port`) a message goes to, the way a SIP transport picks it:
 *
 * - a request goes to its first Route URI when it has one (a loose-routing proxy,
 *   RFC 3261 §8.1.2, §16.12), else to the Request-URI's host and port;
 * - a response goes back to the top Via: to `received` when present, else the sent-by
 *   host, at `rport` when it holds a port, else the sent-by port (RFC 3261 §18.2.2,
 *   RFC 3581 §4).
 *
 * A missing port is 5060, or 5061 for a sips: URI or a TLS / WSS Via.
 *
 * @throws NetworkError NO_ROUTE when the message names no address (or the header that does is malformed).
 *
 * @example
 * ```ts
 * import { routeMessage } from "rxsip/testing";
 * import { parseMessage } from "rxsip/core";
 * declare const wireText: string; // an INVITE to sip:bob@bob.example.test:5070 without Route
 *
 * routeMessage(parseMessage(wireText)); // "bob.example.test:5070"
 * ```
 */
export function routeMessage(message: SipRequest | SipResponse): string {
  try {
    return message.isRequest ? routeRequest(message) : routeResponse(message);
  } catch (error) {
    if (error instanceof NetworkError) throw error;
    throw new NetworkError("NO_ROUTE", `cannot tell where to send ${describe(message)}`, {}, { cause: error });
  }
}

function routeRequest(request: SipRequest): string {
  const uri = request.routes[0]?.uri ?? request.ruri;
  if (!uri.host) throw new NetworkError("NO_ROUTE", `${describe(request)} has no host to send to`);
  return addressKey(uri.host, uri.port ?? (uri.scheme.toLowerCase() === "sips" ? SIPS_PORT : SIP_PORT));
}

function routeResponse(response: SipResponse): string {
  const via = response.vias[0];
  if (via === undefined) throw new NetworkError("NO_ROUTE", `${describe(response)} has no Via`);
  const rport = typeof via.rport === "number" && via.rport > 0 ? via.rport : undefined;
  const secure = /^(tls|wss)$/i.test(via.transport);
  return addressKey(via.received ?? via.host, rport ?? via.port ?? (secure ? SIPS_PORT : SIP_PORT));
}

function describe(message: SipRequest | SipResponse): string {
  return message.isRequest ? `the ${message.method} request` : `the ${message.statusCode} response`;
}
