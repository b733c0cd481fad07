import type { SipRequest } from "../core/messages/index.js";

/** A BYE the peer sent: already answered 200 by the session (RFC 3261 §15.1.2), so accept/reject do nothing. */
export class Bye {
  constructor(readonly request: SipRequest) {}

  accept(): Promise<void> {
    return Promise.resolve();
  }

  reject(): Promise<void> {
    return Promise.resolve();
  }
}
