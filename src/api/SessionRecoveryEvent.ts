import type { SipRequest, SipResponse } from "../core/messages/index.js";
import type { Session } from "./Session.js";

/** Why a session could not be recovered after its transport dropped. */
export type SessionRecoveryFailure =
  /** The peer refused the re-INVITE (481: it no longer knows the dialog; 488 ...): BYE sent. */
  | "rejected"
  /** The re-INVITE got no answer (RFC 3261 §12.2.1.2): BYE sent. */
  | "timeout"
  /** The media handler could not make the new offer: BYE sent. */
  | "media"
  /** The transport did not come back within `sessionRecovery.giveUpAfter`: ended locally, no BYE could be sent. */
  | "transport-never-returned";

/**
 * What happened to a session that was Established when its transport dropped, with the user
 * agent's `sessionRecovery: sessionRecovery()` option, in order:
 * `pending` (the transport dropped), `reinviting` (it is back: a re-INVITE went out through
 * the new flow, with our new Via and Contact and an ICE-restart request to the media
 * handler), then `recovered` (the 2xx, attached) or `failed` (with why and the response,
 * when there is one; the session then ends: `state$` goes to Terminated). A transport that
 * drops again during the re-INVITE makes it `pending` again.
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.recoveries$.subscribe((e) => {
 *   if (e.type === "pending") console.log(e.session.id, "network lost, trying to keep the call");
 *   if (e.type === "recovered") console.log(e.session.id, "back");
 *   if (e.type === "failed") console.log(e.session.id, "dropped:", e.reason);
 * });
 * ```
 */
export type SessionRecoveryEvent =
  | { readonly type: "pending"; readonly session: Session }
  | { readonly type: "reinviting"; readonly session: Session; readonly request: SipRequest }
  | { readonly type: "recovered"; readonly session: Session; readonly response: SipResponse }
  | { readonly type: "failed"; readonly session: Session; readonly reason: SessionRecoveryFailure; readonly response?: SipResponse };

/**
 * What `sessionRecovery()` takes (rxsip): call recovery is off unless its value is given as
 * the `sessionRecovery` user agent option.
 *
 * @example
 * ```ts
 * import { UserAgent, sessionRecovery } from "rxsip";
 *
 * // keep calls across a network change: re-INVITE with an ICE restart, give up after a minute
 * new UserAgent({ sessionRecovery: sessionRecovery({ iceRestart: true, giveUpAfter: 60 }) });
 * ```
 */
export interface SessionRecoveryOptions {
  /** Ask the media handler for an ICE restart in the recovery offer (default true). */
  iceRestart?: boolean;
  /** Seconds to wait for the transport to come back before ending the sessions (default 32, 64×T1). */
  giveUpAfter?: number;
}
