import { asyncScheduler, type SchedulerLike } from "rxjs";
import type { DigestAuthenticator } from "../auth/index.js";
import type { Dialog } from "../dialogs/Dialog.js";
import { dialogKey } from "../dialogs/Dialog.js";
import { checkHeader, NameAddr, ParseError, SipRequest, SipResponse, type SipMessageAny, type Uri } from "../messages/index.js";
import { ownString } from "../messages/ownString.js";
import {
  answerCancel,
  buildResponse as buildBareResponse,
  generateBranch,
  generateTag,
  randomHex,
  TransactionLayer,
  type ClientTransaction,
  type ClientTransactionUser,
  type RandomSource,
  type ServerTransactionUser,
  type TimerOptions,
} from "../transactions/index.js";
import type { CoreTransport } from "./CoreTransport.js";
import { IncomingInvite } from "./IncomingInvite.js";
import { IncomingNonInvite } from "./IncomingNonInvite.js";
import { OutgoingInvite, type OutgoingInviteHandlers, type OutgoingInviteOptions } from "./OutgoingInvite.js";
import { OutgoingRequest, type OutgoingRequestHandlers } from "./OutgoingRequest.js";
import { reasonFor, type ResponseOptions } from "./ResponseOptions.js";
import { sharedRandomSource } from "./pooledRandomSource.js";
import { checkRequest } from "./statelessChecks.js";
import {
  DEFAULT_ACCEPT,
  DEFAULT_ALLOW,
  DEFAULT_SUPPORTED,
  type UserAgentCoreDelegate,
  type UserAgentCoreOptions,
} from "./UserAgentCoreOptions.js";
import { addContent } from "./addContent.js";
import { InvalidOptionError } from "./errors.js";
import type { SessionTimerSupport } from "./sessionTimerSupport.js";

/** Something living in a dialog that takes the requests arriving in it (an INVITE session, a subscription). */
export interface DialogUsage {
  readonly dialog: Dialog;
  /** A request in the dialog that passed the CSeq check (§12.2.2). ACKs for 2xx arrive here too. */
  receiveRequest(request: SipRequest): void;
  /** A 2xx to the INVITE that made the dialog, arriving after the INVITE transaction ended (§13.2.2.4). */
  receiveStray2xx?(response: SipResponse): void;
}

const METHODS_CREATING_DIALOGS = new Set(["INVITE", "SUBSCRIBE", "REFER", "NOTIFY"]);

/**
 * The transaction user of RFC 3261: it checks what arrives (§8.2), matches it to a
 * transaction (§17), a dialog (§12) or an in-progress INVITE, answers what nobody claims
 * (400, 405, 481, 482, 505 ...), builds and sends requests with their Via, and owns the
 * transaction store. Pure: the transport and the scheduler are given to it.
 *
 * @example
 * ```ts
 * import { NameAddr, Uri, UserAgentCore, type CoreTransport, type SipMessageAny } from "rxsip/core";
 * declare const transport: CoreTransport; // sends what the core gives it
 * declare const received: SipMessageAny; // what that transport received, parsed
 *
 * const core = new UserAgentCore({
 *   transport,
 *   aor: Uri.sip("alice", "example.com"),
 *   contact: new NameAddr({ uri: Uri.sip("alice", "192.0.2.4", 5060) }),
 *   delegate: { onInvite: (invite) => invite.reject({ statusCode: 486 }) },
 * });
 * core.receive(received);
 * core.request(core.createRequest("OPTIONS", Uri.sip(undefined, "example.com")), {
 *   onAccept: (response) => console.log(response.getHeader("Allow")),
 * });
 * ```
 */
export class UserAgentCore {
  readonly transactions: TransactionLayer;
  readonly scheduler: SchedulerLike;
  readonly timers: TimerOptions | undefined;
  readonly random: RandomSource | undefined;
  readonly allow: readonly string[];
  /** Methods passed to the delegate although not in Allow. */
  readonly extraMethods: readonly string[];
  readonly supported: readonly string[];
  readonly accept: readonly string[];
  /** Session timers (RFC 4028) when the options gave them (`sessionTimers()`). */
  readonly sessionTimers: SessionTimerSupport | undefined;
  readonly reliableProvisionals: "none" | "supported" | "required";
  delegate: UserAgentCoreDelegate | undefined;
  authenticator: DigestAuthenticator | undefined;
  transport: CoreTransport;
  aor: Uri;
  displayName: string | undefined;
  contact: NameAddr;
  userAgent: string | undefined;

