import type { OperatorFunction } from "rxjs";
import type { Invitation, InvitationAcceptOptions } from "../api/Invitation.js";
import { establish, type PerInvitation } from "./establish.js";
import { reportFailure, type InvitationFailures } from "./InvitationFailures.js";
import { mergeEach } from "./mergeEach.js";

/**
 * Options of {@link acceptInvites}, {@link rejectInvites}, {@link forwardInvites}, {@link answerAfter}.
 *
 * @example
 * ```ts
 * import { acceptInvites, type InvitationFailedError, type UserAgent } from "rxsip";
 * import { Subject } from "rxjs";
 * declare const userAgent: UserAgent;
 *
 * const failures = new Subject<InvitationFailedError>();
 * failures.subscribe((e) => console.log("could not answer:", e.code));
 * userAgent.invites$.pipe(acceptInvites(undefined, { failures })).subscribe();
 * ```
 */
export interface InvitationHandlingOptions {
  /** Where an invitation that could not be handled is reported (an `InvitationFailedError`). */
  failures?: InvitationFailures;
}

/**
 * Applied to `userAgent.invites$`: accepts each invitation (with `options`, or the options
 * made for it) and emits each one once its session is Established. An invitation that
 * cannot be accepted, or whose caller hangs up first, is reported to `failures` as an
 * `InvitationFailedError` and never ends the stream: the next invitation is handled.
 * Invitations are handled concurrently, each as soon as it arrives.
 *
 * ```
 * invites$  --a-----b-------c--
 * accept      ^-ok  ^-fails ^-ok
 * result    ----A-----------C--      failures: ------b!-----
 * ```
 *
 * @example
 * ```ts
 * import { acceptInvites, type InvitationFailedError, type UserAgent } from "rxsip";
 * import { Subject } from "rxjs";
 * declare const userAgent: UserAgent;
 *
 * const failures = new Subject<InvitationFailedError>();
 * userAgent.invites$
 *   .pipe(acceptInvites({ sessionDescriptionHandlerOptions: { constraints: { audio: true, video: false } } }, { failures }))
 *   .subscribe((session) => console.log("talking to", session.remoteIdentity.toString()));
 * ```
 */
export function acceptInvites(
  options?: PerInvitation<InvitationAcceptOptions | undefined>,
  handling: InvitationHandlingOptions = {},
): OperatorFunction<Invitation, Invitation> {
  return mergeEach(
    (invitation) => establish(invitation, options),
    (failure) => reportFailure(handling.failures, failure as never),
  );
}
