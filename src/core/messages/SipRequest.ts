import { parseHeaderValue } from "../grammar/index.js";
import { ownString } from "./ownString.js";
import { SipMessage } from "./SipMessage.js";
import { Uri } from "./Uri.js";

/**
 * A SIP request (RFC 3261 §7.1): method, Request-URI, headers, body.
 *
 * @example
 * ```ts
 * import { parseMessage, SipRequest } from "rxsip/core";
 * declare const datagram: Uint8Array;
 *
 * const message = parseMessage(datagram);
 * if (message instanceof SipRequest) {
 *   console.log(message.method, message.ruri.toString(), message.from.uri.toString());
 * }
 * ```
 */
export class SipRequest extends SipMessage {
  // on the prototype: nothing per message
  get isRequest(): true {
    return true;
  }
  get isResponse(): false {
    return false;
  }
  /** "SIP/2.0" unless the peer wrote another version (answered with 505 by the user agent). */
  version = "SIP/2.0";
  /** The Request-URI; undefined while compacted (then `uriText` has it). */
  private uri: Uri | undefined;
  /** The Request-URI as text, set by `compact()`. */
  private uriText: string | undefined;

  constructor(
    public method: string,
    ruri: Uri,
  ) {
    super();
    this.uri = ruri;
  }

  /** The Request-URI (after `compact()`, parsed again from its text at the first read). */
  get ruri(): Uri {
    return (this.uri ??= new Uri(parseHeaderValue("Uri", this.uriText!, "request-uri")));
  }

  set ruri(uri: Uri) {
    this.uri = uri;
    this.uriText = undefined;
  }

  /** A copy with the same start line, headers and body (typed values are parsed again when read). */
  clone(): SipRequest {
    const c = new SipRequest(this.method, this.ruri.clone());
    c.version = this.version;
    for (const [name, value] of this.headers) c.addHeader(name, value);
    c.body = this.body;
    c.bodyBytes = this.bodyBytes;
    return c;
  }

  /** See `SipMessage.compact`; the Request-URI is kept as text too (parsed again when next read). */
  override compact(): void {
    super.compact();
    if (this.uri !== undefined) {
      this.uriText = ownString(this.uri.toString());
      this.uri = undefined;
    }
  }

  get startLine(): string {
    return `${this.method} ${this.uri !== undefined ? this.uri.toString() : this.uriText!} ${this.version}`;
  }
}
