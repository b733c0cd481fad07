import type { SipRequest, SipResponse } from "../core/messages/index.js";
import type { OutgoingRequestHandlers } from "../core/user-agent-core/index.js";
import type { RequestBody } from "./requestBody.js";
import type { SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";

/** SIP.js's wrapper of a response handed to request delegates. */
export interface IncomingResponse {
  readonly message: SipResponse;
}

/** SIP.js's wrapper of a request that was sent. */
export interface OutgoingRequestMessage {
  readonly message: SipRequest;
}

/** SIP.js's `OutgoingRequestDelegate`. */
export interface OutgoingRequestDelegate {
  onAccept?(response: IncomingResponse): void;
  onProgress?(response: IncomingResponse): void;
  onRedirect?(response: IncomingResponse): void;
  onReject?(response: IncomingResponse): void;
  onTrying?(response: IncomingResponse): void;
}

/**
 * SIP.js's `RequestOptions`: extra header lines ("Name: value") and a body, in SIP.js's shape
 * (`{ contentDisposition, contentType, content }`) or rxsip's (`{ contentType, body }`).
 */
export interface RequestOptions {
  extraHeaders?: string[];
  body?: RequestBody;
}

export interface SessionByeOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

export type SessionInfoOptions = SessionByeOptions;
export type SessionMessageOptions = SessionByeOptions;

export interface SessionInviteOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiers?: SessionDescriptionHandlerModifier[];
  withoutSdp?: boolean;
}

export interface SessionReferOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  /** Called with each NOTIFY of the implicit subscription (RFC 3515 §2.4.4). */
  onNotify?(notification: { request: SipRequest }): void;
}

/** Adapts a SIP.js request delegate to the core's handlers. */
export function coreHandlers(delegate: OutgoingRequestDelegate | undefined, after?: (response: SipResponse | undefined) => void): OutgoingRequestHandlers {
  return {
    onProgress: (r) => (r.statusCode === 100 ? delegate?.onTrying?.({ message: r }) : delegate?.onProgress?.({ message: r })),
    onAccept: (r) => {
      delegate?.onAccept?.({ message: r });
      after?.(r);
    },
    onRedirect: (r) => {
      delegate?.onRedirect?.({ message: r });
      after?.(r);
    },
    onReject: (r) => {
      delegate?.onReject?.({ message: r });
      after?.(r);
    },
    onTimeout: () => after?.(undefined),
    onTransportError: () => after?.(undefined),
  };
}
