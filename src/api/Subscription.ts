import { Subject, type Observable } from "rxjs";
import type { IncomingNonInvite } from "../core/user-agent-core/index.js";
import { GuardedObservable, StateHolder, type Emitter } from "../streams/index.js";
import { Notification } from "./Notification.js";
import type { OutgoingRequestDelegate, RequestOptions } from "./requestTypes.js";
import type { SubscriptionDelegate } from "./SubscriptionDelegate.js";
import { canMoveSubscription, SubscriptionState } from "./SubscriptionState.js";
import { SubscriptionStateError } from "./SubscriptionStateError.js";
import type { SubscriptionTermination } from "./SubscriptionTermination.js";
import type { UserAgent } from "./UserAgent.js";

/** SIP.js's `SubscriptionOptions`. */
export interface SubscriptionOptions {
  delegate?: SubscriptionDelegate;
}

/** SIP.js's `SubscriptionSubscribeOptions` (with the request delegate and options of its other requests). */
export interface SubscriptionSubscribeOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/** SIP.js's `SubscriptionUnsubscribeOptions`. */
export interface SubscriptionUnsubscribeOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/**
 * A subscription to a remote resource's events (SIP.js's abstract `Subscription`, RFC 6665):
 * the state machine (`state`, `stateChange`, `state$`), the NOTIFYs received
 * (`delegate.onNotify` and `notifications$`) and why it ended (`termination`). Both streams
 * complete when the subscription reaches Terminated; `state$` replays the current state.
 * A NOTIFY that nobody listens to is answered 200.
 *
 * @example
 * ```ts
 * import { Subscriber, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const subscription = new Subscriber(userAgent, UserAgent.makeURI("sip:bob@example.com")!, "presence");
 * subscription.notifications$.subscribe((notification) => console.log(notification.request.body));
 * await subscription.subscribe();
 * ```
 */
export abstract class Subscription {
  delegate: SubscriptionDelegate | undefined;
  /** SIP.js `data`: anything the application wants to keep with the subscription. */
  data: unknown = {};
  /** State, SIP.js emitter and `state$`, listeners guarded (see StateHolder). */
  private readonly holder: StateHolder<SubscriptionState>;
  private readonly notificationsSubject = new Subject<Notification>();
  private terminationValue: SubscriptionTermination | undefined;

  protected constructor(
    readonly userAgent: UserAgent,
    options: SubscriptionOptions = {},
  ) {
    this.delegate = options.delegate;
    this.holder = new StateHolder<SubscriptionState>(SubscriptionState.Initial, userAgent, "subscription");
    userAgent.owned.add(this);
  }

  get state(): SubscriptionState {
    return this.holder.value;
  }

  get stateChange(): Emitter<SubscriptionState> {
    return this.holder.stateChange;
  }

  /** The subscription state, replaying the current one; completes after Terminated. */
  get state$(): Observable<SubscriptionState> {
    return this.holder.state$;
  }

  /** Every NOTIFY of the subscription (beside `delegate.onNotify`); completes after Terminated. */
  get notifications$(): Observable<Notification> {
    return new GuardedObservable(this.notificationsSubject, this.userAgent, "subscription.notifications$");
  }

  /** Why the subscription ended; undefined until it is Terminated. */
  get termination(): SubscriptionTermination | undefined {
    return this.terminationValue;
  }

  /** Sends SUBSCRIBE (the first one, or a refresh). */
  abstract subscribe(options?: SubscriptionSubscribeOptions): Promise<void>;

  /** Ends the subscription (SUBSCRIBE with Expires: 0). */
  abstract unsubscribe(options?: SubscriptionUnsubscribeOptions): Promise<void>;

  /** Unsubscribes when subscribed, then ends: state Terminated, streams complete, nothing stays scheduled. */
  abstract dispose(): Promise<void>;

  /** Moves the state machine; an illegal move throws {@link SubscriptionStateError}. Staying put is a no-op. */
  protected setState(next: SubscriptionState): void {
    const current = this.holder.value;
    if (current === next) return;
    if (!canMoveSubscription(current, next)) throw new SubscriptionStateError(`a subscription cannot go from ${current} to ${next}`);
    this.holder.set(next);
  }

  /** Hands a NOTIFY to the delegate and the stream; answers 200 when neither listens. */
  protected deliver(incoming: IncomingNonInvite): void {
    const notification = new Notification(incoming);
    const listeners = this.notificationsSubject.observed;
    this.notificationsSubject.next(notification);
    const d = this.delegate;
    if (d?.onNotify) this.userAgent.guard("subscription.delegate.onNotify", () => d.onNotify!(notification));
    else if (!listeners) incoming.accept();
  }

  /** Ends the subscription once: Terminated, streams complete, the user agent forgets it. */
  protected finish(termination: SubscriptionTermination): void {
    if (this.holder.value === SubscriptionState.Terminated) return;
    this.terminationValue = termination;
    this.userAgent.owned.delete(this);
    try {
      this.setState(SubscriptionState.Terminated);
    } finally {
      this.holder.complete();
      this.notificationsSubject.complete();
    }
  }
}
