import type { Session } from "../api/Session.js";
import { SessionState } from "../api/SessionState.js";

/**
 * Ends a session whatever its state: BYE when Established (RFC 3261 §15.1.1), CANCEL for
 * an outgoing call still ringing (§9.1), a 480 for an incoming one not answered yet.
 */
export async function hangup(session: Session): Promise<void> {
  switch (session.state) {
    case SessionState.Established:
      await session.bye();
      return;
    case SessionState.Initial:
    case SessionState.Establishing: {
      const s = session as Session & { cancel?: () => Promise<void>; reject?: () => Promise<void> };
      if (typeof s.cancel === "function") await s.cancel();
      else if (typeof s.reject === "function") await s.reject();
      return;
    }
    default:
      return;
  }
}
