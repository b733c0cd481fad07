import type { SchedulerLike } from "rxjs";
import type { SipMessage, SipRequest } from "../messages/index.js";
import type { Cancellable, TimerQueues } from "../transactions/TimerQueue.js";

/** The negotiated session timer of a dialog (RFC 4028). */
export interface SessionTimerTerms {
  /** Session interval, seconds. */
  interval: number;
  /** Who refreshes: this side ("local") or the peer ("remote"). */
  refresher: "local" | "remote";
}

/**
 * Our part in the transaction that carries a Session-Expires: "uac" when we sent the
 * request (initial INVITE, or a re-INVITE / UPDATE we send, and its 2xx), "uas" when we
 * answer it. The `refresher` parameter names a side of that transaction (RFC 4028 §4, §9),
 * not of the dialog: in a refresh sent by the callee, `refresher=uac` means the callee.
 */
export type TransactionRole = "uac" | "uas";

/**
 * Reads the session timer a 2xx (or a refresh request) settles on (RFC 4028 §7.2, §9):
 * the Session-Expires value and its `refresher` parameter, mapped to local/remote for the
 * side that reads it, whose part in that transaction is `role`. A missing `refresher` means
 * the UAC of the transaction. Undefined when the message has no (readable) Session-Expires.
 *
 * @example
 * ```ts
 * import { readSessionTimer, type SipResponse } from "rxsip/core";
 * declare const ok: SipResponse; // 200 OK to our INVITE, with Session-Expires: 1800;refresher=uac
 *
 * readSessionTimer(ok, "uac"); // { interval: 1800, refresher: "local" }
 * ```
 */
export function readSessionTimer(message: SipMessage, role: TransactionRole): SessionTimerTerms | undefined {
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
 * The `refresher` parameter that says `terms.refresher` in a message where our part in the transaction is `role`.
 *
 * @example
 * ```ts
 * import { refresherParam } from "rxsip/core";
 *
 * // as the UAS answering an INVITE, with the refreshing left to the caller
 * refresherParam({ interval: 1800, refresher: "remote" }, "uas"); // "uac": written as ;refresher=uac
 * ```
 */
export function refresherParam(terms: SessionTimerTerms, role: TransactionRole): TransactionRole {
  if (terms.refresher === "local") return role;
  return role === "uac" ? "uas" : "uac";
}

/**
 * Runs a negotiated session timer (RFC 4028 §10): the refresher sends a refresh at half
 * the interval; the other side, if no refresh arrives, ends the session at
 * interval - min(32, interval / 3) seconds. `restart` is called at every successful
 * refresh (either direction).
 *
 * @example
 * ```ts
 * import { SessionTimer } from "rxsip/core";
 * import { asyncScheduler } from "rxjs";
 *
 * const timer = new SessionTimer(asyncScheduler, {
 *   refreshDue: () => console.log("send a re-INVITE or UPDATE now"),
 *   expired: () => console.log("no refresh came: send BYE"),
 * });
 * timer.restart({ interval: 1800, refresher: "local" }); // refresh after 900 s
 * timer.stop();
 * ```
 */
export class SessionTimer {
  private pending: Cancellable | undefined;
  terms: SessionTimerTerms | undefined;

  constructor(
    private readonly scheduler: SchedulerLike,
    /** Told when a refresh is due (we refresh) or the session expired (the peer did not). */
    private readonly owner: { refreshDue(): void; expired(): void },
    /**
     * Where the timer waits when given (one scheduled action for all the sessions' timers of
     * one length: most calls negotiate the same interval); else it is scheduled on its own.
     */
    private readonly queues?: TimerQueues,
  ) {}

  /**
   * Starts over with the terms the latest 2xx (or UPDATE) negotiated: the refresher refreshes at half the
   * interval, the other side ends the session shortly before it runs out (RFC 4028 §10). `undefined` turns
   * the timer off.
   */
  restart(terms: SessionTimerTerms | undefined): void {
    this.stop();
    this.terms = terms;
    if (terms === undefined) return;
    const ms = terms.interval * 1000;
    const wait = terms.refresher === "local" ? ms / 2 : ms - Math.min(32000, ms / 3);
    this.pending = this.queues ? this.queues.schedule(SessionTimer.fire, wait, this) : this.scheduler.schedule(SessionTimer.fire, wait, this);
  }

  /** Half the interval has passed and we refresh, or the peer's refresh is overdue: the owner is told. */
  private static fire(timer?: SessionTimer): void {
    if (timer === undefined) return;
    timer.pending = undefined;
    if (timer.terms?.refresher === "local") timer.owner.refreshDue();
    else timer.owner.expired();
  }

  /** The 2xx to the initial INVITE, in which our part was `role`, says the terms (RFC 4028 §7.2, §9). */
  confirmed(response: SipMessage, role: TransactionRole): void {
    this.restart(readSessionTimer(response, role));
  }

  /** The 2xx to our refresh (RFC 4028 §7.2: we were its UAC) says the terms; without Session-Expires they stay. */
  refreshAnswered(response: SipMessage): void {
    this.restart(readSessionTimer(response, "uac") ?? this.terms);
  }

  /** Cancels the pending refresh or expiry (the session ended or the terms are changing). */
  stop(): void {
    this.pending?.unsubscribe();
    this.pending = undefined;
  }

  /** Session-Expires and Supported for a refresh we send (RFC 4028 §7.4, §9): we are its UAC; who refreshes stays as it is. */
  refreshHeaders(): Array<readonly [string, string]> {
    const terms = this.terms;
    if (terms === undefined) return [];
    return [
      ["Session-Expires", `${terms.interval};refresher=${refresherParam(terms, "uac")}`],
      ["Supported", "timer"],
    ];
  }

  /**
   * A refresh request from the peer that we accept (RFC 4028 §9): the timer restarts (when
   * `restart`) on its Session-Expires, read as the UAS of that transaction — without a
   * `refresher` parameter whoever refreshed before keeps doing it; without Session-Expires,
   * the terms stay. Returns the Session-Expires and Require our 2xx carries (Require: timer only when the
   * request said Supported: timer).
   */
  peerRefresh(request: SipRequest, restart: boolean): Array<readonly [string, string]> {
    let se;
    try {
      se = request.parseHeader("session-expires", "SessionExpires");
    } catch {
      se = undefined;
    }
    let terms = this.terms;
    if (se !== undefined) {
      const r = (se.params["refresher"] ?? "").toLowerCase();
      terms = { interval: se.delta, refresher: r === "uac" ? "remote" : r === "uas" ? "local" : (terms?.refresher ?? "remote") };
    }
    if (restart) this.restart(terms);
    if (terms === undefined) return [];
    const headers: Array<readonly [string, string]> = [["Session-Expires", `${terms.interval};refresher=${refresherParam(terms, "uas")}`]];
    // RFC 3261 §8.2.2.3: Require names only extensions the request said it supports
    let supported: string[] = [];
    try {
      supported = request.tokens("supported");
    } catch {
      // an unreadable Supported says nothing
    }
    if (supported.some((t) => t.toLowerCase() === "timer")) headers.push(["Require", "timer"]);
    return headers;
  }
}
