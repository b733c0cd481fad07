import type { Observable, Subscription as RxSubscription } from "rxjs";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import { RequestStreams, type RequestOutcome } from "./RequestOutcome.js";
import { Dialog, endsUsage, eventMatches, readEvent, readSubscriptionState, refreshDelay, splitEvent, SubscriptionUsage } from "../core/dialogs/index.js";
import { NameAddr, type SipRequest, type SipResponse, type Uri } from "../core/messages/index.js";
import { grantedExpires, LONGEST_TIMED_LIFETIME } from "../core/dialogs/subscriptionHeaders.js";
import { DEFAULT_T1 } from "../core/transactions/index.js";
import { cancelTimer } from "../core/transactions/Transaction.js";
import type { IncomingNonInvite, OutgoingRequest } from "../core/user-agent-core/index.js";
import { InvalidOptionError, UserAgentStateError } from "./errors.js";
import { headerPairs } from "./IncomingRequestContext.js";
import { coreHandlers, type RequestOptions } from "./requestTypes.js";
import { requestBody } from "./requestBody.js";
import { Subscription, type SubscriptionOptions, type SubscriptionSubscribeOptions, type SubscriptionUnsubscribeOptions } from "./Subscription.js";
import { SubscriptionState } from "./SubscriptionState.js";
import { SubscriptionStateError } from "./SubscriptionStateError.js";
import { rejected, type SubscriptionTermination } from "./SubscriptionTermination.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * SIP.js's `SubscriberOptions`, same names and defaults.
 *
 * @example
 * ```ts
 * import { Subscriber, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * new Subscriber(userAgent, UserAgent.makeURI("sip:alice@example.com")!, "message-summary", {
 *   expires: 3600,
 *   extraHeaders: ["Accept: application/simple-message-summary"],
 *   delegate: { onNotify: (n) => console.log("voicemail:", n.request.body) },
 * });
 * ```
 */
export interface SubscriberOptions extends SubscriptionOptions {
  /** Requested subscription lifetime, seconds (default 3600). */
  expires?: number;
  /** "Name: value" lines added to every SUBSCRIBE (an Accept line goes here). */
  extraHeaders?: string[];
  /** Body of the first SUBSCRIBE (a filter, say). */
  body?: string;
  contentType?: string;
}

/** SIP.js's `SubscriberSubscribeOptions`. */
export type SubscriberSubscribeOptions = SubscriptionSubscribeOptions;

/**
 * The subscriber of RFC 6665 (SIP.js's `Subscriber`): `subscribe()` sends SUBSCRIBE with
 * Event, Expires and Contact; the dialog comes from the 2xx, or from a NOTIFY that outruns
 * it (§4.1.2.4); the first NOTIFY makes it Subscribed; the subscription is refreshed on the
 * user agent's scheduler 32 s (or half the lifetime) before it expires, counting from the
 * 2xx's Expires or the latest NOTIFY's Subscription-State expires; `unsubscribe()` sends
 * Expires: 0 and waits for the final NOTIFY. It ends (Terminated, see `termination`) on a
 * terminal NOTIFY, a failure response that ends the usage (481 ...), a timeout, no NOTIFY
 * within Timer N (64*T1) of the SUBSCRIBE, or expiry without refresh.
 *
 * @example
 * ```ts
 * import { Subscriber, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const target = UserAgent.makeURI("sip:bob@example.com")!;
 * const subscriber = new Subscriber(userAgent, target, "presence", { extraHeaders: ["Accept: application/pidf+xml"] });
 * subscriber.notifications$.subscribe((n) => { console.log(n.request.body); void n.accept(); });
 * await subscriber.subscribe();
 * ```
 */
export class Subscriber extends Subscription {
  readonly targetURI: Uri;
  readonly eventType: string;
  private readonly event: { type: string; id: string | undefined };
  private readonly options: SubscriberOptions;
  private readonly callId: string;
  private readonly fromTag: string;
  private requestedExpires: number;
  private cseq = 0;
  /** The SUBSCRIBE that creates the subscription, while it is the latest one. */
  private initial: OutgoingRequest | undefined;
  private usage: SubscriptionUsage | undefined;
  /** Timer N (RFC 6665 §4.1.2.4), or the wait for the final NOTIFY after unsubscribing. */
  private notifyWait: RxSubscription | undefined;
  private refreshTimer: RxSubscription | undefined;
  private expiryTimer: RxSubscription | undefined;
  private refreshing = false;
  private unsubscribing = false;
  /** unsubscribe() was called before the dialog existed: sent as soon as it does. */
  private unsubscribeWanted: SubscriptionUnsubscribeOptions | undefined;
  private readonly hook = (request: SipRequest): void => this.claimEarlyNotify(request);
  /** Behind `outcomes$`. */
  private readonly requests: RequestStreams;

