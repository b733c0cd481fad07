import type { Session } from "../api/Session.js";
import { SessionState } from "../api/SessionState.js";

/**
 * Ends a session whatever its state: BYE when Established (RFC 3261 §15.1.1), CANCEL for
 * an outgoing call still ringing (§9.1), a 480 for an incoming one not answered yet.
 * Resolves when the request was handed over; nothing to do for an ended session.
 *
 * @example
 * ```ts
 * import { hangup, type Session } from "rxsip";
 * declare const session: Session;
 *
 * // one "end call" button, whatever the state: BYE, CANCEL or 480
 * await hangup(session);
 * ```
 */
export function hangup(session: Session): Promise<unknown> {
  switch (session.state) {
    case SessionState.Established:
      return session.bye();
    case SessionState.Initial:
    case SessionState.Establishing: {
      const s = session as Session & { cancel?: () => Promise<void>; reject?: () => Promise<void> };
      if (typeof s.cancel === "function") return s.cancel();
      if (typeof s.reject === "function") return s.reject();
      return Promise.resolve();
    }
    default:
      return Promise.resolve();
  }
}