  /** `allow`, `supported` and `accept` as header values, written once (every 2xx to an INVITE carries them). */
  readonly allowHeader: string;
  readonly supportedHeader: string;
  readonly acceptHeader: string;
  private contactText: string | undefined;
  private contactOf: NameAddr | undefined;
  /** Allow values peers sent, kept once each (a dialog keeps its peer's for the whole call). */
  private peerAllowTexts: Map<string, string> | undefined;

  /** Dialog usages by dialog key (Call-ID, local tag, remote tag). */
  private usages: Map<string, DialogUsage> | undefined;
  /** Requests without To tag in progress, by Call-ID + From tag + CSeq: loop / merge detection (§8.2.2.2). */
  private merging: Map<string, string> | undefined;
  private callIdPrefix: string;
  private callCounter = 0;

  constructor(options: UserAgentCoreOptions) {
    this.transport = options.transport;
    this.scheduler = options.scheduler ?? asyncScheduler;
    this.timers = options.timers;
    // identifiers come from the given source, else from crypto.getRandomValues a pool at a time
    this.random = options.random ?? sharedRandomSource();
    this.aor = options.aor;
    this.displayName = options.displayName;
    this.contact = options.contact;
    this.userAgent = options.userAgent;
    this.allow = options.allow ?? DEFAULT_ALLOW;
    this.extraMethods = options.extraMethods ?? [];
    const timers = options.sessionTimers;
    // the old `{ sessionExpires, minSE }` form: session timers are now turned on by the factory's value
    if (timers !== undefined && typeof (timers as Partial<SessionTimerSupport>).start !== "function") {
      throw new InvalidOptionError('sessionTimers takes sessionTimers({ sessionExpires, minSE }) (import { sessionTimers } from "rxsip"); leave it out for none');
    }
    this.sessionTimers = timers;
    // `timer` is said exactly when we do session timers (RFC 4028 §7.1)
    const supported = options.supported ?? DEFAULT_SUPPORTED;
    this.supported = timers === undefined ? supported.filter((t) => t !== "timer") : supported.includes("timer") ? supported : [...supported, "timer"];
    this.accept = options.accept ?? DEFAULT_ACCEPT;
    this.allowHeader = this.allow.join(", ");
    this.supportedHeader = this.supported.join(", ");
    this.acceptHeader = this.accept.join(", ");
    this.authenticator = options.authenticator;
    this.delegate = options.delegate;
    this.reliableProvisionals = options.reliableProvisionals ?? "supported";
    // the layer reads its transport, scheduler, timers and random source from the core, set above
    this.transactions = new TransactionLayer(this);
    this.callIdPrefix = randomHex(6, this.random);
  }

  // ---- identifiers -------------------------------------------------------------------------

  /** A fresh From/To tag (RFC 3261 §19.3: at least 32 random bits). */
  newTag(): string {
    return generateTag(this.random);
  }

  /** A fresh Call-ID, unique to this core (RFC 3261 §8.1.1.4). */
  newCallId(): string {
    return `${this.callIdPrefix}${(++this.callCounter).toString(36)}${randomHex(4, this.random)}`;
  }

  // ---- dialogs -----------------------------------------------------------------------------

  /** Registers a dialog usage, so requests in its dialog are handed to it. */
  addUsage(usage: DialogUsage): void {
    (this.usages ??= new Map()).set(usage.dialog.key, usage);
  }

  /**
   * Unregisters a dialog usage (if it is the one registered for its dialog); later requests in that dialog
   * get 481.
   */
  removeUsage(usage: DialogUsage): void {
    if (this.usages?.get(usage.dialog.key) === usage) this.usages.delete(usage.dialog.key);
  }

  /**
   * @internal One shared copy of a peer's Allow value: most peers send the same one on every
   * call, and a session keeps it for its whole life (at most 64 different values are shared).
   */
  sharedAllowText(text: string): string {
    const known = this.peerAllowTexts?.get(text);
    if (known !== undefined) return known;
    const own = text.length < 13 ? text : (" " + text).slice(1);
    this.peerAllowTexts ??= new Map();
    if (this.peerAllowTexts.size < 64) this.peerAllowTexts.set(own, own);
    return own;
  }

