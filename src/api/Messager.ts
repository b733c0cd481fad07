import type { Observable } from "rxjs";
import type { SipRequest, Uri } from "../core/messages/index.js";
import { RequestStreams, type RequestOutcome } from "./RequestOutcome.js";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import { headerPairs } from "./IncomingRequestContext.js";
import { coreHandlers, type OutgoingRequestDelegate, type OutgoingRequestMessage, type RequestOptions } from "./requestTypes.js";
import type { UserAgent } from "./UserAgent.js";
import { UserAgentStateError } from "./errors.js";

/**
 * Options of the {@link Messager} constructor: header lines added to every MESSAGE it sends, and SIP.js's
 * `params` (rxsip uses its `callId`; the display names are accepted for compatibility).
 */
export interface MessagerOptions {
  extraHeaders?: string[];
  params?: { callId?: string; fromDisplayName?: string; toDisplayName?: string };
}

/**
 * Options of {@link Messager.message}: a delegate told of the response to the MESSAGE, and extra header lines
 * sent after the constructor's (the body is always the constructor's `content`).
 */
export interface MessagerMessageOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/**
 * Sends a MESSAGE outside any dialog (RFC 3428; SIP.js's `Messager`).
 *
 * @example
 * ```ts
 * import { Messager, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const messager = new Messager(userAgent, UserAgent.makeURI("sip:bob@example.com")!, "Hello!");
 * messager.outcomes$.subscribe((outcome) => console.log(outcome.type));
 * await messager.message();
 * ```
 */
export class Messager {
  constructor(
    readonly userAgent: UserAgent,
    readonly target: Uri,
    readonly content: string,
    readonly contentType = "text/plain",
    readonly options: MessagerOptions = {},
  ) {}

  /** Behind `outcomes$`, made with the first message() or when first asked for. */
  private requests: RequestStreams | undefined;

  /**
   * rxsip: how each MESSAGE sent with this Messager ended (accepted, rejected with the
   * response attached, timeout, transport error), beside `requestDelegate`. A Messager has
   * no end of life: the stream does not complete (take what you need, e.g. `take(1)`).
   */
  get outcomes$(): Observable<RequestOutcome> {
    return (this.requests ??= new RequestStreams(this.userAgent, "messager")).outcomes$;
  }

  /** Resolves once sent; the answer goes to `requestDelegate` and `outcomes$`. */
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
      const requests = (this.requests ??= new RequestStreams(this.userAgent, "messager"));
      let out: { request: SipRequest } | undefined = undefined;
      out = core.request(req, coreHandlers(guardRequestDelegate(this.userAgent, options.requestDelegate), undefined, requests, () => out?.request ?? req));
      return Promise.resolve({ message: out.request });
    } catch (e) {
      return Promise.reject(e);
    }
  }
}
