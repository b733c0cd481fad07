import { type Observable, type Subscription } from "rxjs";
import { RequestStreams, type RequestOutcome } from "./RequestOutcome.js";
import { guardRequestDelegate } from "./guardRequestDelegate.js";
import { NameAddr, type SipRequest, type SipResponse, Uri } from "../core/messages/index.js";
import { parseHeaderValue } from "../core/grammar/index.js";
import { randomHex } from "../core/transactions/index.js";
import { LONGEST_TIMED_LIFETIME } from "../core/dialogs/subscriptionHeaders.js";
import { EmitterImpl, StateHolder, type Emitter } from "../streams/index.js";
import { UserAgentStateError } from "./errors.js";
import { headerPairs } from "./IncomingRequestContext.js";
import { makeUri } from "./makeUri.js";
import { RegistererState } from "./RegistererState.js";
import { coreHandlers, type OutgoingRequestDelegate, type OutgoingRequestMessage, type RequestOptions } from "./requestTypes.js";
import type { UserAgent } from "./UserAgent.js";

/**
 * SIP.js's `RegistererOptions`, same names and defaults.
 *
 * @example
 * ```ts
 * import { Registerer, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const registerer = new Registerer(userAgent, {
 *   expires: 300,
 *   registrar: UserAgent.makeURI("sip:registrar.example.com")!,
 *   extraHeaders: ["X-Device: desk-phone"],
 *   regId: 1, // with the user agent's instanceId: SIP outbound (RFC 5626)
 * });
 * ```
 */
export interface RegistererOptions {
  /** Requested registration lifetime, seconds (default 600). */
  expires?: number;
  extraContactHeaderParams?: string[];
  extraHeaders?: string[];
  /** RFC 5626 instance id (a UUID; default the user agent's). */
  instanceId?: string;
  /** RFC 5626 reg-id; with instanceId it turns on outbound. */
  regId?: number;
  params?: { fromDisplayName?: string; fromTag?: string; fromUri?: Uri; toDisplayName?: string; toUri?: Uri; callId?: string };
  /** Percent of the granted lifetime after which the registration is refreshed (default 99, as SIP.js; capped so at least 5 s remain). */
  refreshFrequency?: number;
  /** Registrar URI (default: the domain of the user agent's URI). */
  registrar?: Uri;
  requestDelegate?: OutgoingRequestDelegate;
}

/**
 * Options of {@link Registerer.register}: a delegate told of the REGISTER's response, and extra header lines
 * or a body for that REGISTER.
 *
 * @example
 * ```ts
 * import type { Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * await registerer.register({
 *   requestDelegate: { onReject: (r) => console.log("refused:", r.message.statusCode) },
 *   requestOptions: { extraHeaders: ["X-Reason: app start"] },
 * });
 * ```
 */
export interface RegistererRegisterOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: RequestOptions;
}

/**
 * Options of {@link Registerer.unregister}: those of `register()`, plus `all` to remove every binding of the
 * address of record, not only this user agent's.
 *
 * @example
 * ```ts
 * import type { Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * await registerer.unregister({ all: true }); // Contact: * and Expires: 0: log out every device of the account
 * ```
 */
export interface RegistererUnregisterOptions extends RegistererRegisterOptions {
  /** Remove every binding of the address of record (Contact: *). */
  all?: boolean;
}

/**
 * Registration (RFC 3261 §10; SIP.js's `Registerer`) with the fixes its users ask for:
 * refreshes are scheduled on the user agent's scheduler before expiry and never stall;
 * a `register()` while one is in flight is queued behind it, never rejected; 423 is retried
 * with the registrar's Min-Expires; a Retry-After on a failure schedules a new attempt;
 * RFC 5626 `+sip.instance` / `reg-id`; a GRUU (RFC 5627) in the 2xx becomes the user
 * agent's Contact. `state$` replays the current state.
 *
 * @example
 * ```ts
 * import { Registerer, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const registerer = new Registerer(userAgent, { expires: 600 });
 * registerer.state$.subscribe((state) => console.log("registration", state));
 * await userAgent.start();
 * await registerer.register();
 * ```
 */
export class Registerer {
  /** State, SIP.js emitter and `state$`, listeners guarded (see StateHolder). */
  private readonly holder: StateHolder<RegistererState>;
  private readonly requests: RequestStreams;
  private readonly waitingEmitter = new EmitterImpl<boolean>();
  private readonly options: RegistererOptions;
  private readonly registrar: Uri;
  private readonly callId: string;
  private readonly fromTag: string;
  private cseq = 0;
  private inFlight: Promise<unknown> = Promise.resolve();
  /** A REGISTER waits for its final response (they go one at a time: see enqueue). */
  private busy = false;
  private refresh: Subscription | undefined;
  private retry: Subscription | undefined;
  private requestedExpires: number;
  /** Seconds of the Retry-After of the last failure, if it had one. */
  retryAfter: number | undefined;
  /** Contacts the registrar reported in the last 2xx. */
  contacts: string[] = [];
  /** The application asked to be registered (register() more recently than unregister()). */
  private wanted = false;
  /** The transport's flow was lost while registration was wanted. */
  private flowLost = false;
  private readonly watchFlow: Subscription;

