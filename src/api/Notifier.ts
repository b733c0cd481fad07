import { type Observable, type Subscription as RxSubscription } from "rxjs";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import {
  Dialog,
  endsUsage,
  eventMatches,
  formatSubscriptionState,
  readEvent,
  SubscriptionUsage,
  type SubscriptionStateValue,
} from "../core/dialogs/index.js";
import { LONGEST_TIMED_LIFETIME } from "../core/dialogs/subscriptionHeaders.js";
import type { SipRequest } from "../core/messages/index.js";
import type { IncomingNonInvite } from "../core/user-agent-core/index.js";
import { StateHolder, type Emitter } from "../streams/index.js";
import { InvalidOptionError } from "./errors.js";
import { headerPairs, toCoreResponse, type IncomingRequestContext, type ResponseOptionsApi } from "./IncomingRequestContext.js";
import type { NotifierAcceptOptions, NotifierNotifyOptions, NotifierOptions, NotifierTerminateOptions } from "./NotifierOptions.js";
import { canMoveNotifier, NotifierState } from "./NotifierState.js";
import { SubscriptionStateError } from "./SubscriptionStateError.js";
import { rejected, type SubscriptionTermination } from "./SubscriptionTermination.js";
import { coreHandlers } from "./requestTypes.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * The notifier of RFC 6665 (the side SIP.js leaves to the application), made from a
 * SUBSCRIBE that arrived outside a dialog (`userAgent.subscriptions$` / `delegate.onSubscribe`).
 * `accept()` answers 200 with Expires and sends the immediate NOTIFY (§4.2.1.2); `notify()`
 * sends the resource's state with `Subscription-State: active;expires=<seconds left>`; a
 * refresh SUBSCRIBE in the dialog extends the lifetime and gets a NOTIFY; SUBSCRIBE with
 * Expires: 0 gets a final NOTIFY (`terminated;reason=timeout`); so does the lifetime running
 * out on the user agent's scheduler; `terminate(reason)` ends it from here. `state$` replays
 * the state and completes once Terminated; `termination` says why.
 *
 * @example
 * ```ts
 * import { Notifier, type UserAgent } from "rxsip";
 * import type { Observable } from "rxjs";
 * declare const userAgent: UserAgent;
 * declare function currentPidf(): string;
 * declare const presenceChanges$: Observable<string>;
 *
 * userAgent.subscriptions$.subscribe((context) => {
 *   const notifier = Notifier.fromRequest(userAgent, context, { maxExpires: 3600 });
 *   void notifier.accept({ body: currentPidf(), contentType: "application/pidf+xml" });
 *   presenceChanges$.subscribe((pidf) => void notifier.notify(pidf, "application/pidf+xml"));
 * });
 * ```
 */
export class Notifier {
  /** A notifier for the SUBSCRIBE of `context` (answer it with `accept()` or `reject()`). */
  static fromRequest(userAgent: UserAgent, context: IncomingRequestContext, options: NotifierOptions = {}): Notifier {
    return new Notifier(userAgent, context, options);
  }

  /** SIP.js-style `data`: anything the application wants to keep with the notifier. */
  data: unknown = {};
  private readonly incoming: IncomingNonInvite;
  private readonly options: NotifierOptions;
  /** State, SIP.js emitter and `state$`, listeners guarded (see StateHolder). */
  private readonly holder: StateHolder<NotifierState>;
  /** The Event header of the SUBSCRIBE, echoed in every NOTIFY (RFC 6665 §8.2.1). */
  private readonly eventValue: string;
  private readonly event: { type: string; id: string | undefined } | undefined;
  private usage: SubscriptionUsage | undefined;
  private expiresAt = 0;
  private cap: number | undefined;
  private expiryTimer: RxSubscription | undefined;
  private content: { body: string; contentType: string } | undefined;
  private terminationValue: SubscriptionTermination | undefined;

  constructor(
    readonly userAgent: UserAgent,
    context: IncomingRequestContext,
    options: NotifierOptions = {},
  ) {
    if (context.request.method !== "SUBSCRIBE") throw new InvalidOptionError(`a Notifier is made from a SUBSCRIBE, not ${context.request.method}`);
    this.incoming = context.incoming;
    this.options = options;
    this.eventValue = context.request.getHeader("event") ?? "";
    let event;
    try {
      event = readEvent(context.request);
    } catch {
      event = undefined;
    }
    this.event = event;
    this.holder = new StateHolder<NotifierState>(NotifierState.Initial, userAgent, "notifier");
    userAgent.owned.add(this);
    if (event === undefined) {
      // RFC 6665 §7.2.1: exactly one event type is required
      this.incoming.reject({ statusCode: 400, reasonPhrase: "Missing or Malformed Event Header" });
      this.end({ type: "rejected", statusCode: 400, reasonPhrase: "Missing or Malformed Event Header" });
    }
  }

  /** The SUBSCRIBE that made the subscription. */
  get request(): SipRequest {
    return this.incoming.request;
  }

  /** The event type subscribed to ("presence", "dialog" ...). */
  get eventType(): string {
    return this.event?.type ?? "";
  }

