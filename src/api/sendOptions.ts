import type { SipResponse, Uri } from "../core/messages/index.js";
import { RequestFailedError, UserAgentStateError } from "./errors.js";
import { headerPairs } from "./IncomingRequestContext.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * OPTIONS to a target outside any dialog (RFC 3261 §11): resolves with the final response
 * (2xx or not: an OPTIONS answered 404 still tells something); rejects with
 * RequestFailedError 408 / 503 when it timed out or could not be sent, and with
 * UserAgentStateError when the user agent stops before the answer.
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
    // stop() ends the transaction without a word to its user: settle then, not never
    const stopped = (state: string) => state === "Stopped" && fail(new UserAgentStateError("the user agent stopped before OPTIONS was answered"));
    const settled = () => userAgent.stateChange.removeListener(stopped);
    const answer = (r: SipResponse) => (settled(), resolve(r));
    const fail = (e: Error) => (settled(), reject(e));
    userAgent.stateChange.addListener(stopped);
    core.request(req, {
      onAccept: answer,
      onRedirect: answer,
      onReject: answer,
      onTimeout: () => fail(new RequestFailedError(408, "Request Timeout")),
      onTransportError: () => fail(new RequestFailedError(503, "Service Unavailable")),
    });
  });
}
