import type { SipRequest, SipResponse } from "../core/messages/index.js";
import type { OutgoingRequestHandlers } from "../core/user-agent-core/index.js";
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

/** SIP.js's `Body` (core/messages/body): what `RequestOptions.body` is in SIP.js. */
export interface Body {
  contentDisposition: string;
  contentType: string;
  content: string;
}

/** The body shape SIP.js calls "legacy" (`{ body, contentType }`), which rxsip also takes. */
export interface LegacyBody {
  body: string;
  contentType: string;
  contentDisposition?: string;
}

/** SIP.js's `RequestOptions`: extra header lines ("Name: value") and a body (SIP.js's `Body`, or `{ body, contentType }`). */
export interface RequestOptions {
  extraHeaders?: string[];
  body?: Body | LegacyBody;
}

/**
 * The text, type and disposition of a request body given as SIP.js's `Body` (`content`) or
 * the legacy `{ body, contentType }`: code written for SIP.js sends the body it gave.
 */
export function bodyOf(body: Body | LegacyBody): { body: string; contentType: string; contentDisposition?: string } {
  const text = "content" in body ? body.content : body.body;
  return { body: text, contentType: body.contentType, ...(body.contentDisposition !== undefined ? { contentDisposition: body.contentDisposition } : {}) };
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
