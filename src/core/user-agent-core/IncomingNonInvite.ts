import type { SipRequest } from "../messages/index.js";
import type { NonInviteServerTransaction } from "../transactions/index.js";
import type { ResponseOptions } from "./ResponseOptions.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/**
 * A non-INVITE request that arrived (MESSAGE, OPTIONS, NOTIFY, REFER, SUBSCRIBE, INFO,
 * BYE ...), with its server transaction. Answer it once with `accept` or `reject`; a second
 * final answer is ignored by the transaction.
 *
 * @example
 * ```ts
 * import type { UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 *
 * core.delegate = {
 *   onRequest: (incoming) => {
 *     if (incoming.request.method === "MESSAGE") incoming.accept();
 *     else incoming.reject({ statusCode: 405 });
 *   },
 * };
 * ```
 */
export class IncomingNonInvite {
  constructor(
    private readonly core: UserAgentCore,
    readonly request: SipRequest,
    readonly transaction: NonInviteServerTransaction,
    /** The To tag of the answers: the dialog's local tag, or one made for this request. */
    readonly toTag: string,
  ) {}

  get answered(): boolean {
    return this.transaction.lastResponse !== undefined && this.transaction.lastResponse.statusCode >= 200;
  }

  /** Sends a provisional or final response. */
  respond(statusCode: number, options: ResponseOptions = {}): void {
    const res = this.core.buildResponse(this.request, statusCode, options.reasonPhrase, this.toTag, options);
    this.transaction.respond(res);
  }

  /** 200 OK (or another 2xx given in options). */
  accept(options: ResponseOptions = {}): void {
    this.respond(options.statusCode ?? 200, options);
  }

  /** A final failure response (default 480). */
  reject(options: ResponseOptions = {}): void {
    this.respond(options.statusCode ?? 480, options);
  }
}
