import type { SipRequest } from "../core/messages/index.js";
import type { OutgoingRequestHandlers } from "../core/user-agent-core/index.js";
import type { RequestStreams } from "./RequestOutcome.js";

/**
 * `handlers` with every response and the outcome also told to `streams` (after the handler
 * ran, so a subscriber sees the object's state already moved). `request` gives the request
 * as last sent (an authenticated retry has a new CSeq). For handlers of its own; a SIP.js
 * request delegate gets the same from `coreHandlers(delegate, after, streams, request)`.
 */
export function observeRequest(streams: RequestStreams, handlers: OutgoingRequestHandlers, request: () => SipRequest): OutgoingRequestHandlers {
  return {
    onProgress: (r) => {
      handlers.onProgress?.(r);
      streams.response(r);
    },
    onAccept: (r) => {
      handlers.onAccept?.(r);
      streams.final("accepted", request(), r);
    },
    onRedirect: (r) => {
      handlers.onRedirect?.(r);
      streams.final("redirected", request(), r);
    },
    onReject: (r) => {
      handlers.onReject?.(r);
      streams.final("rejected", request(), r);
    },
    onTimeout: () => {
      handlers.onTimeout?.();
      streams.final("timeout", request(), undefined);
    },
    onTransportError: (e) => {
      handlers.onTransportError?.(e);
      streams.final("transport-error", request(), undefined);
    },
  };
}