  constructor(userAgent: UserAgent, targetURI: Uri, eventType: string, options: SubscriberOptions = {}) {
    super(userAgent, options);
    this.requests = new RequestStreams(userAgent, "subscriber");
    if (eventType.trim() === "") throw new InvalidOptionError("a Subscriber needs an event type");
    const expires = options.expires ?? 3600;
    if (!Number.isInteger(expires) || expires < 0) throw new InvalidOptionError(`expires must be a whole number of seconds, not ${expires}`);
    headerPairs(options.extraHeaders); // refuses malformed lines now rather than at the first SUBSCRIBE
    this.targetURI = targetURI.clone();
    this.eventType = eventType.trim();
    this.event = splitEvent(this.eventType);
    this.options = options;
    this.requestedExpires = expires;
    this.callId = userAgent.userAgentCore.newCallId();
    this.fromTag = userAgent.userAgentCore.newTag();
  }
  /**
   * rxsip: how each SUBSCRIBE ended — the first, each refresh, the unsubscribe — with the
   * response attached (a 489 Bad Event, a 403 ...), beside `requestDelegate`; completes
   * when the subscription is Terminated.
   */
  get outcomes$(): Observable<RequestOutcome> {
    return this.requests.outcomes$;
  }


  /** The subscription's dialog, once the 2xx or the first NOTIFY made it. */
  get dialog(): Dialog | undefined {
    return this.usage?.dialog;
  }

  /**
   * Sends the first SUBSCRIBE (Initial → NotifyWait), or refreshes a subscription that is
   * Subscribed. Resolves once sent; the outcome shows on `state$` and in `requestDelegate`.
   */
  async subscribe(options: SubscriberSubscribeOptions = {}): Promise<void> {
    switch (this.state) {
      case SubscriptionState.Initial:
        if (this.userAgent.state !== "Started") throw new UserAgentStateError("subscribe() needs a started user agent");
        this.sendInitial(this.requestedExpires, options);
        this.setState(SubscriptionState.NotifyWait);
        return;
      case SubscriptionState.NotifyWait:
        return; // the first SUBSCRIBE is on its way
      case SubscriptionState.Subscribed:
        if (this.unsubscribing) throw new SubscriptionStateError("the subscription is being ended");
        this.refresh(options);
        return;
      case SubscriptionState.Terminated:
        throw new SubscriptionStateError("the subscription was terminated");
    }
  }

  /**
   * Ends the subscription: SUBSCRIBE with Expires: 0 in the dialog (sent once the dialog
   * exists when called before), then Terminated on the final NOTIFY — or after 64*T1 without
   * it, or on a failure response. Before `subscribe()`, it just ends.
   */
  async unsubscribe(options: SubscriptionUnsubscribeOptions = {}): Promise<void> {
    if (this.state === SubscriptionState.Terminated || this.unsubscribing) return;
    if (this.state === SubscriptionState.Initial) {
      this.end({ type: "local" });
      return;
    }
    if (this.usage === undefined) {
      this.unsubscribeWanted = options;
      return;
    }
    this.sendUnsubscribe(options);
  }

  /** Unsubscribes when there is a subscription (not waiting for the answer), then ends at once. */
  async dispose(): Promise<void> {
    if (this.state === SubscriptionState.Terminated) return;
    if (this.usage !== undefined && !this.unsubscribing && this.userAgent.isConnected()) {
      try {
        this.sendUnsubscribe({});
      } catch {
        // the transport went away: the notifier's next NOTIFY gets 481 and ends it there
      }
    }
    this.end({ type: "local" });
  }

  // ---- sending -------------------------------------------------------------------------------

  private get t1(): number {
    return this.userAgent.userAgentCore.timers?.T1 ?? DEFAULT_T1;
  }

  /** Event, Expires, then the application's header lines. */
  private headers(expires: number, requestOptions: RequestOptions | undefined): Array<[string, string]> {
    const out: Array<[string, string]> = [
      ["Event", this.eventType],
      ["Expires", String(expires)],
    ];
    for (const pair of headerPairs(this.options.extraHeaders)) out.push(pair);
    for (const pair of headerPairs(requestOptions?.extraHeaders)) out.push(pair);
    return out;
  }

