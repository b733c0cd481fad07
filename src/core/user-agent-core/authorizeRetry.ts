import type { DigestExchange } from "../auth/index.js";
import type { SipRequest, SipResponse } from "../messages/index.js";

/**
 * Puts on `next` (the re-sent request) the credentials answering the challenges of a
 * 401 / 407 (RFC 3261 §22.2, §22.3), replacing any it carried. False when the challenges
 * cannot be read or answered (wrong credentials, a stale loop, no usable algorithm): the
 * 401 / 407 then stands.
 */
export function authorizeRetry(exchange: DigestExchange, response: SipResponse, next: SipRequest): boolean {
  let headers;
  try {
    const challenges = {
      wwwAuthenticate: response.parseHeaders("www-authenticate", "Challenge"),
      proxyAuthenticate: response.parseHeaders("proxy-authenticate", "Challenge"),
    };
    headers = exchange.respond(challenges, { method: next.method, uri: next.ruri.toString(), body: next.body });
  } catch {
    return false;
  }
  next.removeHeader("authorization").removeHeader("proxy-authorization");
  for (const h of headers) next.addHeader(h.name, h.value);
  return true;
}
