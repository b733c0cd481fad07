import { Observable } from "rxjs";
import type { Invitation, InvitationAcceptOptions } from "../api/Invitation.js";
import { SessionState } from "../api/SessionState.js";
import { InvitationFailedError } from "./InvitationFailedError.js";

/** Options for one invitation: a value, or made from the invitation. */
export type PerInvitation<O> = O | ((invitation: Invitation) => O);

/** The options for this invitation (a throwing function becomes the operator's failure). */
export function optionsFor<O>(options: PerInvitation<O> | undefined, invitation: Invitation): O | undefined {
  return typeof options === "function" ? (options as (invitation: Invitation) => O)(invitation) : options;
}

/**
 * Accepts `invitation` and emits it once Established (RFC 3261 §13.3.1.4: our 2xx sent and
 * acknowledged), then completes. Errors with {@link InvitationFailedError}: ACCEPT_FAILED
 * when `accept()` refused, ENDED_BEFORE_ESTABLISHED when the call ended first.
 */
export function establish(invitation: Invitation, options: PerInvitation<InvitationAcceptOptions | undefined>): Observable<Invitation> {
  return new Observable<Invitation>((subscriber) => {
    const failed = (cause: unknown) => subscriber.error(new InvitationFailedError("ACCEPT_FAILED", invitation, { cause }));
    let accepted: PromiseLike<void>;
    try {
      accepted = invitation.accept(optionsFor(options, invitation));
    } catch (cause) {
      return failed(cause);
    }
    accepted.then(
      () =>
        subscriber.add(
          firstState(invitation, (s) => s === SessionState.Established || s === SessionState.Terminated).subscribe({
            next: (s) => {
              if (s !== SessionState.Established) return subscriber.error(new InvitationFailedError("ENDED_BEFORE_ESTABLISHED", invitation));
              subscriber.next(invitation);
              subscriber.complete();
            },
            error: (e: unknown) => subscriber.error(e),
          }),
        ),
      failed,
    );
  });
}

/** Emits once the session has ended (at once if it already has). */
export function ended(session: { readonly state$: Observable<SessionState> }): Observable<unknown> {
  return firstState(session, (s) => s === SessionState.Terminated);
}

/** The first state `wanted` picks, then completes; Terminated when `state$` completes first. */
function firstState(session: { readonly state$: Observable<SessionState> }, wanted: (s: SessionState) => boolean): Observable<SessionState> {
  return new Observable<SessionState>((subscriber) => {
    const settle = (s: SessionState) => {
      subscriber.next(s);
      subscriber.complete();
    };
    return session.state$.subscribe({
      next: (s) => wanted(s) && settle(s),
      error: (e: unknown) => subscriber.error(e),
      complete: () => settle(SessionState.Terminated),
    });
  });
}
