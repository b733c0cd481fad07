import type { SipRequest, SipResponse } from "../core/messages/index.js";
import type { OutgoingRequestHandlers } from "../core/user-agent-core/index.js";
import type { RequestBody } from "./requestBody.js";
import type { RequestOutcome, RequestStreams } from "./RequestOutcome.js";
import type { SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";

/** SIP.js's wrapper of a response handed to request delegates. */
export interface IncomingResponse {
  readonly message: SipResponse;
}

/** SIP.js's wrapper of a request that was sent. */
export interface OutgoingRequestMessage {
  readonly message: SipRequest;
}

/**
 * SIP.js's `OutgoingRequestDelegate`.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * await session.message({
 *   requestOptions: { body: { contentType: "text/plain", body: "Are you there?" } },
 *   requestDelegate: { onAccept: () => console.log("delivered"), onReject: (r) => console.log(r.message.statusCode) },
 * });
 * ```
 */
export interface OutgoingRequestDelegate {
  /** A 2xx: the request succeeded. */
  onAccept?(response: IncomingResponse): void;
  /** A provisional response other than 100 (180, 183 ...). */
  onProgress?(response: IncomingResponse): void;
  /** A 3xx: the Contact headers say where to send it instead. */
  onRedirect?(response: IncomingResponse): void;
  /** A final failure (4xx, 5xx, 6xx), after any digest retry. */
  onReject?(response: IncomingResponse): void;
  /** 100 Trying: the next hop has the request. */
  onTrying?(response: IncomingResponse): void;
}

/**
 * SIP.js's `RequestOptions`: extra header lines ("Name: value") and a body, in SIP.js's shape
 * (`{ contentDisposition, contentType, content }`) or rxsip's (`{ contentType, body }`).
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * await session.info({
 *   requestOptions: {
 *     extraHeaders: ["Info-Package: dtmf"], // RFC 6086
 *     body: { contentType: "application/dtmf-relay", body: "Signal=5\r\nDuration=160\r\n" },
 *   },
 * });
 * ```
 */
export interface RequestOptions {
  extraHeaders?: string[];
  body?: RequestBody;
}

/**
 * Options of `session.bye()`: a delegate told of the response to the BYE, and extra header lines (e.g. a
 * Reason, RFC 3326) or a body.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * await session.bye({ requestOptions: { extraHeaders: ['Reason: SIP;cause=200;text="Call completed elsewhere"'] } });
 * ```
 */
export interface SessionByeOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/**
 * Options of `session.info()`: the INFO's body goes in `requestOptions.body` (RFC 6086), the response comes
 * to `requestDelegate`.
 */
export type SessionInfoOptions = SessionByeOptions;
/**
 * Options of `session.message()`: the MESSAGE's body goes in `requestOptions.body`, the response comes to
 * `requestDelegate`.
 */
export type SessionMessageOptions = SessionByeOptions;

/**
 * Options of a re-INVITE (`session.invite()`, `hold()`, `unhold()`): a delegate told of the response, extra
 * header lines, how the media handler makes the new offer, and `withoutSdp` for an offerless re-INVITE.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * // re-INVITE that adds video to an audio call
 * await session.invite({
 *   sessionDescriptionHandlerOptions: { constraints: { audio: true, video: true } },
 *   requestDelegate: { onReject: (r) => console.log("the peer refused video:", r.message.statusCode) },
 * });
 * ```
 */
export interface SessionInviteOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  sessionDescriptionHandlerOptions?: SessionDescriptionHandlerOptions;
  sessionDescriptionHandlerModifiers?: SessionDescriptionHandlerModifier[];
  withoutSdp?: boolean;
}

/**
 * Options of `session.refer()`: a delegate told of the response to the REFER, extra header lines, and
 * `onNotify` for the progress the transfer target reports.
 *
 * @example
 * ```ts
 * import { UserAgent, type Session } from "rxsip";
 * declare const session: Session;
 *
 * await session.refer(UserAgent.makeURI("sip:carol@example.com")!, {
 *   onNotify: ({ request }) => console.log("transfer:", request.body.split("\r\n")[0]), // SIP/2.0 180 Ringing ...
 * });
 * ```
 */
export interface SessionReferOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
  /** Called with each NOTIFY of the implicit subscription (RFC 3515 §2.4.4). */
  onNotify?(notification: { request: SipRequest }): void;
}

/**
 * Adapts a SIP.js request delegate to the core's handlers: 100 goes to `onTrying`, other
 * provisionals to `onProgress`; a final response (undefined: no answer, or not sent) goes
 * to `after` first (the object's own state moves), then to the delegate, then (with
 * `streams`) to `responses$` and `outcomes$`, the request being `request()` as last sent.
 *
 * @internal exported type-only through `export type *`, so applications cannot call it.
 */
export function coreHandlers(
  delegate: OutgoingRequestDelegate | undefined,
  after?: (response: SipResponse | undefined) => void,
  streams?: RequestStreams,
  request?: () => SipRequest,
): OutgoingRequestHandlers {
  const final = (type: RequestOutcome["type"], r?: SipResponse, callback?: "onAccept" | "onRedirect" | "onReject") => {
    after?.(r);
    if (r) delegate?.[callback!]?.({ message: r });
    streams?.final(type, request!(), r);
  };
  return {
    onProgress: (r) => {
      if (r.statusCode === 100) delegate?.onTrying?.({ message: r });
      else delegate?.onProgress?.({ message: r });
      streams?.response(r);
    },
    onAccept: (r) => final("accepted", r, "onAccept"),
    onRedirect: (r) => final("redirected", r, "onRedirect"),
    onReject: (r) => final("rejected", r, "onReject"),
    onTimeout: () => final("timeout"),
    onTransportError: () => final("transport-error"),
  };
}