  constructor(
    readonly userAgent: UserAgent,
    options: RegistererOptions = {},
  ) {
    this.options = options;
    this.requestedExpires = options.expires ?? 600;
    const aor = userAgent.configuration.uri;
    this.registrar = options.registrar?.clone() ?? new Uri({ scheme: aor.scheme, host: aor.host, port: aor.port || undefined, params: {}, headers: {} });
    this.callId = options.params?.callId ?? userAgent.userAgentCore.newCallId();
    this.fromTag = options.params?.fromTag ?? userAgent.userAgentCore.newTag();
    this.holder = new StateHolder<RegistererState>(RegistererState.Initial, userAgent, "registerer");
    this.requests = new RequestStreams(userAgent, "registerer");
    userAgent.owned.add(this);
    // A lost flow (a keep-alive that went unanswered: over UDP the only sign that the registrar
    // went away, e.g. restarted and forgot us) means the binding may be gone: once the
    // transport is connected again, register again at once rather than at the next refresh.
    this.watchFlow = userAgent.connection$.subscribe((status) => {
      // (wanted, not Registered: a refresh the lost flow made fail may have said Unregistered first)
      if (status.type === "disconnected" && this.wanted) this.flowLost = true;
      else if (status.type === "connected" && this.flowLost && this.wanted) {
        this.flowLost = false;
        this.register().catch(() => undefined);
      }
    });
  }

  get state(): RegistererState {
    return this.holder.value;
  }

  get stateChange(): Emitter<RegistererState> {
    return this.holder.stateChange;
  }

  /** The registration state, replaying the current one; completes when disposed. */
  get state$(): Observable<RegistererState> {
    return this.holder.state$;
  }

  /** rxsip: every response to our REGISTERs (provisional ones too), beside `requestDelegate`; completes on dispose. */
  get responses$(): Observable<SipResponse> {
    return this.requests.responses$;
  }

  /**
   * rxsip: how each REGISTER ended, response attached: a registration refused for good
   * (`{ type: "rejected", response }`, e.g. 403 for a wrong password, 404 for an unknown
   * user) shows here as well as in `state$` (Unregistered) and `requestDelegate.onReject`.
   * Completes on dispose.
   */
  get outcomes$(): Observable<RequestOutcome> {
    return this.requests.outcomes$;
  }

  /** True while a REGISTER is waiting for its final response. */
  get waiting(): boolean {
    return this.busy;
  }

  get waitingChange(): Emitter<boolean> {
    return this.waitingEmitter;
  }

  private setState(state: RegistererState): void {
    if (this.holder.value === state || this.holder.value === RegistererState.Terminated) return;
    this.holder.set(state);
  }

  /**
   * Sends REGISTER. Resolves once it was sent (as SIP.js); the outcome shows on `state$`
   * and in `requestDelegate`. Called while another REGISTER is in flight, it waits for that
   * one's final response first.
   */
  register(options: RegistererRegisterOptions = {}): Promise<OutgoingRequestMessage> {
    this.wanted = true;
    return this.enqueue(() => this.send(this.requestedExpires, false, options));
  }

  /** Removes our binding (Expires: 0), or every binding with `{ all: true }`. */
  unregister(options: RegistererUnregisterOptions = {}): Promise<OutgoingRequestMessage> {
    this.wanted = false;
    this.stopTimers();
    return this.enqueue(() => this.send(0, options.all === true, options));
  }

  /** Unregisters when registered, then ends: state Terminated, `state$` completes. */
  async dispose(): Promise<void> {
    if (this.state === RegistererState.Terminated) return;
    this.watchFlow.unsubscribe();
    this.stopTimers();
    const connected = this.userAgent.isConnected();
    if (this.state === RegistererState.Registered && connected) {
      await this.unregister().catch(() => undefined);
      await this.inFlight.catch(() => undefined);
    } else if (this.busy && this.wanted && connected) {
      // a first REGISTER not answered yet may still bind us (§10.2.2): an un-REGISTER right behind
      // it (the next CSeq) undoes that; not waited for (the registrar may be silent)
      this.wanted = false;
      try {
        this.send(0, false, {});
      } catch {
        // not sent: nothing more can be done
      }
    }
    this.userAgent.owned.delete(this);
    this.setState(RegistererState.Terminated);
    this.holder.complete();
    this.requests.complete();
    this.waitingEmitter.removeAllListeners();
  }