  /** The dialog usage of (Call-ID, local tag, remote tag), if any. */
  findUsage(callId: string, localTag: string, remoteTag: string): DialogUsage | undefined {
    return this.usages?.get(dialogKey(callId, localTag, remoteTag));
  }

  /** How many dialog usages are alive. */
  get dialogCount(): number {
    return this.usages?.size ?? 0;
  }

  // ---- building and sending ----------------------------------------------------------------

  /**
   * An out-of-dialog request (§8.1.1): Request-URI, To (the target unless given), From with
   * a new tag, a new Call-ID unless given, CSeq, Max-Forwards, Contact for methods that
   * create dialogs. Via is added when it is sent.
   */
  createRequest(
    method: string,
    ruri: Uri,
    options: {
      to?: NameAddr;
      from?: NameAddr;
      callId?: string;
      cseq?: number;
      extraHeaders?: ReadonlyArray<readonly [string, string]>;
      body?: string;
      contentType?: string;
      contact?: boolean;
    } = {},
  ): SipRequest {
    checkHeader(method, ""); // the method is a token (§25.1): no space, CR or LF in the request line
    const req = new SipRequest(method, ruri.clone());
    const from = options.from?.clone() ?? new NameAddr({ ...(this.displayName !== undefined ? { displayName: this.displayName } : {}), uri: this.aor.clone() });
    if (from.tag === undefined) from.tag = this.newTag();
    const to = options.to?.clone() ?? new NameAddr({ uri: ruri.clone() });
    req.addHeader("From", from).addHeader("To", to);
    req.addHeader("Call-ID", options.callId ?? this.newCallId()).addHeader("CSeq", `${options.cseq ?? 1} ${method}`);
    req.addHeader("Max-Forwards", "70");
    if (options.contact ?? METHODS_CREATING_DIALOGS.has(method)) req.addHeader("Contact", this.contact.toString());
    if (this.userAgent !== undefined) req.addHeader("User-Agent", this.userAgent);
    return addContent(req, options);
  }

  /** `contact` as a header value, written again only when `contact` is replaced. */
  private contactHeader(): string {
    if (this.contactText === undefined || this.contactOf !== this.contact) {
      this.contactText = this.contact.toString();
      this.contactOf = this.contact;
    }
    return this.contactText;
  }

  /** The same request for a new attempt (§8.1.3.5, §22.2): next CSeq, no Via (a new branch is added on sending). */
  nextAttempt(request: SipRequest): SipRequest {
    const next = request.clone();
    next.removeHeader("via");
    next.setHeader("CSeq", `${request.cseq.seq + 1} ${request.method}`);
    return next;
  }

  /** Adds the top Via (new branch, rport) and Max-Forwards unless present (§8.1.1.7, §18.1.1, RFC 3581). */
  stampRequest(request: SipRequest): void {
    if (!request.hasHeader("via")) {
      const t = this.transport;
      const sentBy = t.viaPort !== undefined ? `${t.viaHost}:${t.viaPort}` : t.viaHost;
      request.prependHeader("Via", `SIP/2.0/${t.protocol} ${sentBy};branch=${generateBranch(this.random)};rport`);
    }
    if (!request.hasHeader("max-forwards")) request.addHeader("Max-Forwards", "70");
  }

  /** Sends a request in a new client transaction. */
  sendRequest(request: SipRequest, user: ClientTransactionUser<ClientTransaction>): ClientTransaction {
    this.stampRequest(request);
    return this.transactions.createClient(request, user, this.transport);
  }

  /** Sends a request with no transaction (ACK for 2xx, §13.2.2.4). */
  sendStateless(message: SipRequest | SipResponse): void {
    if (message instanceof SipRequest) this.stampRequest(message);
    try {
      this.transport.send(message);
    } catch {
      // a lost ACK is recovered by the peer's 2xx retransmission (§13.3.1.4)
    }
  }

  /** Sends a non-INVITE request out of a dialog or in one, with digest retries. */
  request(request: SipRequest, handlers: OutgoingRequestHandlers = {}): OutgoingRequest {
    return new OutgoingRequest(this, request, handlers);
  }

  /** Sends an INVITE (initial): see {@link OutgoingInvite}. */
  invite(request: SipRequest, handlers: OutgoingInviteHandlers = {}, options: OutgoingInviteOptions = {}): OutgoingInvite {
    return new OutgoingInvite(this, request, handlers, options);
  }

