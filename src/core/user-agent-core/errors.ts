import { SipError } from "../messages/index.js";

/**
 * A method was called in a state where it cannot run; nothing changed.
 *
 * @example
 * ```ts
 * import { SessionStateError, type Invitation } from "rxsip";
 * declare const invitation: Invitation;
 *
 * try {
 *   await invitation.accept();
 * } catch (e) {
 *   if (e instanceof SessionStateError) console.log("too late:", e.message); // the caller cancelled meanwhile
 * }
 * ```
 */
export class SessionStateError extends SipError {
  override readonly name = "SessionStateError";
  constructor(message: string) {
    super("INVALID_STATE", message);
  }
}

/**
 * A re-INVITE or UPDATE is already in progress on this dialog (RFC 3261 §14.1, RFC 3311 §5.1).
 *
 * @example
 * ```ts
 * import { RequestPendingError, type Session } from "rxsip";
 * declare const session: Session;
 *
 * try {
 *   await session.hold();
 * } catch (e) {
 *   if (e instanceof RequestPendingError) console.log("another re-INVITE is in progress; try again when it ends");
 * }
 * ```
 */
export class RequestPendingError extends SipError {
  override readonly name = "RequestPendingError";
  constructor(message = "an offer/answer exchange is already in progress") {
    super("REQUEST_PENDING", message);
  }
}

/**
 * A reliable provisional response (RFC 3262 §3) was never PRACKed: its retransmissions ran
 * out (64*T1, the INVITE was then rejected with 5xx), or the INVITE ended (CANCEL, a final
 * failure) before the PRACK came.
 *
 * @example
 * ```ts
 * import { ProvisionalNotAcknowledgedError, type Invitation } from "rxsip";
 * declare const invitation: Invitation;
 *
 * try {
 *   await invitation.progress({ statusCode: 183, rel100: true, earlyMedia: true }); // waits for the PRACK
 * } catch (e) {
 *   if (e instanceof ProvisionalNotAcknowledgedError) console.log("no PRACK for RSeq", e.rseq);
 * }
 * ```
 */
export class ProvisionalNotAcknowledgedError extends SipError {
  override readonly name = "ProvisionalNotAcknowledgedError";
  constructor(
    readonly rseq: number,
    message: string,
  ) {
    super("PROVISIONAL_NOT_ACKNOWLEDGED", message);
  }
}

/**
 * The caller's options cannot work (no media factory, a malformed URI, CR/LF in a header, an option in a form that is no longer taken: the message names what to pass).
 *
 * @example
 * ```ts
 * import { InvalidOptionError, Publisher, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * try {
 *   new Publisher(userAgent, UserAgent.makeURI("sip:alice@example.com")!, "presence", { expires: -1 });
 * } catch (e) {
 *   if (e instanceof InvalidOptionError) console.error(e.message);
 * }
 * ```
 */
export class InvalidOptionError extends SipError {
  override readonly name: string = "InvalidOptionError";
  constructor(message: string) {
    super("INVALID_OPTION", message);
  }
}
