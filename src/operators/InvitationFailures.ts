import type { Observer } from "rxjs";
import type { InvitationFailedError } from "./InvitationFailedError.js";

/**
 * Where the invitation operators report an invitation they could not handle: an observer
 * (a Subject, to make a stream of failures) or a function. Without one, failures are
 * dropped; the stream of invitations goes on either way.
 */
export type InvitationFailures = Partial<Observer<InvitationFailedError>> | ((failure: InvitationFailedError) => void);

/** Hands `failure` to `failures`; a reporter that throws is ignored, so it cannot end the stream. */
export function reportFailure(failures: InvitationFailures | undefined, failure: InvitationFailedError): void {
  try {
    if (typeof failures === "function") failures(failure);
    else failures?.next?.(failure);
  } catch {
    // the reporter's own fault must not end the stream of invitations
  }
}