  /** No refresh nor retry scheduled any more. */
  private stopTimers(): void {
    this.refresh?.unsubscribe();
    this.retry?.unsubscribe();
  }

  /** Runs `task` after every REGISTER already queued has its final response. */
  private enqueue(task: () => { sent: OutgoingRequestMessage; done: Promise<void> }): Promise<OutgoingRequestMessage> {
    if (this.state === RegistererState.Terminated) return Promise.reject(new UserAgentStateError("the registerer was disposed"));
    const run = this.inFlight.then(() => {
      if (this.state === RegistererState.Terminated) throw new UserAgentStateError("the registerer was disposed");
      return task();
    });
    this.inFlight = run.then(
      (r) => r.done,
      () => undefined,
    );
    return run.then((r) => r.sent);
  }

  private send(expires: number, all: boolean, options: RegistererRegisterOptions): { sent: OutgoingRequestMessage; done: Promise<void> } {
    if (this.userAgent.state !== "Started") throw new UserAgentStateError("register() needs a started user agent");
    const request = this.build(expires, all, options.requestOptions);
    const delegate = guardRequestDelegate(this.userAgent, options.requestDelegate ?? this.options.requestDelegate);
    this.waitingEmitter.emit((this.busy = true));
    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    const end = (last: SipRequest) => {
      this.cseq = Math.max(this.cseq, last.cseq.seq);
      this.waitingEmitter.emit((this.busy = false));
      finish();
    };
    // handlers may run before request() returns (a transport that cannot send fails at once)
    let out: { request: SipRequest } | undefined;
    const last = () => out?.request ?? request;
    // the state moves first, then the delegate is told
    const settle = (r: SipResponse | undefined) => {
      end(last());
      if (this.state === RegistererState.Terminated) return; // (an answer after dispose schedules nothing)
      if (r === undefined) {
        // no answer: a registration cannot be counted on, and an unregistration that could not
        // be sent leaves nothing we know of registered either (refreshes were already stopped)
        this.setState(RegistererState.Unregistered);
      } else if (r.statusCode < 300) this.accepted(r, expires);
      else this.failed(r, expires, all, options);
    };
    out = this.userAgent.userAgentCore.request(request, coreHandlers(delegate, settle, this.requests, last));
    return { sent: { message: last() }, done };
  }

  /** REGISTER (§10.2): same Call-ID for every refresh, CSeq one higher each time. */
  private build(expires: number, all: boolean, requestOptions: RequestOptions | undefined): SipRequest {
    const ua = this.userAgent;
    const p = this.options.params ?? {};
    const aor = p.toUri ?? ua.configuration.uri;
    const from = new NameAddr({ uri: (p.fromUri ?? aor).clone(), displayName: (p.fromDisplayName ?? ua.configuration.displayName) || undefined });
    from.tag = this.fromTag;
    const to = new NameAddr({ uri: aor.clone(), displayName: p.toDisplayName || undefined });
    const extra = headerPairs(this.options.extraHeaders);
    for (const pair of headerPairs(requestOptions?.extraHeaders)) extra.push(pair);
    const req = ua.userAgentCore.createRequest("REGISTER", this.registrar, { from, to, callId: this.callId, cseq: ++this.cseq, extraHeaders: extra, contact: false });
    req.addHeader("Contact", all ? "*" : this.contactValue(expires));
    req.addHeader("Expires", String(expires));
    req.addHeader("Allow", ua.userAgentCore.allowHeader);
    req.addHeader("Supported", ua.userAgentCore.supportedHeader);
    return req;
  }

  private contactValue(expires: number): string {
    const contact = this.userAgent.contact.clone();
    const instance = this.instanceParam();
    if (instance !== undefined) {
      contact.params["+sip.instance"] = instance;
      if (this.options.regId !== undefined) contact.params["reg-id"] = String(this.options.regId);
    }
    for (const raw of this.options.extraContactHeaderParams ?? []) {
      const [k, v] = raw.split("=", 2);
      if (k) contact.params[k.trim().toLowerCase()] = v === undefined ? null : v.trim();
    }
    contact.params["expires"] = String(expires);
    return contact.toString();
  }

  /** The `+sip.instance` we register with (RFC 5626 §4.1), if any. */
  private instanceParam(): string | undefined {
    const instanceId = this.options.instanceId ?? this.userAgent.configuration.instanceId;
    if (instanceId === undefined && this.options.regId === undefined) return undefined;
    return `<urn:uuid:${instanceId ?? uuidOf(this.userAgent)}>`;
  }

