import type { SchedulerLike } from "rxjs";
import { LONGEST_TIMED_LIFETIME } from "../../core/dialogs/subscriptionHeaders.js";
import { ParseError, type NameAddr, type SipRequest } from "../../core/messages/index.js";
import type { BindingStore } from "./BindingStore.js";
import type { DigestVerifier } from "./DigestVerifier.js";
import type { HeaderLines } from "./LocalResponder.js";
import type { RegistrarFlow } from "./RegistrarFlow.js";

/** What the REGISTER handler needs of the registrar. */
export interface RegisterContext {
  readonly scheduler: SchedulerLike;
  readonly bindings: BindingStore;
  readonly verifier: DigestVerifier | undefined;
  readonly defaultExpires: number;
  readonly maxExpires: number;
  readonly minExpires: number;
  /** Whether the registrar serves this domain (a Request-URI host). */
  inDomain(host: string): boolean;
  answer(request: SipRequest, flow: RegistrarFlow, code: number, reason: string, headers?: HeaderLines): void;
}

/** A contact of the REGISTER with the expiry it asks for, already bounded. */
interface ContactRequest {
  readonly contact: NameAddr;
  readonly expires: number;
}

/**
 * Processes REGISTER requests as RFC 3261 §10.3 says: domain, authentication, the
 * address-of-record (the To user), `Contact: *` with `Expires: 0`, each contact's expiry
 * (its `expires` parameter, else the Expires header, else `defaultExpires`, at most
 * `maxExpires`), Call-ID / CSeq ordering of updates, and a 200 that lists every current
 * binding of the AOR with the seconds it has left.
 */
export class RegisterHandler {
  constructor(private readonly ctx: RegisterContext) {}

  handle(request: SipRequest, flow: RegistrarFlow): void {
    const ctx = this.ctx;
    const answer = (code: number, reason: string, headers?: HeaderLines) => ctx.answer(request, flow, code, reason, headers);
    // §10.3 step 1: a REGISTER for a domain not served
    if (!ctx.inDomain(request.ruri.host)) return answer(404, "Not Found");
    // step 3: authentication (§22.4)
    let authenticated: string | undefined;
    if (ctx.verifier !== undefined) {
      const verdict = ctx.verifier.verify(request);
      if (verdict.result === "forbidden") return answer(403, "Forbidden");
      if (verdict.result !== "ok") {
        return answer(401, "Unauthorized", ctx.verifier.challenge(verdict.result === "stale").map((c) => ["WWW-Authenticate", c] as const));
      }
      authenticated = verdict.username;
    }
    let aor: string | undefined;
    let contacts: NameAddr[];
    let headerExpires: number | undefined;
    try {
      aor = request.to.uri.user;
      contacts = request.contacts;
      headerExpires = request.expires;
    } catch (error) {
      if (error instanceof ParseError) return answer(400, "Bad Request");
      throw error;
    }
    // step 5: the address-of-record
    if (aor === undefined || aor === "") return answer(404, "Not Found");
    // step 6: may the authenticated user change this AOR's bindings?
    if (authenticated !== undefined && authenticated !== aor) return answer(403, "Forbidden");

    const callId = request.callId;
    const cseq = request.cseq.seq;
    if (request.isContactStar) {
      // §10.2.2: "*" only alone, and only with Expires: 0
      if (request.getHeaders("contact").length !== 1 || headerExpires !== 0) return answer(400, "Bad Request");
      ctx.bindings.removeAll(aor);
      return answer(200, "OK");
    }

    const wanted: ContactRequest[] = contacts.map((contact) => ({ contact, expires: this.expiresOf(contact, headerExpires) }));
    // §10.3 step 7: 423 for too brief an interval
    if (ctx.minExpires > 0 && wanted.some((w) => w.expires > 0 && w.expires < ctx.minExpires)) {
      return answer(423, "Interval Too Brief", [["Min-Expires", String(ctx.minExpires)]]);
    }
    // §10.3 step 7: an update with the same Call-ID and a CSeq not higher than the binding's fails
    for (const { contact } of wanted) {
      const existing = ctx.bindings.find(aor, contact.uri);
      if (existing !== undefined && existing.binding.callId === callId && cseq <= existing.binding.cseq) {
        return answer(500, "Server Internal Error");
      }
    }
    for (const { contact, expires } of wanted) {
      if (expires === 0) {
        const existing = ctx.bindings.find(aor, contact.uri);
        if (existing !== undefined) ctx.bindings.remove(aor, existing);
        continue;
      }
      const instance = contact.params["+sip.instance"];
      ctx.bindings.set({
        aor,
        uri: contact.uri.clone(),
        contact: contact.uri.toString(),
        expires,
        callId,
        cseq,
        ...(typeof instance === "string" ? { instance } : {}),
        flow,
      });
    }
    // step 8: 200 with every current binding
    const now = ctx.scheduler.now();
    const listed = ctx.bindings
      .recordsOf(aor)
      .map((r) => ["Contact", `<${r.binding.contact}>;expires=${Math.max(0, Math.round((r.binding.expiresAt - now) / 1000))}`] as const);
    return answer(200, "OK", listed);
  }

  /**
   * The contact's `expires` parameter, else the Expires header, else the default; at most `maxExpires`,
   * and at most what a timer can wait (a JS timer asked for more than 2**31-1 ms fires at once).
   */
  private expiresOf(contact: NameAddr, headerExpires: number | undefined): number {
    const param = contact.params["expires"];
    const asked = typeof param === "string" && /^\d+$/.test(param) ? Number(param) : (headerExpires ?? this.ctx.defaultExpires);
    return Math.min(asked, this.ctx.maxExpires, LONGEST_TIMED_LIFETIME);
  }
}
