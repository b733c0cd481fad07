import type { SipRequest } from "../core/messages/index.js";

/**
 * A BYE the peer sent: already answered 200 by the session (RFC 3261 §15.1.2), so accept/reject do nothing.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * session.byes$.subscribe((bye) => console.log("hung up by", bye.request.from.uri.toString()));
 * ```
 */
export class Bye {
  constructor(readonly request: SipRequest) {}

  /**
   * Does nothing: the session already answered this BYE with 200 OK. Kept so SIP.js code that calls
   * `bye.accept()` in `onBye` still compiles and runs.
   */
  async accept(): Promise<void> {}

  /**
   * Does nothing: a BYE cannot be refused once it arrived, and the session already answered it with 200 OK.
   * Kept for SIP.js compatibility.
   */
  async reject(): Promise<void> {}
}
