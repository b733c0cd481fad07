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

  /** A copy with the same start line, headers and body (typed values are parsed again when read). */
  clone(): SipRequest {
    const c = new SipRequest(this.method, this.ruri.clone());
    c.version = this.version;
    for (const [name, value] of this.headers) c.addHeader(name, value);
    if (this.bodyBytes !== undefined) {
      c.body = this.body;
      c.bodyBytes = this.bodyBytes;
    } else c.body = this.body;
    return c;
  }

  get startLine(): string {
    return `${this.method} ${this.ruri.toString()} ${this.version}`;
  }
}
