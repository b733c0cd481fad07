import { SipMessage } from "./SipMessage.js";

/** A SIP response (RFC 3261 §7.2): status code, reason phrase, headers, body. */
export class SipResponse extends SipMessage {
  readonly isRequest = false as const;
  readonly isResponse = true as const;
  version = "SIP/2.0";

  constructor(
    public statusCode: number,
    public reasonPhrase: string,
  ) {
    super();
  }

  get startLine(): string {
    return `${this.version} ${this.statusCode} ${this.reasonPhrase}`;
  }
}