  private accepted(response: SipResponse, requested: number): void {
    this.retryAfter = undefined;
    if (requested === 0) {
      this.refresh?.unsubscribe();
      this.setState(RegistererState.Unregistered);
      return;
    }
    // §10.2.4: our binding's expires parameter (§19.1.4 URI match, else our +sip.instance), else
    // Expires, else what we asked for. A registrar that rewrote our Contact (NAT) may list other
    // devices with the same user part: then the shortest of theirs and ours, never another's longer one.
    const ours = this.userAgent.contact.uri;
    const instance = (c: NameAddr) => String(c.params["+sip.instance"] ?? "").replace(/"/g, "").toLowerCase();
    const sent = this.instanceParam()?.toLowerCase();
    // (a Contact list or Expires that cannot be read, an expires that is no delta-seconds: as if absent)
    // each Contact line on its own: another device's binding the registrar lists malformed must not hide ours
    const listed = response.getHeaders("contact").flatMap((line) => unlessUnreadable(() => contactsIn(line), []));
    const mine = listed.find((c) => c.uri.equals(ours)) ?? listed.find((c) => instance(c) === sent);
    // (Infinity: no usable expires parameter)
    let granted = Math.min(...(mine ? [mine] : listed.filter((c) => c.uri.user === ours.user)).map((c) => (/^\d+$/.test(c.params["expires"] ?? "") ? Number(c.params["expires"]) : Infinity)));
    this.contacts = response.getHeaders("contact");
    if (granted === Infinity) granted = unlessUnreadable(() => response.expires, undefined) ?? requested;
    // RFC 5627 §5.1: a public GRUU granted for our instance becomes our Contact
    const gruu = mine?.params["pub-gruu"];
    const gruuUri = gruu ? makeUri(gruu) : undefined;
    if (gruuUri !== undefined) this.userAgent.userAgentCore.contact = new NameAddr({ uri: gruuUri });
    if (!(granted > 0)) {
      this.setState(RegistererState.Unregistered);
      return;
    }
    this.setState(RegistererState.Registered);
    const percent = Math.min(Math.max(this.options.refreshFrequency ?? 99, 50), 99);
    // (a JS timer cannot wait more than 2**31-1 ms: a longer grant is refreshed within LONGEST_TIMED_LIFETIME)
    const at = Math.min((granted * percent) / 100, Math.max(granted - 5, granted / 2), LONGEST_TIMED_LIFETIME);
    this.refresh?.unsubscribe();
    this.refresh = this.userAgent.scheduler.schedule(() => {
      this.register().catch(() => undefined);
    }, at * 1000);
  }

  private failed(response: SipResponse, requested: number, all: boolean, options: RegistererRegisterOptions): void {
    const code = response.statusCode;
    // §10.2.8: 423 with Min-Expires: try again with at least that lifetime
    if (code === 423 && requested > 0) {
      const min = Number(response.getHeader("min-expires"));
      if (Number.isInteger(min) && min > requested) {
        this.requestedExpires = min;
        this.enqueue(() => this.send(min, all, options)).catch(() => undefined);
        return;
      }
    }
    const retryAfter = Number(response.getHeader("retry-after")?.split(/[ ;(]/)[0]);
    this.retryAfter = Number.isFinite(retryAfter) && retryAfter > 0 ? retryAfter : undefined;
    if (requested > 0) {
      this.setState(RegistererState.Unregistered);
      if (this.retryAfter !== undefined) {
        this.retry?.unsubscribe();
        this.retry = this.userAgent.scheduler.schedule(() => this.register().catch(() => undefined), Math.min(this.retryAfter, LONGEST_TIMED_LIFETIME) * 1000);
      }
    }
  }
}

/** The bindings one Contact line lists (none for `*`). */
function contactsIn(line: string): NameAddr[] {
  const value = parseHeaderValue("Contact", line);
  return value.star ? [] : value.contacts.map((c) => new NameAddr(c));
}

/** What `read` gives, or `otherwise` when it throws (a header a peer wrote badly). */
function unlessUnreadable<T>(read: () => T, otherwise: T): T {
  try {
    return read();
  } catch {
    return otherwise;
  }
}

function uuidOf(ua: UserAgent): string {
  const known = (ua as unknown as { instanceUuid?: string }).instanceUuid;
  if (known) return known;
  // a version 4 UUID (RFC 9562 §5.4): 8-4-4-4-12 hex digits, version 4, variant 10
  return ((ua as unknown as { instanceUuid?: string }).instanceUuid = randomHex(16).replace(/(.{8})(.{4}).(.{3}).(.{3})/, "$1-$2-4$3-a$4-"));
}
