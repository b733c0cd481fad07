import type { InviteSession } from "../dialogs/InviteSession.js";
import { readSessionTimer, SessionTimer } from "../dialogs/SessionTimer.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import { InvalidOptionError } from "./errors.js";
import { hasToken } from "./OutgoingInvite.js";
import type { SessionTimerOptions } from "./UserAgentCoreOptions.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/**
 * Session timers (RFC 4028) for a user agent, made by {@link sessionTimers} and given as
 * `sessionTimers` in the options of a `UserAgent` or a `UserAgentCore`. Its code is in a
 * page only when the page uses it.
 */
export interface SessionTimerSupport {
  /** The Session-Expires we ask for, seconds. */
  readonly sessionExpires: number;
  /** The Min-SE we accept and announce, seconds. */
  readonly minSE: number;
  /** @internal The timer of one INVITE dialog usage. */
  start(session: InviteSession): SessionTimer;
  /** @internal Session-Expires and Min-SE for our initial INVITE (§7.1), unless the caller wrote its own. */
  offer(request: SipRequest): void;
  /** @internal True when an INVITE asks for a session interval below our Min-SE: it gets 422 (§8.1). */
  tooShort(request: SipRequest): boolean;
  /** @internal The INVITE sent again after a 422 (§7.4), with the interval raised to its Min-SE; undefined when that does not help. */
  retry(request: SipRequest, response: SipResponse, core: UserAgentCore): SipRequest | undefined;
  /** @internal Session-Expires (and Require) of our 2xx to an initial INVITE (§9). */
  answer(invite: SipRequest): Array<readonly [string, string]>;
}

/** What a session timer may not be below (RFC 4028 §4: "MUST NOT be less than 90 seconds"). */
const FLOOR = 90;

/**
 * Turns session timers (RFC 4028) on: our INVITEs ask for `sessionExpires` seconds (Min-SE
 * `minSE`), `Supported: timer` is said, a peer that asks for timers gets them, and an
 * established call is refreshed (UPDATE when the peer allows it, else re-INVITE) at half the
 * interval by whichever side refreshes, or ended with BYE when the peer's refresh does not
 * come. Without it (the default, as SIP.js) no Session-Expires is sent, one received is
 * ignored (RFC 4028 §7, §9: as if it were absent) and an INVITE with `Require: timer` gets
 * 420 Bad Extension.
 *
 * @throws InvalidOptionError when a value is not a whole number of seconds of at least 90
 *   (RFC 4028 §4), or `sessionExpires` is below `minSE`.
 *
 * @example
 * ```ts
 * import { UserAgent, sessionTimers } from "rxsip";
 *
 * const ua = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com" },
 *   sessionTimers: sessionTimers({ sessionExpires: 600 }), // calls refreshed every 5 minutes
 * });
 * ```
 */
export function sessionTimers(options: SessionTimerOptions = {}): SessionTimerSupport {
  const sessionExpires = options.sessionExpires ?? 1800;
  const minSE = options.minSE ?? FLOOR;
  if (!(Number.isInteger(sessionExpires) && Number.isInteger(minSE) && minSE >= FLOOR && sessionExpires >= minSE)) {
    throw new InvalidOptionError(`sessionTimers(): minSE (${minSE}) and sessionExpires (${sessionExpires}) must be whole seconds, ${FLOOR} <= minSE <= sessionExpires (RFC 4028)`);
  }
  return {
    sessionExpires,
    minSE,
    start: (session) => new SessionTimer(session.core.scheduler, { refreshDue: () => refresh(session), expired: () => expire(session) }, session.core.transactions.timerQueues),
    offer(request) {
      if (request.hasHeader("session-expires")) return;
      request.addHeader("Session-Expires", String(sessionExpires));
      request.addHeader("Min-SE", String(minSE));
    },
    tooShort(request) {
      const se = request.parseHeader("session-expires", "SessionExpires");
      return se !== undefined && se.delta < minSE;
    },
    retry(request, response, core) {
      const raised = Number(response.getHeader("min-se")?.split(";")[0]);
      const current = Number(request.getHeader("session-expires")?.split(";")[0] ?? 0);
      if (!Number.isInteger(raised) || raised <= current) return undefined;
      const next = core.nextAttempt(request);
      next.setHeader("Session-Expires", String(raised));
      next.setHeader("Min-SE", String(raised));
      return next;
    },
    answer(invite) {
      const supports = hasToken(invite, "supported", "timer");
      const asked = readSessionTimer(invite, "uas");
      let interval = asked?.interval;
      let refresherRole: "uac" | "uas";
      if (interval === undefined) {
        // the caller did not ask; we may still ask if it supports timers (§9), and refresh ourselves
        if (!supports) return [];
        interval = sessionExpires;
        refresherRole = "uas";
      } else {
        const r = (invite.parseHeader("session-expires", "SessionExpires")?.params["refresher"] ?? "").toLowerCase();
        refresherRole = r === "uas" ? "uas" : r === "uac" ? "uac" : supports ? "uac" : "uas";
      }
      const headers: Array<readonly [string, string]> = [["Session-Expires", `${interval};refresher=${refresherRole}`]];
      if (refresherRole === "uac" || supports) headers.push(["Require", "timer"]);
      return headers;
    },
  };
}

/** A refresh is due (RFC 4028 §10): UPDATE when the peer allows it, else re-INVITE with our last description. */
function refresh(session: InviteSession): void {
  if (session.state !== "confirmed") return;
  try {
    if (session.peerAllows.includes("UPDATE")) session.update({});
    else {
      const body = session.delegate.refreshBody?.();
      session.reinvite(body !== undefined ? { body } : {});
    }
  } catch {
    // an exchange is in progress; it restarts the timer itself when it succeeds
  }
}

/** No refresh came in time (RFC 4028 §10): BYE. */
function expire(session: InviteSession): void {
  if (session.state !== "confirmed") return;
  session.delegate.onSessionExpired?.();
  session.sendBye({ extraHeaders: [["Reason", 'SIP;cause=408;text="Session expired"']] }, "expired");
}
