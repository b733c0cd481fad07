import type { SipRequest, SipResponse } from "../core/messages/index.js";
import { InvalidOptionError, SessionRecoveryError } from "./errors.js";
import type { SessionDescriptionHandler, SessionDescriptionHandlerOptions } from "./SessionDescriptionHandler.js";
import type { SessionRecoveryFailure, SessionRecoveryOptions } from "./SessionRecoveryEvent.js";
import type { Session } from "./Session.js";
import { SessionState } from "./SessionState.js";
import type { UserAgent } from "./UserAgent.js";
import { UserAgentState } from "./UserAgentState.js";

/**
 * Call recovery after a transport drop, made by {@link sessionRecovery} and given as
 * `UserAgentOptions.sessionRecovery`. Its code is in a page only when the page uses it.
 */
export interface SessionRecoverySupport {
  /** The recovery offer asks the media handler for an ICE restart. */
  readonly iceRestart: boolean;
  /** Seconds the sessions wait for the transport to come back. */
  readonly giveUpAfter: number;
  /** @internal The transport of `userAgent` dropped: its Established sessions wait for it. */
  lost(userAgent: UserAgent): void;
  /** @internal The transport of `userAgent` is back: each waiting session re-INVITEs through it. */
  back(userAgent: UserAgent): void;
}

/** Seconds to wait for the transport by default (64×T1). */
const DEFAULT_GIVE_UP = 32;

/** How long a recovery waits for an offer/answer exchange in progress before trying again (ms). */
const RETRY = 1000;

/**
 * Turns call recovery on for a user agent: when its transport drops under an Established
 * session and comes back (`reconnect()`, `reconnectionAttempts`, the `reconnectWhen`
 * operator ...), the session re-INVITEs through the new flow (RFC 3261 §14.1: our new Via
 * and Contact, so the peer's next requests reach us there) with an ICE restart asked of the
 * media handler; a refusal or no answer ends the call with BYE, and a transport that stays
 * away `giveUpAfter` seconds ends it locally. `session.recovery$` and `userAgent.recoveries$`
 * tell how it goes; a failure is also a `SessionRecoveryError` on `userAgent.errors$`.
 * Without it (the default, as SIP.js) a session is left as it is when the transport drops:
 * still Established, nothing sent, nothing on `recovery$`.
 *
 * @throws InvalidOptionError when `giveUpAfter` is not a positive number of seconds.
 *
 * @example
 * ```ts
 * import { UserAgent, sessionRecovery } from "rxsip";
 *
 * const ua = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com" },
 *   reconnectionAttempts: 5,
 *   // keep calls across a network change: re-INVITE with an ICE restart, give up after a minute
 *   sessionRecovery: sessionRecovery({ iceRestart: true, giveUpAfter: 60 }),
 * });
 * ua.recoveries$.subscribe((e) => console.log(e.session.id, e.type));
 * ```
 */
export function sessionRecovery(options: SessionRecoveryOptions = {}): SessionRecoverySupport {
  const iceRestart = options.iceRestart ?? true;
  const giveUpAfter = options.giveUpAfter ?? DEFAULT_GIVE_UP;
  if (!(giveUpAfter > 0) || giveUpAfter === Infinity) throw new InvalidOptionError(`sessionRecovery(): giveUpAfter must be a positive number of seconds, not ${giveUpAfter}`);
  return {
    iceRestart,
    giveUpAfter,
    lost(ua) {
      if (ua.state !== UserAgentState.Started || ua.sessions.size === 0) return;
      for (const session of [...ua.sessions.values()]) lost(session);
      ua.recoveryDeadline?.unsubscribe();
      ua.recoveryDeadline = ua.scheduler.schedule(() => {
        ua.recoveryDeadline = undefined;
        for (const session of [...ua.sessions.values()]) gone(session);
      }, giveUpAfter * 1000);
    },
    back(ua) {
      ua.recoveryDeadline?.unsubscribe();
      ua.recoveryDeadline = undefined;
      for (const session of [...ua.sessions.values()]) back(session, iceRestart);
    },
  };
}

/** The transport dropped: an Established session waits to be recovered. */
function lost(session: Session): void {
  if (session.state !== SessionState.Established || session.dialog === undefined || session.recoveryPending) return;
  session.recoveryPending = true;
  session.tellRecovery({ type: "pending", session });
}

/** The transport is back: re-INVITE through the new flow with (when asked) an ICE restart; a refusal or no answer ends the call. */
function back(session: Session, iceRestart: boolean): void {
  if (!session.recoveryPending) return;
  session.recoveryPending = false;
  const dialog = session.dialog;
  if (session.state !== SessionState.Established || dialog === undefined) return;
  // recovery gathers as without trickle ICE: the new candidates go in the offer
  const base: SessionDescriptionHandlerOptions = { ...session.sdhOptions, trickleIce: false };
  const sdhOptions = iceRestart ? { ...base, iceRestart: true, offerOptions: { ...(base["offerOptions"] as object | undefined), iceRestart: true } } : base;
  let sdh: SessionDescriptionHandler;
  try {
    sdh = session.getSdh();
  } catch {
    failed(session, "media");
    return;
  }
  sdh.getDescription(sdhOptions).then(
    (offer) => {
      if (session.state !== SessionState.Established) return;
      let request: SipRequest;
      try {
        request = dialog.reinvite(
          { body: offer.body, contentType: offer.contentType },
          {
            onAccept: (response) => {
              const applied = response.body !== "" ? sdh.setDescription(response.body, sdhOptions) : Promise.resolve();
              applied.then(
                () => {
                  session.lastLocalBody = offer.body;
                  session.tellRecovery({ type: "recovered", session, response });
                },
                () => failed(session, "media", response),
              );
            },
            onReject: (response) => failed(session, "rejected", response),
            onTimeout: () => failed(session, "timeout"),
            // dropped again before it was sent: wait for the next reconnection
            onTransportError: () => lost(session),
            onAbandoned: () => failed(session, "rejected"),
          },
        );
      } catch {
        // an offer/answer exchange is in progress (RFC 3261 §14.1): try again once it is over
        session.recoveryPending = true;
        session.userAgent.scheduler.schedule(() => back(session, iceRestart), RETRY);
        return;
      }
      session.tellRecovery({ type: "reinviting", session, request });
    },
    () => failed(session, "media"),
  );
}

/** The transport did not come back in time: the session ends here (no BYE can be sent). */
function gone(session: Session): void {
  if (!session.recoveryPending) return;
  session.recoveryPending = false;
  failed(session, "transport-never-returned");
}

/** Reports the failure, then ends the call: BYE when it can be sent, else locally. */
function failed(session: Session, reason: SessionRecoveryFailure, response?: SipResponse): void {
  session.tellRecovery({ type: "failed", session, reason, ...(response ? { response } : {}) });
  session.userAgent.reportError(new SessionRecoveryError(reason, response?.statusCode));
  const dialog = session.dialog;
  if (session.state !== SessionState.Established || dialog === undefined) return;
  if (reason !== "transport-never-returned" && session.userAgent.isConnected()) {
    session.bye({ requestOptions: { extraHeaders: [`Reason: SIP;cause=${response?.statusCode ?? 408};text="Session not recovered"`] } }).catch(() => dialog.terminate("bye-sent"));
    return;
  }
  dialog.terminate("disposed");
}
