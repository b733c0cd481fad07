import type { ParseError } from "../../core/messages/errors.js";
import { badRequestFor } from "./badRequest.js";

/**
 * Answers to requests that cannot be parsed, made by {@link badRequests} and given as a
 * transport's `badRequests` option. Its code is in a page only when the page uses it.
 */
export interface BadRequestAnswers {
  /**
   * @internal The 400 (513 when too large) for an unreadable request as received, or
   * undefined when there must be no answer (a response, an ACK, no usable Via).
   */
  answer(data: string | Uint8Array, error: ParseError): string | undefined;
}

/** How much of an unreadable message is read to answer it (its header section, in practice). */
const HEAD_LIMIT = 8192;

/**
 * Makes a WebSocket transport answer a request it cannot parse with 400 Bad Request (513
 * when too large) on the connection it came on (RFC 3261 §21.4.1), copying only its Via,
 * From, To, Call-ID and CSeq, instead of only reporting it on `errors$`. `NodeTransport`
 * (UDP, TCP, TLS) always answers so; over WebSocket it is off unless this is given, as in
 * SIP.js, which drops such a message: a browser page talks to one server, whose own
 * messages are readable.
 *
 * @example
 * ```ts
 * import { UserAgent, badRequests } from "rxsip";
 *
 * new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com", badRequests: badRequests() },
 * });
 * ```
 */
export function badRequests(): BadRequestAnswers {
  return {
    answer: (data, error) =>
      badRequestFor(typeof data === "string" ? data.slice(0, HEAD_LIMIT) : new TextDecoder().decode(data.subarray(0, HEAD_LIMIT)), error),
  };
}
