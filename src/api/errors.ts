import { SipError } from "../core/messages/errors.js";
export { SessionStateError, RequestPendingError } from "../core/user-agent-core/errors.js";

/** The user agent cannot do this now (not started, stopped, no transport ...). */
export class UserAgentStateError extends SipError {
  override readonly name = "UserAgentStateError";
  constructor(message: string) {
    super("USER_AGENT_STATE", message);
  }
}

/** The caller's options cannot work (no media factory, a malformed URI, CR/LF in a header). */
export class InvalidOptionError extends SipError {
  override readonly name: string = "InvalidOptionError";
  constructor(message: string) {
    super("INVALID_OPTION", message);
  }
}

/** A request got a final failure response; the response is attached. */
export class RequestFailedError extends SipError {
  override readonly name = "RequestFailedError";
  constructor(
    readonly statusCode: number,
    readonly reasonPhrase: string,
  ) {
    super("REQUEST_FAILED", `${statusCode} ${reasonPhrase}`);
  }
}

/**
 * The session needs media and the user agent has none: no `sessionDescriptionHandlerFactory`
 * in its options and no default one where it runs (Node has no RTCPeerConnection). The
 * message names the fix.
 */
export class MediaUnavailableError extends InvalidOptionError {
  override readonly name: string = "MediaUnavailableError";
  constructor() {
    super(
      "this user agent has no media: pass `sessionDescriptionHandlerFactory` in the UserAgent options — " +
        'in Node, `nodeMediaFactory()` from "rxsip/node" (needs the `werift` package installed), ' +
        "or any SIP.js-compatible factory; in a browser, a WebRTC one",
    );
  }
}
