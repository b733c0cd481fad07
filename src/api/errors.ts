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
  override readonly name = "InvalidOptionError";
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
