import { SipMessage } from "./SipMessage.js";

/**
 * A SIP response (RFC 3261 §7.2): status code, reason phrase, headers, body.
 *
 * @example
 * ```ts
 * import type { Inviter } from "rxsip";
 * declare const inviter: Inviter;
 *
 * inviter.responses$.subscribe((response) => {
 *   console.log(response.statusCode, response.reasonPhrase, response.getHeader("Server"));
 * });
 * ```
 */
export class SipResponse extends SipMessage {
  // on the prototype: nothing per message
  get isRequest(): false {
    return false;
  }
  get isResponse(): true {
    return true;
  }
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
