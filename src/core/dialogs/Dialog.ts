import { parseHeaderValue } from "../grammar/index.js";
import { NameAddr, SipRequest, Uri, type SipResponse } from "../messages/index.js";
import { ownString } from "../messages/ownString.js";
import { addContent } from "../user-agent-core/addContent.js";

/** Where a dialog is (RFC 3261 §12): created by a provisional (early) or a 2xx (confirmed). */
export type DialogState = "early" | "confirmed" | "terminated";

/**
 * The key under which a dialog is found: Call-ID, local tag, remote tag (§12).
 *
 * @example
 * ```ts
 * import { dialogKey, type UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 *
 * const usage = core.findUsage("a84b4c76e66710", "1928301774", "314159");
 * console.log(usage?.dialog.key === dialogKey("a84b4c76e66710", "1928301774", "314159")); // true
 * ```
 */
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
 *
 * It lives as long as the call, so it is kept small: the local and remote URIs and the remote
 * target are held as text (parsed again only when read), and every string is its own copy
 * rather than a slice of the message it was read from.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * const dialog = session.dialog?.dialog; // the dialog under an established call
 * if (dialog) {
 *   console.log(dialog.callId, dialog.localTag, dialog.remoteTag, dialog.remoteTarget.toString());
 *   console.log(dialog.routeSet.map((r) => r.toString())); // from Record-Route (RFC 3261 §12.1)
 * }
 * ```
 */
export class Dialog {
  state: DialogState;
  readonly callId: string;
  readonly localTag: string;
  remoteTag: string;
  localSeq: number;
  remoteSeq: number | undefined;
  /** The peer's Contact (where in-dialog requests go), as text: parsed again at each read. */
  private remoteTargetText: string;
  /** Route set, in the order requests carry it. */
  routeSet: NameAddr[];
  /** True when the dialog was established over sips / TLS (§12.1.1). */
  readonly secure: boolean;
  /** Our party as written in From (without tag). */
  private readonly localText: string;
  /** The peer as written in To (without tag). */
  private readonly remoteText: string;
  private keyText: string | undefined;
  private keyTag: string | undefined;

  /** Holds its strings as copies of their own, the URIs as text (fromUac, fromUas). */
  private constructor(
    state: DialogState,
    callId: string,
    localTag: string,
    remoteTag: string,
    localSeq: number,
    remoteSeq: number | undefined,
    local: NameAddr,
    remote: NameAddr,
    remoteTarget: Uri,
    routeSet: NameAddr[],
    secure: boolean,
  ) {
    this.state = state;
    this.callId = ownString(callId);
    this.localTag = ownString(localTag);
    this.remoteTag = ownString(remoteTag);
    this.localSeq = localSeq;
    this.remoteSeq = remoteSeq;
    this.localText = withoutTag(local);
    this.remoteText = withoutTag(remote);
    this.remoteTargetText = ownString(remoteTarget.toString());
    this.routeSet = routeSet;
    this.secure = secure;
  }

  /** The peer's Contact: where in-dialog requests go. A new value at each read (change it by assigning). */
  get remoteTarget(): Uri {
    return new Uri(parseHeaderValue("Uri", this.remoteTargetText, "contact"));
  }

  set remoteTarget(uri: Uri) {
    this.remoteTargetText = ownString(uri.toString());
  }

  /** Our party (From of what we send), without tag: a new value at each read. */
  get localUri(): NameAddr {
    return readNameAddr(this.localText);
  }

  /** The peer (To of what we send), without tag: a new value at each read. */
  get remoteUri(): NameAddr {
    return readNameAddr(this.remoteText);
  }

  get key(): string {
    if (this.keyText === undefined || this.keyTag !== this.remoteTag) {
      this.keyText = ownString(dialogKey(this.callId, this.localTag, this.remoteTag));
      this.keyTag = this.remoteTag;
    }
    return this.keyText;
  }

  /**
   * The UAC's dialog from its request and a 1xx-with-tag or 2xx response (§12.1.2): route set
   * from Record-Route in reverse order, remote target from the response's Contact.
   */
  static fromUac(request: SipRequest, response: SipResponse): Dialog {
    const contact = response.contacts[0];
    return new Dialog(
      response.statusCode >= 200 ? "confirmed" : "early",
      request.callId,
      request.from.tag ?? "",
      response.to.tag ?? "",
      request.cseq.seq,
      undefined,
      readUncached(request, "from"),
      readUncached(request, "to"),
      contact?.uri ?? request.ruri,
      routes(response.recordRoutes, true),
      request.ruri.scheme === "sips",
    );
  }

  /**
   * The UAS's dialog from the request and the tag it gives its To (§12.1.1): route set from
   * Record-Route in order, remote target from the request's Contact.
   */
  static fromUas(request: SipRequest, localTag: string, state: DialogState = "early"): Dialog {
    const contact = request.contacts[0];
    return new Dialog(
      state,
      request.callId,
      localTag,
      request.from.tag ?? "",
      0,
      request.cseq.seq,
      request.to,
      request.from,
      contact?.uri ?? request.from.uri,
      routes(request.recordRoutes, false),
      request.ruri.scheme === "sips",
    );
  }

  /** A later 2xx / 1xx of the same dialog may refresh the route set while early (§12.1.2) and the target. */
  updateFromResponse(response: SipResponse): void {
    if (this.state === "early") this.routeSet = routes(response.recordRoutes, true);
    this.refreshTarget(response);
    if (response.statusCode >= 200 && response.statusCode < 300) this.state = "confirmed";
  }

  /** Target refresh (§12.2): a Contact in a target refresh request or its 2xx replaces the remote target. */
  refreshTarget(message: SipRequest | SipResponse): void {
    const contact = message.contacts[0];
    if (contact !== undefined) this.remoteTarget = contact.uri;
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
    const seq = options.cseq ?? ++this.localSeq;
    const first = this.routeSet[0];
    let ruri: Uri;
    let routes: string[];
    if (first === undefined || "lr" in first.uri.params) {
      ruri = this.remoteTarget;
      routes = this.routeSet.map((r) => r.toString());
    } else {
      ruri = first.uri.clone();
      for (const p of ["method", "maddr", "ttl", "transport", "lr"]) delete ruri.params[p];
      ruri.headers = {};
      routes = this.routeSet.slice(1).map((r) => r.toString());
      routes.push(`<${this.remoteTargetText}>`);
    }
    const req = new SipRequest(method, ruri);
    for (const r of routes) req.addHeader("Route", r);
    req.addHeader("From", `${this.localText};tag=${this.localTag}`);
    req.addHeader("To", this.remoteTag ? `${this.remoteText};tag=${this.remoteTag}` : this.remoteText);
    req.addHeader("Call-ID", this.callId).addHeader("CSeq", `${seq} ${method}`);
    return addContent(req, options);
  }
}

/** The name-addr as text, without its tag (the dialog's local or remote URI, §12.1). */
function withoutTag(na: NameAddr): string {
  if (na.tag === undefined) return ownString(na.toString());
  const c = na.clone();
  c.tag = undefined;
  return ownString(c.toString());
}

/**
 * From or To of the UAC's own request, parsed without caching the value on the request: the
 * INVITE stays in its transaction for 64*T1 after the 2xx (RFC 6026), the parsed value need not.
 */
function readUncached(request: SipRequest, name: "from" | "to"): NameAddr {
  const data = request.parseHeaders(name, "NameAddrOrAddrSpec")[0];
  return data === undefined ? request[name] : new NameAddr(data);
}

function readNameAddr(text: string): NameAddr {
  return new NameAddr(parseHeaderValue("NameAddrOrAddrSpec", text));
}


/** The route set from Record-Route: reversed for the UAC (§12.1.2), as is for the UAS (§12.1.1). */
function routes(recordRoutes: NameAddr[], reverse: boolean): NameAddr[] {
  if (recordRoutes.length === 0) return [];
  const list = recordRoutes.map((r) => r.clone());
  return reverse ? list.reverse() : list;
}