  /**
   * A response to `request` (§8.2.6): Via, From, To (with `toTag` unless it had one),
   * Call-ID, CSeq copied; Contact on 2xx / 1xx of dialog-creating requests; Allow and
   * Supported on 2xx to INVITE and OPTIONS; the caller's headers and body. Without a
   * `reasonPhrase`, the usual one for the code ({@link reasonFor}).
   */
  buildResponse(request: SipRequest, statusCode: number, reasonPhrase: string | undefined, toTag: string | undefined, options: ResponseOptions = {}): SipResponse {
    const res = buildBareResponse(request, statusCode, reasonPhrase ?? reasonFor(statusCode), statusCode === 100 ? undefined : toTag);
    if (statusCode > 100 && statusCode < 300 && METHODS_CREATING_DIALOGS.has(request.method)) {
      // §12.1.1: the response that creates a dialog carries the request's Record-Route, in order
      for (const rr of request.getHeaders("record-route")) res.addHeader("Record-Route", rr);
      res.addHeader("Contact", this.contactHeader());
    }
    if (statusCode >= 200 && statusCode < 300 && (request.method === "INVITE" || request.method === "OPTIONS" || request.method === "UPDATE")) {
      res.addHeader("Allow", this.allowHeader);
      if (!this.extendsSupported(options.extraHeaders)) res.addHeader("Supported", this.supportedHeader);
      if (request.method === "OPTIONS") res.addHeader("Accept", this.acceptHeader);
    }
    if (this.userAgent !== undefined && statusCode !== 100) res.addHeader("Server", this.userAgent);
    return addContent(res, options);
  }

  /** True when the caller's headers have a Supported with every option tag of ours (ours plus what a call adds): it stands for ours. */
  private extendsSupported(headers: ResponseOptions["extraHeaders"]): boolean {
    for (const [name, value] of headers ?? []) {
      if (name.toLowerCase() !== "supported") continue;
      const tags = value.split(",").map((t) => t.trim().toLowerCase());
      if (this.supported.every((t) => tags.includes(t.toLowerCase()))) return true;
    }
    return false;
  }

  /** A non-INVITE server transaction for `request`, answered by the returned context. */
  serverNonInvite(request: SipRequest, toTag: string, user: ServerTransactionUser<never> = {}): IncomingNonInvite {
    const tx = this.transactions.createServer(request, user);
    return new IncomingNonInvite(this, request, tx as never, toTag);
  }

  // ---- receiving -----------------------------------------------------------------------------

  /** Everything that arrives from the transport goes here. Never throws. */
  receive(message: SipMessageAny): void {
    try {
      if (message instanceof SipResponse) this.receiveResponse(message);
      else this.receiveRequest(message);
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      // a request whose core headers cannot be read gets 400 when it can be answered at all
      if (message instanceof SipRequest && message.method !== "ACK") this.answerStateless(message, 400);
    }
  }

  private receiveResponse(response: SipResponse): void {
    // §8.1.3.3: a response with more than one Via is discarded by a UAC
    if (response.vias.length !== 1) return;
    // §12.1.2: the route set of a dialog it makes is read from its Record-Route: unreadable, the response is discarded (ParseError)
    const code = response.statusCode;
    if (code > 100 && code < 300 && response.cseq.method === "INVITE") void response.recordRoutes;
    if (this.transactions.receiveResponse(response) !== undefined) return;
    // RFC 6026 §7.3 / §13.2.2.4: a 2xx retransmission after the transaction is gone
    if (code >= 200 && code < 300 && response.cseq.method === "INVITE") {
      const usage = this.findUsage(response.callId, response.from.tag ?? "", response.to.tag ?? "");
      usage?.receiveStray2xx?.(response);
    }
  }

  private receiveRequest(request: SipRequest): void {
    if (request.vias.length === 0) return; // nothing to answer to
    if (this.transactions.receiveRequest(request) !== undefined) return; // a retransmission, absorbed
    const check = checkRequest(request, { allow: this.allow, extraMethods: this.extraMethods, supported: this.supported, accept: this.accept });
    if (check !== undefined) {
      if (request.method !== "ACK") this.answerStateless(request, check.statusCode, check.headers, check.reasonPhrase);
      return;
    }
    const toTag = request.to.tag;
    if (toTag !== undefined) {
      this.receiveInDialog(request, toTag);
      return;
    }
    this.receiveOutOfDialog(request);
  }