  /** The SUBSCRIBE outside any dialog (RFC 6665 §4.1.2.1): our Call-ID and From tag, next CSeq. */
  private sendInitial(expires: number, options: SubscriptionSubscribeOptions): void {
    const core = this.userAgent.userAgentCore;
    const from = new NameAddr({ ...(core.displayName ? { displayName: core.displayName } : {}), uri: core.aor.clone() });
    from.tag = this.fromTag;
    const body = requestBody(options.requestOptions?.body) ?? (this.options.body !== undefined ? { body: this.options.body, contentType: this.options.contentType ?? "text/plain" } : undefined);
    const request = core.createRequest("SUBSCRIBE", this.targetURI, {
      from,
      callId: this.callId,
      cseq: ++this.cseq,
      extraHeaders: this.headers(expires, options.requestOptions),
      ...(body ? { body: body.body, contentType: body.contentType } : {}),
    });
    this.userAgent.requestHooks.add(this.hook);
    this.restartNotifyWait(() => this.end({ type: "timeout" }));
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    const out: OutgoingRequest = core.request(request, coreHandlers(delegate, (r) => {
      if (r === undefined) return this.end({ type: "timeout" });
      this.cseq = Math.max(this.cseq, out.request.cseq.seq);
      if (this.state === SubscriptionState.Terminated) return; // ended meanwhile (dispose, Timer N): nothing to retry
      if (r.statusCode < 300) this.initialAccepted(out.request, r, expires);
      else if (!this.retryWithMinExpires(r, expires, (min) => this.sendInitial(min, options))) this.end(rejected(r));
    }, this.requests, () => this.initial?.request ?? request));
    this.initial = out;
  }

  /** The 2xx to the first SUBSCRIBE: the dialog (unless a NOTIFY made it), the refresh. */
  private initialAccepted(request: SipRequest, response: SipResponse, requested: number): void {
    if (this.usage === undefined) this.attach(Dialog.fromUac(request, response));
    else if (this.usage.dialog.remoteTag !== response.to.tag) return; // another fork's answer
    if (!this.unsubscribing && this.unsubscribeWanted === undefined) this.scheduleRefresh(grantedExpires(response, requested));
    this.sendWantedUnsubscribe();
  }

  /** Refresh (RFC 6665 §4.1.2.2): SUBSCRIBE in the dialog with the lifetime we want. */
  private refresh(options: SubscriptionSubscribeOptions): void {
    const usage = this.usage;
    if (usage === undefined || this.refreshing || this.unsubscribing) return;
    const body = requestBody(options.requestOptions?.body);
    this.refreshing = true;
    const expires = this.requestedExpires;
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    let sent: OutgoingRequest | undefined = undefined;
    const sentRequest = () => sent?.request ?? this.initial!.request;
    sent = usage.request("SUBSCRIBE", { extraHeaders: this.headers(expires, options.requestOptions), ...(body ? { body: body.body, contentType: body.contentType } : {}) }, coreHandlers(delegate, (r) => {
      this.refreshing = false;
      if (r === undefined) this.end({ type: "timeout" });
      else if (r.statusCode < 300) {
        if (this.state !== SubscriptionState.Terminated && !this.unsubscribing) this.scheduleRefresh(grantedExpires(r, expires));
      } else if (this.retryWithMinExpires(r, expires, () => this.refresh(options))) {
        // retried with the notifier's Min-Expires
      } else if (endsUsage(r.statusCode)) this.end(rejected(r));
      // any other failure (a 3xx too): the subscription stands until it expires (§4.1.2.2)
    }, this.requests, sentRequest));
  }

  /** SUBSCRIBE with Expires: 0 (RFC 6665 §4.1.2.3); the final NOTIFY ends the subscription. */
  private sendUnsubscribe(options: SubscriptionUnsubscribeOptions): void {
    const usage = this.usage;
    if (usage === undefined || this.unsubscribing) return;
    this.unsubscribing = true;
    this.unsubscribeWanted = undefined;
    this.refreshTimer = cancelTimer(this.refreshTimer);
    this.expiryTimer = cancelTimer(this.expiryTimer);
    this.restartNotifyWait(() => this.end({ type: "local" }));
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    let sent: OutgoingRequest | undefined = undefined;
    const sentRequest = () => sent?.request ?? this.initial!.request;
    // anything but a 2xx ends it here; after a 2xx the final NOTIFY (or 64*T1 without it) does
    sent = usage.request("SUBSCRIBE", { extraHeaders: this.headers(0, options.requestOptions) }, coreHandlers(delegate, (r) => {
      if (r === undefined || r.statusCode >= 300) this.end({ type: "local" });
    }, this.requests, sentRequest));
  }

  private sendWantedUnsubscribe(): void {
    const wanted = this.unsubscribeWanted;
    if (wanted !== undefined && this.usage !== undefined && this.state !== SubscriptionState.Terminated) this.sendUnsubscribe(wanted);
  }

