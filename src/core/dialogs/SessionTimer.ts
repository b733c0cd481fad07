import type { SchedulerLike, Subscription } from "rxjs";
import type { SipMessage } from "../messages/index.js";

/** The negotiated session timer of a dialog (RFC 4028). */
export interface SessionTimerTerms {
  /** Session interval, seconds. */
  interval: number;
  /** Who refreshes: this side ("local") or the peer ("remote"). */
  refresher: "local" | "remote";
}

/**
 * Reads the session timer a 2xx (or a refresh request) settles on (RFC 4028 §7.2, §9):
 * the Session-Expires value and its `refresher` parameter, mapped to local/remote for the
 * side that reads it. Undefined when the message has no Session-Expires.
 */
export function readSessionTimer(message: SipMessage, role: "uac" | "uas"): SessionTimerTerms | undefined {
  let se;
  try {
    se = message.parseHeader("session-expires", "SessionExpires");
  } catch {
    return undefined;
  }
  if (se === undefined) return undefined;
  const r = (se.params["refresher"] ?? "").toLowerCase();
  const refresherRole = r === "uas" ? "uas" : r === "uac" ? "uac" : undefined;
  return { interval: se.delta, refresher: (refresherRole ?? "uac") === role ? "local" : "remote" };
}

/**
 * Runs a negotiated session timer (RFC 4028 §10): the refresher sends a refresh at half
 * the interval; the other side, if no refresh arrives, ends the session at
 * interval - min(32, interval / 3) seconds. `restart` is called at every successful
 * refresh (either direction).
 */
export class SessionTimer {
  private pending: Subscription | undefined;
  terms: SessionTimerTerms | undefined;

  constructor(
    private readonly scheduler: SchedulerLike,
    private readonly onRefreshDue: () => void,
    private readonly onExpired: () => void,
  ) {}

  restart(terms: SessionTimerTerms | undefined): void {
    this.stop();
    this.terms = terms;
    if (terms === undefined) return;
    const ms = terms.interval * 1000;
    if (terms.refresher === "local") {
      this.pending = this.scheduler.schedule(() => this.onRefreshDue(), ms / 2);
    } else {
      this.pending = this.scheduler.schedule(() => this.onExpired(), ms - Math.min(32000, ms / 3));
    }
  }

  stop(): void {
    this.pending?.unsubscribe();
    this.pending = undefined;
  }
}
