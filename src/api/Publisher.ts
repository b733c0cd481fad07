import { type Observable, type Subscription as RxSubscription } from "rxjs";
import { RequestStreams, type RequestOutcome } from "./RequestOutcome.js";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import { coreHandlers } from "./requestTypes.js";
import { refreshDelay } from "../core/dialogs/index.js";
import { grantedExpires } from "../core/dialogs/subscriptionHeaders.js";
import { cancelTimer } from "../core/transactions/Transaction.js";
import { NameAddr, type SipResponse, type Uri } from "../core/messages/index.js";
import { StateHolder, type Emitter } from "../streams/index.js";
import { InvalidOptionError, UserAgentStateError } from "./errors.js";
import { headerPairs } from "./IncomingRequestContext.js";
import type { PublisherOptions, PublisherPublishOptions, PublisherUnpublishOptions } from "./PublisherOptions.js";
import { PublisherState } from "./PublisherState.js";
import type { UserAgent } from "./UserAgent.js";

/** What a queued PUBLISH is for; the request it becomes is decided when it goes out (RFC 3903 §4.1). */
type Intent = "publish" | "refresh" | "remove";

/** The four PUBLISH requests of RFC 3903 §4.1, Table 1. */
type Kind = "initial" | "refresh" | "modify" | "remove";

/**
 * Event state publication (RFC 3903; SIP.js's `Publisher`): `publish(content)` sends the
 * initial PUBLISH (Event, Expires, body) and keeps the SIP-ETag of the 2xx; the publication
 * is refreshed on the user agent's scheduler 32 s (or half the lifetime) before it expires,
 * with SIP-If-Match and no body; a later `publish()` modifies it (SIP-If-Match and the new
 * body); `unpublish()` removes it (Expires: 0). A 412 means the compositor forgot us: start
 * over with an initial PUBLISH of the last content. 423 is retried with Min-Expires. PUBLISHes
 * never overlap (§4.1): a call while one is in flight waits for its final response.
 * `state$` replays the state and completes on `dispose()`.
 *
 * @example
 * ```ts
 * import { Publisher, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 * declare const pidf: string;
 *
 * const publisher = new Publisher(userAgent, UserAgent.makeURI("sip:alice@example.com")!, "presence", {
 *   contentType: "application/pidf+xml",
 *   expires: 3600,
 * });
 * await publisher.publish(pidf); // refreshed before it expires
 * await publisher.unpublish();
 * ```
 */
export class Publisher {
  readonly targetURI: Uri;
  readonly eventType: string;
  private readonly options: PublisherOptions;
  /** State, SIP.js emitter and `state$`, listeners guarded (see StateHolder). */
  private readonly holder: StateHolder<PublisherState>;
  private readonly requests: RequestStreams;
  private readonly callId: string;
  private readonly fromTag: string;
  private cseq = 0;
  private requestedExpires: number;
  private etag: string | undefined;
  private content: string | undefined;
  private refreshTimer: RxSubscription | undefined;
  private inFlight: Promise<unknown> = Promise.resolve();

  constructor(
    readonly userAgent: UserAgent,
    targetURI: Uri,
    eventType: string,
    options: PublisherOptions = {},
  ) {
    if (eventType.trim() === "") throw new InvalidOptionError("a Publisher needs an event type");
    const expires = options.expires ?? 3600;
    if (!Number.isInteger(expires) || expires <= 0) throw new InvalidOptionError(`expires must be a positive whole number of seconds, not ${expires}`);
    headerPairs(options.extraHeaders);
    this.targetURI = targetURI.clone();
    this.eventType = eventType.trim();
    this.options = options;
    this.requestedExpires = expires;
    this.callId = options.params?.callId ?? userAgent.userAgentCore.newCallId();
    this.fromTag = options.params?.fromTag ?? userAgent.userAgentCore.newTag();
    this.holder = new StateHolder<PublisherState>(PublisherState.Initial, userAgent, "publisher");
    this.requests = new RequestStreams(userAgent, "publisher");
    userAgent.owned.add(this);
  }

