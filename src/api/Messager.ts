import type { Uri } from "../core/messages/index.js";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import { headerPairs } from "./IncomingRequestContext.js";
import { coreHandlers, type OutgoingRequestDelegate, type OutgoingRequestMessage, type RequestOptions } from "./requestTypes.js";
import type { UserAgent } from "./UserAgent.js";
import { UserAgentStateError } from "./errors.js";

export interface MessagerOptions {
  extraHeaders?: string[];
  params?: { callId?: string; fromDisplayName?: string; toDisplayName?: string };
}

export interface MessagerMessageOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/** Sends a MESSAGE outside any dialog (RFC 3428; SIP.js's `Messager`). */
export class Messager {
  constructor(
    readonly userAgent: UserAgent,
    readonly target: Uri,
    readonly content: string,
    readonly contentType = "text/plain",
    readonly options: MessagerOptions = {},
  ) {}

  /** Resolves once sent; the answer goes to `requestDelegate`. */
  message(options: MessagerMessageOptions = {}): Promise<OutgoingRequestMessage> {
    if (this.userAgent.state !== "Started") return Promise.reject(new UserAgentStateError("message() needs a started user agent"));
    try {
      const core = this.userAgent.userAgentCore;
      const extraHeaders = [...headerPairs(this.options.extraHeaders), ...headerPairs(options.requestOptions?.extraHeaders)];
      const req = core.createRequest("MESSAGE", this.target, {
        ...(this.options.params?.callId !== undefined ? { callId: this.options.params.callId } : {}),
        extraHeaders,
        body: this.content,
        contentType: this.contentType,
      });
      const out = core.request(req, coreHandlers(guardRequestDelegate(this.userAgent, options.requestDelegate)));
      return Promise.resolve({ message: out.request });
    } catch (e) {
      return Promise.reject(e);
    }
  }
}
