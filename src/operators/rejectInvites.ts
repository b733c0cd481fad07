import type { OperatorFunction } from "rxjs";
import type { Invitation, InvitationRejectOptions } from "../api/Invitation.js";
import type { InvitationHandlingOptions } from "./acceptInvites.js";
import { optionsFor, type PerInvitation } from "./establish.js";
import { InvitationFailedError } from "./InvitationFailedError.js";
import { reportFailure } from "./InvitationFailures.js";
import { afterCall } from "./afterCall.js";
import { mergeEach } from "./mergeEach.js";

/**
 * Applied to `userAgent.invites$`: rejects the invitations `decide` returns options for
 * (`{ statusCode: 486 }` busy here, 603 decline ...; RFC 3261 §21.4–21.6), and passes on
 * the ones it returns `undefined` for, so further operators handle them. Given options
 * instead of a function, it rejects every invitation. A rejection that fails is reported
 * to `failures` and never ends the stream.
 *
 * ```
 * invites$  --a---b---c--
 * decide      486 -   603
 * result    ------b------      (a and c rejected)
 * ```
 *
 * @example
 * ```ts
 * import { acceptInvites, rejectInvites, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare function onAnotherCall(): boolean;
 *
 * userAgent.invites$
 *   .pipe(rejectInvites(() => (onAnotherCall() ? { statusCode: 486 } : undefined)), acceptInvites())
 *   .subscribe();
 * ```
 */
export function rejectInvites(
  decide: PerInvitation<InvitationRejectOptions | undefined> = {},
  handling: InvitationHandlingOptions = {},
): OperatorFunction<Invitation, Invitation> {
  return mergeEach(
    (invitation) => {
      const options = optionsFor(decide, invitation);
      return options && afterCall<Invitation>(() => invitation.reject(options));
    },
    (cause, invitation) => reportFailure(handling.failures, new InvitationFailedError("REJECT_FAILED", invitation, { cause })),
  );
}