  get state(): PublisherState {
    return this.holder.value;
  }

  get stateChange(): Emitter<PublisherState> {
    return this.holder.stateChange;
  }

  /** The publication state, replaying the current one; completes when disposed. */
  get state$(): Observable<PublisherState> {
    return this.holder.state$;
  }

  /**
   * rxsip: how each PUBLISH ended (accepted, rejected with the response attached — e.g. 412
   * when the compositor lost our entity-tag —, timeout, transport error), beside
   * `requestDelegate`; completes on dispose.
   */
  get outcomes$(): Observable<RequestOutcome> {
    return this.requests.outcomes$;
  }

  /** The entity tag the compositor gave the publication (SIP-ETag), while published. */
  get entityTag(): string | undefined {
    return this.etag;
  }

  /**
   * Publishes `content`: the initial PUBLISH, or a modification (SIP-If-Match) when
   * published. Resolves once sent; the outcome shows on `state$` and in `requestDelegate`.
   */
  publish(content: string, options: PublisherPublishOptions = {}): Promise<void> {
    if (this.state === PublisherState.Terminated) return Promise.reject(new UserAgentStateError("the publisher was disposed"));
    this.content = content;
    return this.enqueue("publish", options);
  }

  /** Removes the publication (Expires: 0 with SIP-If-Match); without one, just Unpublished. */
  unpublish(options: PublisherUnpublishOptions = {}): Promise<void> {
    if (this.state === PublisherState.Terminated) return Promise.reject(new UserAgentStateError("the publisher was disposed"));
    this.refreshTimer = cancelTimer(this.refreshTimer);
    // no state left to publish: a 412 / 423 retry of a PUBLISH still in flight must not publish it again
    this.content = undefined;
    return this.enqueue("remove", options);
  }

  /** Removes the publication when there is one (`unpublishOnClose`, not waiting for the answer), then Terminated. */
  async dispose(): Promise<void> {
    if (this.state === PublisherState.Terminated) return;
    this.refreshTimer = cancelTimer(this.refreshTimer);
    if (this.etag !== undefined && this.options.unpublishOnClose !== false && this.userAgent.isConnected()) {
      try {
        this.send("remove", {});
      } catch {
        // gone with the transport: the publication expires at the compositor
      }
    }
    this.userAgent.owned.delete(this);
    this.setState(PublisherState.Terminated);
    this.holder.complete();
    this.requests.complete();
  }

  private setState(state: PublisherState): void {
    if (this.holder.value === state || this.holder.value === PublisherState.Terminated) return;
    this.holder.set(state);
  }

  /** Runs the PUBLISH for `intent` once every earlier one has its final response; resolves once sent. */
  private enqueue(intent: Intent, options: PublisherPublishOptions): Promise<void> {
    const run = this.inFlight.then((): { done: Promise<void> } => {
      if (this.state === PublisherState.Terminated) throw new UserAgentStateError("the publisher was disposed");
      if (this.userAgent.state !== "Started") throw new UserAgentStateError("publish() needs a started user agent");
      const kind = this.kindOf(intent);
      if (kind === undefined) {
        if (intent === "remove") this.setState(PublisherState.Unpublished);
        return { done: Promise.resolve() };
      }
      return { done: this.send(kind, options) };
    });
    this.inFlight = run.then(
      (r) => r.done,
      () => undefined,
    );
    return run.then(() => undefined);
  }

  /** Which request an intent becomes now (Table 1 of RFC 3903 §4.1), or none. */
  private kindOf(intent: Intent): Kind | undefined {
    if (intent === "remove") return this.etag !== undefined ? "remove" : undefined;
    if (this.etag === undefined) return this.content !== undefined ? "initial" : undefined;
    return intent === "publish" ? "modify" : "refresh";
  }

