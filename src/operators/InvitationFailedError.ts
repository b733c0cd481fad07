import { SipError } from "../core/messages/errors.js";
import type { Invitation } from "../api/Invitation.js";

/** What an invitation-handling operator could not do with one invitation. */
export type InvitationFailureCode = "ACCEPT_FAILED" | "REJECT_FAILED" | "FORWARD_FAILED" | "ENDED_BEFORE_ESTABLISHED";

/**
 * One invitation could not be handled (accepting or rejecting it threw, or the caller
 * hung up first). Operators on `invites$` hand it to their `failures` observer and carry
 * on with the next invitation: one bad call never ends the stream.
 *
 * @example
 * ```ts
 * import { acceptInvites, InvitationFailedError, type UserAgent } from "rxsip";
 * import { Subject } from "rxjs";
 * declare const userAgent: UserAgent;
 *
 * const failures = new Subject<InvitationFailedError>();
 * failures.subscribe((e) => console.log(e.code, e.invitation.remoteIdentity.toString())); // e.g. ENDED_BEFORE_ESTABLISHED
 * userAgent.invites$.pipe(acceptInvites(undefined, { failures })).subscribe();
 * ```
 */
export class InvitationFailedError extends SipError {
  override readonly name = "InvitationFailedError";
  constructor(
    override readonly code: InvitationFailureCode,
    readonly invitation: Invitation,
    options?: { cause?: unknown },
  ) {
    super(code, `${code.toLowerCase().replace(/_/g, " ")}: ${invitation.id}`, options);
  }
}