  /** §10.2.8-style 423 handling for SUBSCRIBE: ask again with the notifier's Min-Expires. */
  private retryWithMinExpires(response: SipResponse, requested: number, retry: (min: number) => void): boolean {
    if (response.statusCode !== 423 || requested === 0) return false;
    const min = Number(response.getHeader("min-expires"));
    if (!Number.isInteger(min) || min <= requested) return false;
    this.requestedExpires = min;
    retry(min);
    return true;
  }

  // ---- timers --------------------------------------------------------------------------------

  /** Refresh `margin` before the lifetime ends; if even that fails, the subscription expires 64*T1 after it. */
  private scheduleRefresh(expires: number): void {
    expires = Math.min(expires, LONGEST_TIMED_LIFETIME); // a NOTIFY's expires too
    this.refreshTimer = cancelTimer(this.refreshTimer);
    this.expiryTimer = cancelTimer(this.expiryTimer);
    const scheduler = this.userAgent.scheduler;
    if (expires > 0) this.refreshTimer = scheduler.schedule(() => this.refresh({}), refreshDelay(expires));
    this.expiryTimer = scheduler.schedule(() => this.end({ type: "expired" }), expires * 1000 + 64 * this.t1);
  }

  private restartNotifyWait(onExpiry: () => void): void {
    this.notifyWait = cancelTimer(this.notifyWait);
    this.notifyWait = this.userAgent.scheduler.schedule(onExpiry, 64 * this.t1);
  }

  // ---- receiving -----------------------------------------------------------------------------

  /** A NOTIFY that outran the 2xx (RFC 6665 §4.1.2.4): same Call-ID, To tag = our From tag, same Event. */
  private claimEarlyNotify(request: SipRequest): void {
    if (request.method !== "NOTIFY" || this.usage !== undefined || this.initial === undefined || this.state !== SubscriptionState.NotifyWait) return;
    try {
      if (request.callId !== this.callId || request.to.tag !== this.fromTag || !request.from.tag) return;
      const event = readEvent(request);
      if (event === undefined || !eventMatches(event, this.event)) return;
    } catch {
      return; // malformed: the core answers it
    }
    const dialog = Dialog.fromUas(request, this.fromTag, "confirmed");
    dialog.localSeq = this.initial.request.cseq.seq;
    this.attach(dialog);
  }

  private attach(dialog: Dialog): void {
    this.userAgent.requestHooks.delete(this.hook);
    this.usage = new SubscriptionUsage(this.userAgent.userAgentCore, dialog, (incoming) => this.receive(incoming));
    this.usage.attach();
  }

  /** A request in the dialog: NOTIFY (RFC 6665 §4.1.3); a SUBSCRIBE here is refused. */
  private receive(incoming: IncomingNonInvite): void {
    const request = incoming.request;
    if (request.method !== "NOTIFY") {
      incoming.reject({ statusCode: 403, reasonPhrase: "Not A Notifier Here" });
      return;
    }
    let event, subscriptionState;
    try {
      event = readEvent(request);
      subscriptionState = readSubscriptionState(request);
    } catch {
      incoming.reject({ statusCode: 400, reasonPhrase: "Malformed Event or Subscription-State" });
      return;
    }
    if (event === undefined || !eventMatches(event, this.event)) {
      incoming.reject({ statusCode: 489 });
      return;
    }
    if (subscriptionState === undefined) {
      incoming.reject({ statusCode: 400, reasonPhrase: "Missing Subscription-State header" });
      return;
    }
    if (!this.unsubscribing) this.notifyWait = cancelTimer(this.notifyWait);
    const terminal = subscriptionState.state === "terminated";
    if (!terminal) {
      this.setState(SubscriptionState.Subscribed);
      if (subscriptionState.expires !== undefined && !this.unsubscribing && this.unsubscribeWanted === undefined) this.scheduleRefresh(subscriptionState.expires);
    }
    this.deliver(incoming);
    if (terminal) {
      this.end(this.unsubscribing ? { type: "local" } : { type: "notify", reason: subscriptionState.reason, retryAfter: subscriptionState.retryAfter });
      return;
    }
    this.sendWantedUnsubscribe();
  }

  /** Ends once: no timers, no hook, no usage (later requests in the dialog get 481). */
  private end(termination: SubscriptionTermination): void {
    if (this.state === SubscriptionState.Terminated) return;
    this.notifyWait = cancelTimer(this.notifyWait);
    this.refreshTimer = cancelTimer(this.refreshTimer);
    this.expiryTimer = cancelTimer(this.expiryTimer);
    this.userAgent.requestHooks.delete(this.hook);
    this.usage?.detach();
    this.initial?.dispose();
    this.finish(termination);
    this.requests.complete();
  }
}