  /** The subscription's dialog, once accepted. */
  get dialog(): Dialog | undefined {
    return this.usage?.dialog;
  }

  get state(): NotifierState {
    return this.holder.value;
  }

  get stateChange(): Emitter<NotifierState> {
    return this.holder.stateChange;
  }

  /** The notifier's state, replaying the current one; completes after Terminated. */
  get state$(): Observable<NotifierState> {
    return this.holder.state$;
  }

  /** Why the subscription ended; undefined until Terminated. */
  get termination(): SubscriptionTermination | undefined {
    return this.terminationValue;
  }

  /** Whole seconds left of the subscription's lifetime (0 before accept and after the end). */
  get expires(): number {
    if (this.state === NotifierState.Initial || this.state === NotifierState.Terminated) return 0;
    return Math.max(0, Math.floor((this.expiresAt - this.userAgent.scheduler.now()) / 1000));
  }

  /**
   * Accepts the subscription: 200 (or 202) with the Expires granted — at most what was asked,
   * `options.expires` and `maxExpires` — then the immediate NOTIFY with the current state
   * (RFC 6665 §4.2.1.2). A SUBSCRIBE asking for less than `minExpires` is answered 423 instead;
   * one with Expires: 0 (a fetch, §4.4.3) gets 200 and one final NOTIFY.
   */
  async accept(options: NotifierAcceptOptions = {}): Promise<void> {
    if (this.state !== NotifierState.Initial) throw new SubscriptionStateError(`accept() needs an unanswered SUBSCRIBE; the notifier is ${this.state}`);
    const requested = this.requested(this.request);
    if (this.tooBrief(this.incoming, requested)) {
      this.end({ type: "rejected", statusCode: 423, reasonPhrase: "Interval Too Brief" });
      return;
    }
    const extra = headerPairs(options.extraHeaders);
    this.cap = options.expires;
    if (options.body !== undefined) this.content = { body: options.body, contentType: options.contentType ?? "text/plain" };
    const granted = this.grant(requested);
    this.usage = new SubscriptionUsage(this.userAgent.userAgentCore, Dialog.fromUas(this.request, this.incoming.toTag, "confirmed"), (incoming) => this.receive(incoming));
    this.usage.attach();
    this.incoming.accept({ statusCode: options.statusCode ?? 200, extraHeaders: [["Expires", String(granted)], ...extra] });
    if (granted === 0) {
      this.sendNotify({ state: "terminated", reason: "timeout" });
      this.end({ type: "expired" });
      return;
    }
    this.setState(options.pending ? NotifierState.Pending : NotifierState.Active);
    this.extend(granted);
    this.sendNotify({ state: options.pending ? "pending" : "active", expires: granted });
  }

  /** Refuses the SUBSCRIBE (default 480; 403 for "not allowed", 489 for an event package we do not serve). */
  async reject(options?: ResponseOptionsApi): Promise<void> {
    if (this.state !== NotifierState.Initial) throw new SubscriptionStateError(`reject() needs an unanswered SUBSCRIBE; the notifier is ${this.state}`);
    const response = toCoreResponse(options, 480);
    this.incoming.reject(response);
    this.end({ type: "rejected", statusCode: response.statusCode ?? 480, reasonPhrase: response.reasonPhrase ?? "" });
  }

  /**
   * Sends the resource's state: NOTIFY with `Subscription-State: active;expires=<seconds left>`
   * and `body` (the last body given, when omitted). A pending subscription becomes active.
   * Resolves once sent; a failure response that ends the subscription (481 ...) or a timeout
   * makes it Terminated.
   */
  async notify(body?: string, contentType?: string, options: NotifierNotifyOptions = {}): Promise<void> {
    if (this.state === NotifierState.Initial) throw new SubscriptionStateError("notify() needs an accepted subscription: call accept() first");
    if (this.state === NotifierState.Terminated) throw new SubscriptionStateError("the subscription was terminated");
    if (body !== undefined) this.content = { body, contentType: contentType ?? this.content?.contentType ?? "text/plain" };
    this.setState(NotifierState.Active);
    this.sendNotify({ state: "active", expires: this.expires }, options);
  }

  /**
   * Ends the subscription from here: a final NOTIFY with `terminated;reason=<reason>`
   * (RFC 6665 §4.1.3: deactivated, probation, rejected, timeout, giveup, noresource,
   * invariant). Before `accept()` the SUBSCRIBE is rejected (480) instead.
   */
  async terminate(reason = "noresource", options: NotifierTerminateOptions = {}): Promise<void> {
    if (this.state === NotifierState.Terminated) return;
    if (this.state === NotifierState.Initial) {
      this.incoming.reject({ statusCode: 480 });
      this.end({ type: "local", reason });
      return;
    }
    if (options.body !== undefined) this.content = { body: options.body, contentType: options.contentType ?? this.content?.contentType ?? "text/plain" };
    this.sendNotify({ state: "terminated", reason, ...(options.retryAfter !== undefined ? { retryAfter: options.retryAfter } : {}) }, options);
    this.end({ type: "local", reason });
  }

