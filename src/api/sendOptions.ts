import type { SipResponse, Uri } from "../core/messages/index.js";
import { RequestFailedError, UserAgentStateError } from "./errors.js";
import { headerPairs } from "./IncomingRequestContext.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * OPTIONS to a target outside any dialog (RFC 3261 §11): resolves with the final response
 * (2xx or not: an OPTIONS answered 404 still tells something); rejects with
 * RequestFailedError 408 / 503 when it timed out or could not be sent.
 *
 * @example
 * ```ts
 * import { sendOptions, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const response = await sendOptions(userAgent, UserAgent.makeURI("sip:proxy.example.com")!);
 * console.log(response.statusCode, response.getHeader("Allow"));
 * ```
 */
export function sendOptions(userAgent: UserAgent, target: Uri, options: { extraHeaders?: string[] } = {}): Promise<SipResponse> {
  if (userAgent.state !== "Started") return Promise.reject(new UserAgentStateError("OPTIONS needs a started user agent"));
  return new Promise<SipResponse>((resolve, reject) => {
    const core = userAgent.userAgentCore;
    const req = core.createRequest("OPTIONS", target, { extraHeaders: headerPairs(options.extraHeaders) });
    req.addHeader("Accept", "application/sdp");
    core.request(req, {
      onAccept: resolve,
      onRedirect: resolve,
      onReject: resolve,
      onTimeout: () => reject(new RequestFailedError(408, "Request Timeout")),
      onTransportError: () => reject(new RequestFailedError(503, "Service Unavailable")),
    });
  });
}
