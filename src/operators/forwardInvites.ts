import type { OperatorFunction } from "rxjs";
import type { Invitation } from "../api/Invitation.js";
import { makeUri } from "../api/makeUri.js";
import type { Uri } from "../core/messages/index.js";
import type { InvitationHandlingOptions } from "./acceptInvites.js";
import { optionsFor, type PerInvitation } from "./establish.js";
import { InvitationFailedError } from "./InvitationFailedError.js";
import { reportFailure } from "./InvitationFailures.js";
import { afterCall } from "./afterCall.js";
import { mergeEach } from "./mergeEach.js";

/**
 * Options of {@link forwardInvites}.
 *
 * @example
 * ```ts
 * import { forwardInvites, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.invites$.pipe(forwardInvites("sip:reception@example.com", { statusCode: 301 })).subscribe(); // moved permanently
 * ```
 */
export interface ForwardInvitesOptions extends InvitationHandlingOptions {
  /** 302 Moved Temporarily (default) or 301 Moved Permanently (RFC 3261 §21.3.2, §21.3.3). */
  statusCode?: 301 | 302;
}

/**
 * Applied to `userAgent.invites$`: redirects the invitations `target` names a destination
 * for, answering 302 with that Contact, so the caller calls there instead (RFC 3261
 * §8.1.3.4, §21.3.3): call forwarding without staying in the path. Invitations it names
 * none for (`undefined`) are passed on. A target that is not a SIP URI, or a redirect that
 * fails, is reported to `failures` and never ends the stream.
 *
 * ```
 * invites$  --a---b--
 * target      v   -
 * result    ------b--      (a answered 302, Contact: v)
 * ```
 *
 * @example
 * ```ts
 * import { acceptInvites, forwardInvites, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare let away: boolean;
 *
 * userAgent.invites$
 *   .pipe(forwardInvites(() => (away ? "sip:voicemail@example.com" : undefined)), acceptInvites())
 *   .subscribe();
 * ```
 */
export function forwardInvites(
  target: PerInvitation<Uri | string | undefined>,
  options: ForwardInvitesOptions = {},
): OperatorFunction<Invitation, Invitation> {
  return mergeEach(
    (invitation) => {
      const named = optionsFor(target, invitation);
      if (named === undefined) return undefined;
      const to = typeof named === "string" ? makeUri(named) : named;
      if (to === undefined) throw new TypeError("the forwarding target is not a SIP URI");
      const contact = `<${to.toString()}>`;
      return afterCall<Invitation>(() => invitation.reject({ statusCode: options.statusCode ?? 302, extraHeaders: [`Contact: ${contact}`] }));
    },
    (cause, invitation) => reportFailure(options.failures, new InvitationFailedError("FORWARD_FAILED", invitation, { cause })),
  );
}