  private receiveInDialog(request: SipRequest, toTag: string): void {
    const usage = this.findUsage(request.callId, toTag, request.from.tag ?? "");
    if (usage === undefined) {
      // §12.2.2: no dialog → 481; an ACK for a 2xx we no longer know is dropped
      if (request.method !== "ACK") this.answerStateless(request, 481);
      return;
    }
    if (request.method === "CANCEL") {
      this.receiveCancel(request);
      return;
    }
    if (!usage.dialog.acceptRemoteSeq(request)) {
      this.answerStateless(request, 500, [["Retry-After", "1"]]);
      return;
    }
    usage.receiveRequest(request);
  }

  private receiveOutOfDialog(request: SipRequest): void {
    if (request.method === "ACK") return; // an ACK matching nothing is dropped (§17.2.3)
    if (request.method === "CANCEL") {
      this.receiveCancel(request);
      return;
    }
    // §8.2.2.2 merged requests: same From tag, Call-ID and CSeq as one in progress, other branch
    // kept until the transaction ends (64*T1 after a 2xx): copies of their own, not pieces of the request's text
    const mergeKey = ownString(`${request.callId}\n${request.from.tag ?? ""}\n${request.cseq.seq}\n${request.method}`);
    const branch = ownString(request.via.branch ?? "");
    const merging = (this.merging ??= new Map());
    const pending = merging.get(mergeKey);
    if (pending !== undefined && pending !== branch) {
      this.answerStateless(request, 482);
      return;
    }
    merging.set(mergeKey, branch);
    const forget = () => {
      if (merging.get(mergeKey) === branch) merging.delete(mergeKey);
    };
    if (request.method === "INVITE") {
      // RFC 4028 §8.1: a session interval below our minimum is refused with 422 and our Min-SE
      // (without session timers a Session-Expires is ignored, §9: as if it were absent)
      if (this.sessionTimers?.tooShort(request)) {
        forget();
        this.answerStateless(request, 422, [["Min-SE", String(this.sessionTimers.minSE)]]);
        return;
      }
      const invite = new IncomingInvite(this, request, forget);
      if (this.delegate?.onInvite) this.delegate.onInvite(invite);
      else invite.reject({ statusCode: 480 });
      return;
    }
    const incoming = this.serverNonInvite(request, this.newTag(), { onTerminated: forget });
    if (this.delegate?.onRequest) {
      this.delegate.onRequest(incoming);
      return;
    }
    if (request.method === "OPTIONS") incoming.accept();
    else if (["BYE", "NOTIFY", "PRACK", "UPDATE", "INFO"].includes(request.method)) incoming.reject({ statusCode: 481 });
    else incoming.reject({ statusCode: 405, extraHeaders: [["Allow", this.allowHeader]] });
  }

  private receiveCancel(cancel: SipRequest): void {
    const target = this.transactions.findCancelTarget(cancel);
    const tx = this.transactions.createServer(cancel, {});
    answerCancel(tx as never, target, { random: this.random });
  }

  /**
   * Answers a request with no transaction beyond the one the answer needs (§8.2: 400, 405, 481 ...);
   * the usual reason phrase ({@link reasonFor}) unless one is given.
   */
  private answerStateless(request: SipRequest, statusCode: number, headers?: Array<[string, string]>, reasonPhrase = reasonFor(statusCode)): void {
    // the response first: a request whose To cannot be read (RFC 4475 §3.3.1) still gets its 400
    let res: SipResponse;
    try {
      res = buildBareResponse(request, statusCode, reasonPhrase, this.newTag());
    } catch (e) {
      if (!(e instanceof ParseError)) throw e;
      res = buildBareResponse(request, statusCode, reasonPhrase);
    }
    for (const [n, v] of headers ?? []) res.addHeader(n, v);
    let tx;
    try {
      tx = this.transactions.createServer(request, {});
    } catch {
      return;
    }
    tx.respond(res);
  }

  /** Ends every transaction and forgets every dialog; nothing stays scheduled. */
  dispose(): void {
    this.transactions.dispose();
    this.usages?.clear();
    this.merging?.clear();
  }
}
