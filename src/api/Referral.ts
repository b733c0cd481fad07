import { Dialog } from "../core/dialogs/index.js";
import { NameAddr, type SipRequest, type SipResponse } from "../core/messages/index.js";
import type { IncomingNonInvite } from "../core/user-agent-core/index.js";
import { InvalidOptionError } from "./errors.js";
import { toCoreResponse, type ResponseOptionsApi } from "./IncomingRequestContext.js";
import { Inviter, type InviterOptions } from "./Inviter.js";
import type { Session } from "./Session.js";
import { SessionState } from "./SessionState.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * A REFER the peer sent (RFC 3515; SIP.js's `Referral`). `accept()` answers 202 and starts
 * the implicit subscription with a NOTIFY "100 Trying"; `makeInviter()` calls the Refer-To
 * target (with Replaces for attended transfer, RFC 3891, and Referred-By, RFC 3892) and
 * reports that call's progress to the referrer in NOTIFYs, ending with its final status.
 * A REFER outside any dialog gets the same NOTIFYs, in the dialog its 202 made (RFC 3515
 * §2.4.4); requests from the referrer in that dialog get 481.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * // blind transfer requested by the peer (RFC 3515)
 * session.refers$.subscribe(async (referral) => {
 *   await referral.accept();
 *   await referral.makeInviter().invite();
 * });
 * ```
 */
export class Referral {
  /** The terminal NOTIFY was sent (or one could not be): nothing more goes. */
  private ended = false;
  /** The dialog of the implicit subscription of a REFER outside any, once accepted. */
  private own: Dialog | undefined;

  constructor(
    /** @internal */ readonly incoming: IncomingNonInvite,
    /** The session the REFER arrived in (undefined outside a dialog). */
    readonly session: Session | undefined,
    /** @internal The user agent a REFER outside any dialog arrived at. */
    private readonly userAgent: UserAgent | undefined = session?.userAgent,
  ) {}

  get request(): SipRequest {
    return this.incoming.request;
  }

  /** Refer-To, as a name-addr (its URI may carry `?Replaces=...`). */
  get referTo(): NameAddr {
    const v = this.request.parseHeader("refer-to", "NameAddrOrAddrSpec");
    if (v === undefined) throw new InvalidOptionError("the REFER has no Refer-To");
    return new NameAddr(v);
  }

  get referredBy(): NameAddr | undefined {
    try {
      const v = this.request.parseHeader("referred-by", "NameAddrOrAddrSpec");
      return v === undefined ? undefined : new NameAddr(v);
    } catch {
      return undefined;
    }
  }

  /** The Replaces value carried in the Refer-To URI (attended transfer), if any. */
  get replaces(): string | undefined {
    const h = this.referTo.uri.headers;
    for (const k in h) if (k.toLowerCase() === "replaces") return h[k];
    return undefined;
  }

  /** 202 Accepted, then NOTIFY "SIP/2.0 100 Trying" (RFC 3515 §2.4.4). */
  accept(options?: ResponseOptionsApi): Promise<void> {
    this.incoming.accept(toCoreResponse(options, 202));
    if (this.session === undefined) this.own = Dialog.fromUas(this.request, this.incoming.toTag, "confirmed");
    this.notify("SIP/2.0 100 Trying", false);
    return Promise.resolve();
  }

  /** Refuses the REFER (default 603 Declined). */
  reject(options?: ResponseOptionsApi): Promise<void> {
    this.incoming.reject(toCoreResponse(options, 603));
    return Promise.resolve();
  }

  /**
   * An Inviter to the Refer-To target. Its responses are reported to the referrer: each
   * provisional and the final one as sipfrag NOTIFYs, the last with
   * `Subscription-State: terminated`.
   */
  makeInviter(options: InviterOptions = {}): Inviter {
    const userAgent = this.userAgent;
    if (userAgent === undefined) throw new InvalidOptionError("makeInviter() needs a user agent");
    const target = this.referTo.uri.clone();
    const replaces = this.replaces;
    target.headers = {};
    const extra = [...(options.extraHeaders ?? [])];
    if (replaces !== undefined) extra.push(`Replaces: ${replaces}`);
    const by = this.request.getHeader("referred-by");
    if (by !== undefined) extra.push(`Referred-By: ${by}`);
    const inviter = new Inviter(userAgent, target, { ...options, extraHeaders: extra });
    inviter.responses$.subscribe({
      next: (r: SipResponse) => {
        if (r.statusCode === 100) return;
        this.notify(`SIP/2.0 ${r.statusCode} ${r.reasonPhrase}`, r.statusCode >= 200);
      },
      complete: () => {
        if (inviter.state !== SessionState.Established) this.notify("SIP/2.0 487 Request Terminated", true);
      },
    });
    // no response at all (Timer B): the status a timeout stands for (RFC 3261 §8.1.3.1), not 487
    inviter.outcomes$.subscribe((o) => o.type === "timeout" && this.notify("SIP/2.0 408 Request Timeout", true));
    return inviter;
  }

  /** A sipfrag NOTIFY in the session's dialog or the REFER's own; after a terminal one nothing more is sent. */
  private notify(statusLine: string, terminal: boolean): void {
    const dialog = this.session?.dialog;
    const own = this.own;
    const core = this.userAgent?.userAgentCore;
    if (this.ended || (own === undefined && (dialog === undefined || dialog.state === "terminated"))) return;
    this.ended = terminal;
    const extraHeaders: Array<[string, string]> = [
      ["Event", `refer;id=${this.request.cseq.seq}`],
      ["Subscription-State", terminal ? "terminated;reason=noresource" : "active;expires=60"],
    ];
    const options = { extraHeaders, body: statusLine + "\r\n", contentType: "message/sipfrag;version=2.0" };
    try {
      if (own === undefined) dialog!.request("NOTIFY", options);
      else if (core !== undefined) {
        // NOTIFY refreshes the target (RFC 6665 §4.2.2): it carries our Contact
        extraHeaders.push(["Contact", core.contact.toString()]);
        core.request(own.createRequest("NOTIFY", options));
      }
    } catch {
      this.ended = true;
    }
  }
}
