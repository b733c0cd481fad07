import { SipError } from "../core/messages/errors.js";

/** Stable codes of {@link NetworkError}. */
export type NetworkErrorCode =
  /** No endpoint is open at the address a request (or raw text) was sent to. */
  | "UNREACHABLE"
  /** The message names no address to send it to (no Via on a response, a Request-URI without host ...). */
  | "NO_ROUTE"
  /** `send` was called on an endpoint after `close()`. */
  | "ENDPOINT_CLOSED"
  /** `endpoint()` was called after `InMemoryNetwork.close()`. */
  | "NETWORK_CLOSED"
  /** Another open endpoint already has this address. */
  | "ADDRESS_IN_USE"
  /** The address is not `host`, `host:port`, `[v6]` or `[v6]:port`. */
  | "INVALID_ADDRESS"
  /** An impairment is out of range (a probability outside 0..1, a negative delay ...). */
  | "INVALID_IMPAIRMENT"
  /** Text arrived at an endpoint that does not parse as a SIP message (the ParseError is the `cause`). */
  | "MALFORMED";

/** Where it happened: the endpoint addresses involved, as `host:port`. */
export interface NetworkErrorDetails {
  readonly from?: string;
  readonly to?: string;
}

/**
 * What the in-memory network throws from `send` (a transaction reports it as the `cause`
 * of its `TransportError`, RFC 3261 §17.1.4) or emits on an endpoint's `errors$`.
 *
 * @example
 * ```ts
 * import { InMemoryNetwork, NetworkError } from "rxsip/testing";
 *
 * const network = new InMemoryNetwork();
 * network.endpoint("alice.example.test:5060");
 * try {
 *   network.endpoint("alice.example.test:5060");
 * } catch (e) {
 *   if (e instanceof NetworkError) console.log(e.code); // ADDRESS_IN_USE
 * }
 * ```
 */
export class NetworkError extends SipError {
  override readonly name = "NetworkError";
  readonly from: string | undefined;
  readonly to: string | undefined;

  constructor(
    override readonly code: NetworkErrorCode,
    message: string,
    details: NetworkErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, message, options);
    this.from = details.from;
    this.to = details.to;
  }
}
