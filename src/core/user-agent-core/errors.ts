import { SipError } from "../messages/index.js";

/** A method was called in a state where it cannot run; nothing changed. */
export class SessionStateError extends SipError {
  override readonly name = "SessionStateError";
  constructor(message: string) {
    super("INVALID_STATE", message);
  }
}

/** A re-INVITE or UPDATE is already in progress on this dialog (RFC 3261 §14.1, RFC 3311 §5.1). */
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