  /** Sends one PUBLISH; the promise settles with its final response (so the next one may go). */
  private send(kind: Kind, options: PublisherPublishOptions, expires = kind === "remove" ? 0 : this.requestedExpires): Promise<void> {
    const core = this.userAgent.userAgentCore;
    const p = this.options.params ?? {};
    const from = new NameAddr({ uri: (p.fromUri ?? core.aor).clone(), ...(p.fromDisplayName ?? core.displayName ? { displayName: p.fromDisplayName ?? core.displayName! } : {}) });
    from.tag = this.fromTag;
    const to = new NameAddr({ uri: (p.toUri ?? this.targetURI).clone(), ...(p.toDisplayName ? { displayName: p.toDisplayName } : {}) });
    const extraHeaders: Array<[string, string]> = [
      ["Event", this.eventType],
      ["Expires", String(expires)],
    ];
    if (kind !== "initial") extraHeaders.push(["SIP-If-Match", this.etag!]);
    for (const pair of headerPairs(this.options.extraHeaders)) extraHeaders.push(pair);
    for (const pair of headerPairs(options.requestOptions?.extraHeaders)) extraHeaders.push(pair);
    const withBody = kind === "initial" || kind === "modify";
    const request = core.createRequest("PUBLISH", this.targetURI, {
      from,
      to,
      callId: this.callId,
      cseq: ++this.cseq,
      extraHeaders,
      contact: false,
      ...(withBody ? { body: this.content ?? "", contentType: this.options.contentType ?? "text/plain" } : {}),
    });
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate);
    return new Promise<void>((settle) => {
      const out = core.request(request, coreHandlers(delegate, (r) => {
        if (r !== undefined) this.cseq = Math.max(this.cseq, out.request.cseq.seq); // an authenticated retry went out with a higher CSeq
        if (r === undefined || r.statusCode >= 300) this.failed(kind, r, expires);
        else this.accepted(kind, r, expires);
        settle();
      }, this.requests, () => out?.request ?? request));
    });
  }

  private accepted(kind: Kind, response: SipResponse, requested: number): void {
    this.refreshTimer = cancelTimer(this.refreshTimer);
    if (kind === "remove") {
      this.etag = undefined;
      this.setState(PublisherState.Unpublished);
      return;
    }
    // §4.1 / §11.3.1: the 2xx carries the new entity tag and the granted lifetime
    this.etag = response.getHeader("sip-etag") ?? this.etag;
    const granted = grantedExpires(response, requested);
    if (this.etag === undefined || granted <= 0) {
      this.etag = undefined;
      this.setState(PublisherState.Unpublished);
      return;
    }
    this.setState(PublisherState.Published);
    if (this.state === PublisherState.Terminated) {
      // disposed while this PUBLISH was unanswered: the tag it brought takes the publication down
      if (this.options.unpublishOnClose !== false) this.send("remove", {}).catch(() => undefined);
      return;
    }
    this.refreshTimer = this.userAgent.scheduler.schedule(() => {
      this.enqueue("refresh", {}).catch(() => undefined);
    }, refreshDelay(granted));
  }

  private failed(kind: Kind, response: SipResponse | undefined, requested: number): void {
    const code = response?.statusCode;
    // §6: 412 Conditional Request Failed — the compositor does not know our entity tag: start over
    if (code === 412 && kind !== "initial") {
      this.etag = undefined;
      if (kind === "remove") this.setState(PublisherState.Unpublished);
      else this.enqueue("publish", {}).catch(() => undefined);
      return;
    }
    // §4.1 / RFC 3261 §10.2.8: 423 with Min-Expires — ask again for at least that long
    if (code === 423 && kind !== "remove") {
      const min = Number(response!.getHeader("min-expires"));
      if (Number.isInteger(min) && min > requested) {
        this.requestedExpires = min;
        this.enqueue(kind === "modify" || kind === "initial" ? "publish" : "refresh", {}).catch(() => undefined);
        return;
      }
    }
    this.refreshTimer = cancelTimer(this.refreshTimer);
    this.etag = undefined;
    this.setState(PublisherState.Unpublished);
  }
}
