import type { SipRequest } from "../messages/index.js";
import type { IncomingNonInvite } from "../user-agent-core/IncomingNonInvite.js";
import type { OutgoingRequest, OutgoingRequestHandlers } from "../user-agent-core/OutgoingRequest.js";
import type { DialogUsage, UserAgentCore } from "../user-agent-core/UserAgentCore.js";
import type { Dialog, InDialogRequestOptions } from "./Dialog.js";

/**
 * The dialog usage of a subscription (RFC 6665), for either role: it takes the SUBSCRIBE
 * and NOTIFY requests that arrive in the dialog (each with its server transaction) and
 * sends ours with a Contact — both are target refresh requests (RFC 6665 §4.1.2.1, §4.2.2),
 * so a Contact arriving in one becomes the dialog's remote target. Other methods in a
 * subscription dialog are answered 405; ACKs are dropped.
 *
 * `attach()` registers it with the core so requests in the dialog reach it; `detach()`
 * removes it, after which the core answers 481 (RFC 3261 §12.2.2).
 *
 * @example
 * ```ts
 * import { SubscriptionUsage, type Dialog, type UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 * declare const dialog: Dialog; // made from the 2xx to our SUBSCRIBE
 *
 * const usage = new SubscriptionUsage(core, dialog, (incoming) => {
 *   console.log(incoming.request.method, incoming.request.body); // a NOTIFY in the dialog
 *   incoming.accept();
 * });
 * usage.attach();
 * // ... when the subscription ends:
 * usage.detach();
 * ```
 */
export class SubscriptionUsage implements DialogUsage {
  private attached = false;

  constructor(
    readonly core: UserAgentCore,
    readonly dialog: Dialog,
    /** A SUBSCRIBE or NOTIFY in the dialog, passed the CSeq check; answer it once. */
    private readonly onRequest: (incoming: IncomingNonInvite) => void,
  ) {}

  /** Registers the usage with the core, so SUBSCRIBE and NOTIFY requests in its dialog reach it (idempotent). */
  attach(): void {
    if (this.attached) return;
    this.attached = true;
    this.core.addUsage(this);
  }

  /** Unregisters it: later requests in the dialog are answered 481 by the core (idempotent). */
  detach(): void {
    if (!this.attached) return;
    this.attached = false;
    this.core.removeUsage(this);
  }

  get isAttached(): boolean {
    return this.attached;
  }

  receiveRequest(request: SipRequest): void {
    if (request.method === "ACK") return;
    const incoming = this.core.serverNonInvite(request, this.dialog.localTag);
    if (request.method !== "SUBSCRIBE" && request.method !== "NOTIFY") {
      incoming.reject({ statusCode: 405, extraHeaders: [["Allow", "SUBSCRIBE, NOTIFY"]] });
      return;
    }
    this.dialog.refreshTarget(request);
    this.onRequest(incoming);
  }

  /** Sends SUBSCRIBE or NOTIFY in the dialog (next CSeq, route set, our Contact). */
  request(method: "SUBSCRIBE" | "NOTIFY", options: InDialogRequestOptions, handlers: OutgoingRequestHandlers): OutgoingRequest {
    const extraHeaders: Array<readonly [string, string]> = [["Contact", this.core.contact.toString()]];
    for (const h of options.extraHeaders ?? []) extraHeaders.push(h);
    return this.core.request(this.dialog.createRequest(method, { ...options, extraHeaders }), handlers);
  }
}
