import type { DigestExchange } from "../auth/index.js";
import { readChallenges } from "../auth/readChallenges.js";
import type { Dialog } from "../dialogs/Dialog.js";
import type { SipRequest, SipResponse } from "../messages/index.js";
import type { UserAgentCore } from "./UserAgentCore.js";

/**
 * The digest credentials of one request across its attempts (RFC 3261 §22.2, §22.3): each
 * 401 / 407 is answered with a new attempt carrying credentials, once per challenge (the
 * exchange refuses to answer the same challenge twice unless it is stale).
 */
export class CredentialRetry {
  private exchange: DigestExchange | undefined;

  constructor(private readonly core: UserAgentCore) {}

  /**
   * The next attempt of `request` with credentials answering the challenges of `response`,
   * replacing any it carried; undefined when they cannot or should not be answered (no
   * credentials, challenges unreadable, wrong credentials, a stale loop, no usable
   * algorithm): the 401 / 407 then stands. In a dialog the attempt takes the dialog's next
   * CSeq (§12.2.1.1), counted only when the attempt is made.
   */
  next(request: SipRequest, response: SipResponse, dialog?: Dialog): SipRequest | undefined {
    const auth = this.core.authenticator;
    if (auth === undefined) return undefined;
    this.exchange ??= auth.exchange();
    const next = this.core.nextAttempt(request);
    if (dialog !== undefined) next.setHeader("CSeq", `${dialog.localSeq + 1} ${next.method}`);
    let headers;
    try {
      const challenges = {
        wwwAuthenticate: readChallenges(response.getHeaders("www-authenticate")),
        proxyAuthenticate: readChallenges(response.getHeaders("proxy-authenticate")),
      };
      headers = this.exchange.respond(challenges, { method: next.method, uri: next.ruri.toString(), body: next.body });
    } catch {
      return undefined;
    }
    if (dialog !== undefined) dialog.localSeq++;
    return carry(next, headers);
  }

  /**
   * `next`, an attempt made for another reason (a 422, RFC 4028 §7.4) from one that carried
   * credentials, with fresh ones: each use of a nonce counts (RFC 7616 §3.4.5, nc), and a
   * server that tracks it refuses a replay.
   */
  renew(next: SipRequest): SipRequest {
    return this.exchange ? carry(next, this.exchange.authorize({ method: next.method, uri: next.ruri.toString(), body: next.body })) : next;
  }
}

/** `request` with `headers` as its only Authorization / Proxy-Authorization. */
function carry(request: SipRequest, headers: ReadonlyArray<{ name: string; value: string }>): SipRequest {
  request.removeHeader("authorization").removeHeader("proxy-authorization");
  for (const h of headers) request.addHeader(h.name, h.value);
  return request;
}
