import { NameAddr, SipRequest, type SipResponse, type Uri } from "../messages/index.js";

/** Where a dialog is (RFC 3261 §12): created by a provisional (early) or a 2xx (confirmed). */
export type DialogState = "early" | "confirmed" | "terminated";

/** The key under which a dialog is found: Call-ID, local tag, remote tag (§12). */
export function dialogKey(callId: string, localTag: string, remoteTag: string): string {
  return callId + "\n" + localTag + "\n" + remoteTag;
}

/** What a request built in a dialog may carry beyond what the dialog decides. */
export interface InDialogRequestOptions {
  extraHeaders?: ReadonlyArray<readonly [string, string]>;
  body?: string;
  contentType?: string;
  /** Use this CSeq number instead of the next one (ACK and CANCEL reuse the INVITE's). */
  cseq?: number;
}

/**
 * Dialog state of RFC 3261 §12: identity (Call-ID, tags), local and remote sequence
 * numbers, local and remote URIs, remote target and route set. Builds requests within
 * the dialog (§12.2.1.1, loose and strict routing) and checks requests that arrive in it
 * (§12.2.2).
 */
export class Dialog {
  state: DialogState;
  readonly callId: string;
  readonly localTag: string;
  remoteTag: string;
  localSeq: number;
  remoteSeq: number | undefined;
  /** Our party (From of what we send), without tag. */
  readonly localUri: NameAddr;
  /** The peer (To of what we send), without tag. */
  readonly remoteUri: NameAddr;
  /** The peer's Contact: where in-dialog requests go. */
  remoteTarget: Uri;
  /** Route set, in the order requests carry it. */
  routeSet: NameAddr[];
  /** True when the dialog was established over sips / TLS (§12.1.1). */
  readonly secure: boolean;

  private constructor(init: {
    state: DialogState;
    callId: string;
    localTag: string;
    remoteTag: string;
    localSeq: number;
    remoteSeq: number | undefined;
    localUri: NameAddr;
    remoteUri: NameAddr;
    remoteTarget: Uri;
    routeSet: NameAddr[];
    secure: boolean;
  }) {
    this.state = init.state;
    this.callId = init.callId;
    this.localTag = init.localTag;
    this.remoteTag = init.remoteTag;
    this.localSeq = init.localSeq;
    this.remoteSeq = init.remoteSeq;
    this.localUri = init.localUri;
    this.remoteUri = init.remoteUri;
    this.remoteTarget = init.remoteTarget;
    this.routeSet = init.routeSet;
    this.secure = init.secure;
  }

  get key(): string {
    return dialogKey(this.callId, this.localTag, this.remoteTag);
  }

  /**
   * The UAC's dialog from its request and a 1xx-with-tag or 2xx response (§12.1.2): route set
   * from Record-Route in reverse order, remote target from the response's Contact.
   */
  static fromUac(request: SipRequest, response: SipResponse): Dialog {
    const remoteTag = response.to.tag ?? "";
    const contact = response.contacts[0];
    return new Dialog({
      state: response.statusCode >= 200 ? "confirmed" : "early",
      callId: request.callId,
      localTag: request.from.tag ?? "",
      remoteTag,
      localSeq: request.cseq.seq,
      remoteSeq: undefined,
      localUri: withoutTag(request.from),
      remoteUri: withoutTag(request.to),
      remoteTarget: (contact?.uri ?? request.ruri).clone(),
      routeSet: response.recordRoutes.slice().reverse(),
      secure: request.ruri.scheme === "sips",
    });
  }

  /**
   * The UAS's dialog from the request and the tag it gives its To (§12.1.1): route set from
   * Record-Route in order, remote target from the request's Contact.
   */
  static fromUas(request: SipRequest, localTag: string, state: DialogState = "early"): Dialog {
    const contact = request.contacts[0];
    return new Dialog({
      state,
      callId: request.callId,
      localTag,
      remoteTag: request.from.tag ?? "",
      localSeq: 0,
      remoteSeq: request.cseq.seq,
      localUri: withoutTag(request.to),
      remoteUri: withoutTag(request.from),
      remoteTarget: (contact?.uri ?? request.from.uri).clone(),
      routeSet: request.recordRoutes.slice(),
      secure: request.ruri.scheme === "sips",
    });
  }

  /** A later 2xx / 1xx of the same dialog may refresh the route set while early (§12.1.2) and the target. */
  updateFromResponse(response: SipResponse): void {
    if (this.state === "early") this.routeSet = response.recordRoutes.slice().reverse();
    this.refreshTarget(response);
    if (response.statusCode >= 200 && response.statusCode < 300) this.state = "confirmed";
  }

  /** Target refresh (§12.2): a Contact in a target refresh request or its 2xx replaces the remote target. */
  refreshTarget(message: SipRequest | SipResponse): void {
    const contact = message.contacts[0];
    if (contact !== undefined) this.remoteTarget = contact.uri.clone();
  }

  /**
   * Checks the CSeq of a request arriving in the dialog (§12.2.2): lower than the remote
   * sequence number means out of order (answer 500). ACK and CANCEL carry the INVITE's
   * number and are not checked.
   */
  acceptRemoteSeq(request: SipRequest): boolean {
    if (request.method === "ACK" || request.method === "CANCEL") return true;
    const seq = request.cseq.seq;
    if (this.remoteSeq !== undefined && seq < this.remoteSeq) return false;
    this.remoteSeq = seq;
    return true;
  }

  /**
   * A request within the dialog (§12.2.1.1): To/From with the dialog's tags, Call-ID,
   * CSeq (next local number unless given), Request-URI and Route from the remote target and
   * the route set — loose routing when the first route has `lr`, else strict routing (the
   * first route becomes the Request-URI and the remote target goes last).
   * Via and Max-Forwards are added by the user agent core when sending.
   */
  createRequest(method: string, options: InDialogRequestOptions = {}): SipRequest {
    let seq: number;
    if (options.cseq !== undefined) seq = options.cseq;
    else seq = ++this.localSeq;
    const first = this.routeSet[0];
    let ruri: Uri;
    let routes: string[];
    if (first === undefined) {
      ruri = this.remoteTarget.clone();
      routes = [];
    } else if ("lr" in first.uri.params) {
      ruri = this.remoteTarget.clone();
      routes = this.routeSet.map((r) => r.toString());
    } else {
      ruri = first.uri.clone();
      for (const p of ["method", "maddr", "ttl", "transport", "lr"]) delete ruri.params[p];
      ruri.headers = {};
      routes = this.routeSet.slice(1).map((r) => r.toString());
      routes.push(`<${this.remoteTarget.toString()}>`);
    }
    const req = new SipRequest(method, ruri);
    for (const r of routes) req.addHeader("Route", r);
    const from = this.localUri.clone();
    from.tag = this.localTag;
    const to = this.remoteUri.clone();
    if (this.remoteTag) to.tag = this.remoteTag;
    req.addHeader("From", from).addHeader("To", to).addHeader("Call-ID", this.callId).addHeader("CSeq", `${seq} ${method}`);
    for (const [n, v] of options.extraHeaders ?? []) req.addHeader(n, v);
    if (options.body !== undefined && options.body !== "") {
      req.setHeader("Content-Type", options.contentType ?? "application/sdp");
      req.body = options.body;
    }
    return req;
  }
}

function withoutTag(na: NameAddr): NameAddr {
  const c = na.clone();
  c.tag = undefined;
  return c;
}
