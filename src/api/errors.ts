import { SipError } from "../core/messages/errors.js";
import { InvalidOptionError } from "../core/user-agent-core/errors.js";
export { SessionStateError, RequestPendingError, InvalidOptionError } from "../core/user-agent-core/errors.js";

/**
 * The user agent cannot do this now (not started, stopped, no transport ...).
 *
 * @example
 * ```ts
 * import { Messager, UserAgent, UserAgentStateError } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * try {
 *   await new Messager(userAgent, UserAgent.makeURI("sip:bob@example.com")!, "hi").message();
 * } catch (e) {
 *   if (e instanceof UserAgentStateError) await userAgent.start(); // it was not started
 * }
 * ```
 */
export class UserAgentStateError extends SipError {
  override readonly name = "UserAgentStateError";
  constructor(message: string) {
    super("USER_AGENT_STATE", message);
  }
}

/**
 * A request got a final failure response; the response is attached.
 *
 * @example
 * ```ts
 * import { RequestFailedError, sendOptions, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * try {
 *   await sendOptions(userAgent, UserAgent.makeURI("sip:proxy.example.com")!);
 * } catch (e) {
 *   if (e instanceof RequestFailedError) console.log("no answer:", e.statusCode, e.reasonPhrase); // 408 or 503
 * }
 * ```
 */
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
 * A session that was Established when the transport dropped could not be recovered (see `session.recovery$`).
 *
 * @example
 * ```ts
 * import { SessionRecoveryError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.errors$.subscribe((e) => {
 *   if (e instanceof SessionRecoveryError) console.log("call lost after a network change:", e.reason, e.statusCode);
 * });
 * ```
 */
export class SessionRecoveryError extends SipError {
  override readonly name = "SessionRecoveryError";
  constructor(
    readonly reason: string,
    readonly statusCode?: number,
  ) {
    super("SESSION_NOT_RECOVERED", `the session could not be recovered after the transport dropped: ${reason}${statusCode !== undefined ? ` (${statusCode})` : ""}`);
  }
}

/**
 * The session needs media and the user agent has none: no `sessionDescriptionHandlerFactory`
 * in its options and no default one where it runs (Node has no RTCPeerConnection). The
 * message names the fix.
 *
 * @example
 * ```ts
 * import { Inviter, MediaUnavailableError, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent; // made without a sessionDescriptionHandlerFactory, in Node
 *
 * try {
 *   await new Inviter(userAgent, UserAgent.makeURI("sip:bob@example.com")!).invite();
 * } catch (e) {
 *   if (e instanceof MediaUnavailableError) console.error("pass nodeMediaFactory() from rxsip/node");
 * }
 * ```
 */
export class MediaUnavailableError extends InvalidOptionError {
  override readonly name: string = "MediaUnavailableError";
  constructor() {
    super(
      'no media: pass a sessionDescriptionHandlerFactory in the UserAgent options (in Node: nodeMediaFactory() from "rxsip/node", with werift installed)',
    );
  }
}
