import { SipMessage } from "./SipMessage.js";
import { Uri } from "./Uri.js";

/** A SIP request (RFC 3261 §7.1): method, Request-URI, headers, body. */
export class SipRequest extends SipMessage {
  readonly isRequest = true as const;
  readonly isResponse = false as const;
  /** "SIP/2.0" unless the peer wrote another version (answered with 505 by the user agent). */
  version = "SIP/2.0";

  constructor(
    public method: string,
    public ruri: Uri,
  ) {
    super();
  }

  get startLine(): string {
    return `${this.method} ${this.ruri.toString()} ${this.version}`;
  }
}