  /** Ends at once: an unanswered SUBSCRIBE gets 480, a live subscription a final NOTIFY (noresource) when connected. */
  async dispose(): Promise<void> {
    if (this.state === NotifierState.Terminated) return;
    if (this.state !== NotifierState.Initial && !this.userAgent.isConnected()) {
      this.end({ type: "local", reason: "noresource" });
      return;
    }
    try {
      await this.terminate("noresource");
    } catch {
      this.end({ type: "local", reason: "noresource" });
    }
  }

  // ---- in the dialog -------------------------------------------------------------------------

  /** A refresh or an unsubscribe (RFC 6665 §4.2.1.2, §4.2.1.4); a NOTIFY here is refused. */
  private receive(incoming: IncomingNonInvite): void {
    const request = incoming.request;
    if (request.method !== "SUBSCRIBE") {
      incoming.reject({ statusCode: 403, reasonPhrase: "Not A Subscriber Here" });
      return;
    }
    let event;
    try {
      event = readEvent(request);
    } catch {
      event = undefined;
    }
    if (event === undefined || this.event === undefined || !eventMatches(event, this.event)) {
      incoming.reject({ statusCode: 489 });
      return;
    }
    const requested = this.requested(request);
    if (this.tooBrief(incoming, requested)) return; // the subscription stands as it was
    const granted = this.grant(requested);
    incoming.accept({ extraHeaders: [["Expires", String(granted)]] });
    if (granted === 0) {
      this.sendNotify({ state: "terminated", reason: "timeout" });
      this.end({ type: "unsubscribed" });
      return;
    }
    this.extend(granted);
    this.sendNotify({ state: this.state === NotifierState.Pending ? "pending" : "active", expires: granted });
  }

  private requested(request: SipRequest): number {
    let expires: number | undefined;
    try {
      expires = request.expires;
    } catch {
      expires = undefined;
    }
    return expires ?? this.options.defaultExpires ?? 3600;
  }

  /** 423 with Min-Expires when the lifetime asked for is shorter than we allow (RFC 6665 §4.2.1.1). */
  private tooBrief(incoming: IncomingNonInvite, requested: number): boolean {
    const min = this.options.minExpires;
    if (min === undefined || requested === 0 || requested >= min) return false;
    incoming.reject({ statusCode: 423, extraHeaders: [["Min-Expires", String(min)]] });
    return true;
  }

  /** What we grant: never more than asked (RFC 6665 §4.2.1.1), `accept({ expires })`, `maxExpires` or what a timer can wait. */
  private grant(requested: number): number {
    let granted = Math.min(requested, LONGEST_TIMED_LIFETIME);
    if (this.cap !== undefined) granted = Math.min(granted, this.cap);
    if (this.options.maxExpires !== undefined) granted = Math.min(granted, this.options.maxExpires);
    return Math.max(0, Math.floor(granted));
  }

  /** The lifetime starts again: `seconds` from now, then a final NOTIFY (terminated;reason=timeout). */
  private extend(seconds: number): void {
    this.expiryTimer?.unsubscribe();
    this.expiresAt = this.userAgent.scheduler.now() + seconds * 1000;
    this.expiryTimer = this.userAgent.scheduler.schedule(() => {
      this.sendNotify({ state: "terminated", reason: "timeout" });
      this.end({ type: "expired" });
    }, seconds * 1000);
  }

  /** NOTIFY in the dialog with Event, Subscription-State and the current content. */
  private sendNotify(value: SubscriptionStateValue, options: NotifierNotifyOptions = {}): void {
    const usage = this.usage;
    if (usage === undefined) return;
    const extraHeaders: Array<[string, string]> = [
      ["Event", this.eventValue],
      ["Subscription-State", formatSubscriptionState(value)],
    ];
    for (const pair of headerPairs(options.extraHeaders)) extraHeaders.push(pair);
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    const content = this.content;
    usage.request("NOTIFY", { extraHeaders, ...(content ? { body: content.body, contentType: content.contentType } : {}) }, coreHandlers(delegate, (r) => {
      if (r === undefined) this.end({ type: "timeout" });
      // RFC 6665 §4.2.2: these answers (481 above all) mean the subscriber is gone
      else if (endsUsage(r.statusCode)) this.end(rejected(r));
    }));
  }

  private setState(next: NotifierState): void {
    const current = this.holder.value;
    if (current === next) return;
    if (!canMoveNotifier(current, next)) throw new SubscriptionStateError(`a notifier cannot go from ${current} to ${next}`);
    this.holder.set(next);
  }

  /** Ends once: no timer, no usage (later requests in the dialog get 481), streams complete. */
  private end(termination: SubscriptionTermination): void {
    if (this.state === NotifierState.Terminated) return;
    this.terminationValue = termination;
    this.expiryTimer?.unsubscribe();
    this.expiryTimer = undefined;
    this.usage?.detach();
    this.userAgent.owned.delete(this);
    try {
      this.setState(NotifierState.Terminated);
    } finally {
      this.holder.complete();
    }
  }
}
