import type { Subscription } from "rxjs";
import type { InviteSession } from "../core/dialogs/index.js";
import type { SipRequest, SipResponse } from "../core/messages/index.js";
import type { IncomingNonInvite } from "../core/user-agent-core/index.js";
import type { IceCandidateInit, SessionDescriptionHandler, TrickleIceMode } from "./SessionDescriptionHandler.js";
import { FragmentError, parseTrickleFragment, sdpSections, TRICKLE_ICE_CONTENT_TYPE, TRICKLE_ICE_PACKAGE, writeTrickleFragment, type FragmentSection } from "./trickleFragment.js";
import { isTrickleInfo, peerTrickles } from "./trickleIceTokens.js";
import type { UserAgent } from "./UserAgent.js";

/** Candidates sent or received in one trickle ICE INFO (`session.trickleIce$`). */
export interface TrickleIceEvent {
  /** "sent": our INFO went out; "received": the peer's INFO was accepted (its candidates handed to the media). */
  direction: "sent" | "received";
  /** The ICE username fragment of the generation the candidates belong to. */
  ufrag: string;
  /** The candidates (`candidate:...` attributes) by mid. */
  candidates: Array<{ mid: string; candidate: string }>;
  /** The INFO said the candidates of this generation are complete. */
  endOfCandidates: boolean;
  /** The INFO. */
  request: SipRequest;
}

/** What the trickle of a session needs of it. */
export interface TrickleIceHost {
  /** The session's user agent: its scheduler, its logger, its Allow and Supported. */
  readonly userAgent: UserAgent;
  /** The session's media handler (made when first asked for). */
  sdh(): SessionDescriptionHandler;
  /** The peer's current description (its ICE credentials say which INFOs are current). */
  remoteDescription(): string | undefined;
  tell(event: TrickleIceEvent): void;
}

/** How long candidates found together wait to go in one INFO (ms). */
export const TRICKLE_BATCH_DELAY = 20;

/**
 * Trickle ICE in one call (RFC 8840): our candidates that our descriptions did not carry go
 * to the peer in INFO requests of the trickle-ice package, batched (those found within
 * {@link TRICKLE_BATCH_DELAY} ms share one INFO, and one INFO waits for the answer to the
 * one before, so they arrive in order), and only when allowed: the peer said it trickles,
 * and the dialog is ready for them (§4.3: the dialog exists and the peer has the
 * description they belong to); until then they queue. The peer's INFOs are answered (200,
 * 400 for a body that is not a fragment, 415 for another body type) and their candidates of
 * the current generation handed to the media; those of another ufrag are ignored (§4.4).
 */
export class TrickleIce {
  /** True: the peer trickles; false: it does not (we stop); undefined: not known yet. */
  private peer: boolean | undefined;
  private dialog: InviteSession | undefined;
  private gateOpen = false;
  private stopped = false;
  private inFlight = false;
  private local: string | undefined;
  private queue: IceCandidateInit[] = [];
  private flush: Subscription | undefined;
  private readonly candidates: Subscription;
  /** The peer's candidates already handed to the media (a repeated one is not added again). */
  private readonly seen = new Set<string>();
  /** Caller side: the early dialog (To tag) whose provisional response said the callee trickles. */
  private earlyTag: string | undefined;

  constructor(
    private readonly host: TrickleIceHost,
    private readonly sdh: SessionDescriptionHandler,
    /** The mode the call started trickling in: half (`true`) or `"full"` (RFC 8838 §3). */
    readonly mode: Exclude<TrickleIceMode, false>,
  ) {
    this.candidates = sdh.iceCandidates$!.subscribe({ next: (c) => this.found(c), error: () => undefined });
  }

  // ---- what the session tells ------------------------------------------------------------------

  /** Supported and Recv-Info saying we trickle (RFC 8840 §4.1), for a response of ours. */
  headers(): Array<[string, string]> {
    return [
      ["Supported", `${this.host.userAgent.userAgentCore.supportedHeader}, ${TRICKLE_ICE_PACKAGE}`],
      ["Recv-Info", TRICKLE_ICE_PACKAGE],
    ];
  }

  /** Caller side: our INVITE carries this offer; it says we trickle (RFC 8840 §4.1) and our candidates go against it. */
  offered(invite: SipRequest, body: string): void {
    this.described(body);
    const own = invite.getHeader("supported");
    invite.setHeader("Supported", own !== undefined ? `${own}, ${TRICKLE_ICE_PACKAGE}` : this.headers()[0]![1]);
    invite.addHeader("Recv-Info", TRICKLE_ICE_PACKAGE);
  }

  /**
   * Caller side, a provisional response (RFC 8840 §4.3): one that says the callee trickles
   * makes it known; a reliable one (PRACKed, so the callee has the early dialog) lets our
   * INFOs go in that dialog. `takeRequests`: the session has no dialog yet, so the early
   * dialog's requests come here.
   */
  provisional(response: SipResponse, early: InviteSession | undefined, takeRequests: boolean): void {
    if (early === undefined || !peerTrickles(response)) return;
    if (this.earlyTag !== undefined && this.earlyTag !== early.dialog.remoteTag) return; // another fork
    this.earlyTag = early.dialog.remoteTag;
    this.peerSupports(true);
    if (!response.hasHeader("rseq")) return;
    if (takeRequests) this.takeEarlyRequests(early);
    this.open(early);
  }

  /** Caller side: the 2xx (or this dialog's reliable provisional) says whether the callee trickles; INFO may go now. */
  accepted(response: SipResponse, session: InviteSession): void {
    const trickles = peerTrickles(response) || this.earlyTag === session.dialog.remoteTag;
    this.peerSupports(trickles);
    this.open(session);
    if (!trickles && this.mode === "full") this.warn("the callee does not trickle ICE: the offer went without candidates (full trickle), media may not connect");
  }

  /** Callee side: our answer (or offer) goes in a response; the headers it needs saying we trickle (none when we do not). */
  answered(body: string): Array<[string, string]> {
    this.described(body);
    return this.active ? this.headers() : [];
  }

  /**
   * Callee side, a reliable provisional sent (RFC 8840 §4.3): the caller's candidates may
   * come in its early dialog (`takeRequests`: the session has no dialog yet), and ours may
   * go there once the caller has our answer (`withAnswer`), i.e. once it is `acknowledged`.
   */
  reliable(early: InviteSession | undefined, withAnswer: boolean, takeRequests: boolean, acknowledged: Promise<unknown>): void {
    if (!this.active || early === undefined) return;
    if (takeRequests) this.takeEarlyRequests(early);
    if (withAnswer) acknowledged.then(() => early.state === "early" && this.open(early), () => undefined);
  }

  /** A request in the dialog: true when it was an INFO of the trickle-ice package, taken here. */
  take(incoming: IncomingNonInvite): boolean {
    if (!isTrickleInfo(incoming.request)) return false;
    this.receive(incoming);
    return true;
  }

  /**
   * Requests in an early dialog (RFC 8840 §4.3: trickle ICE INFOs may come there) reach us:
   * trickle INFOs are taken, the rest answered as the core would.
   */
  private takeEarlyRequests(early: InviteSession): void {
    early.delegate = {
      onRequest: (incoming) => {
        const method = incoming.request.method;
        if (this.take(incoming)) return;
        if (method === "INFO" || method === "OPTIONS" || method === "MESSAGE") incoming.accept();
        else incoming.reject({ statusCode: 405, extraHeaders: [["Allow", this.host.userAgent.userAgentCore.allowHeader]] });
      },
    };
  }

  private warn(message: string): void {
    this.host.userAgent.getLogger("rxsip.TrickleIce").warn(message);
  }

  /** True once the peer said it trickles (and we have not stopped). */
  get active(): boolean {
    return this.peer === true && !this.stopped;
  }

  /** Whether the peer trickles, as its INVITE or response says; a peer that does not stops us. */
  peerSupports(supports: boolean): void {
    if (this.stopped) return;
    if (!supports) {
      this.stop();
      return;
    }
    this.peer = true;
    this.schedule();
  }

  /** A description of ours was sent: candidates go against its media sections and credentials. */
  described(sdp: string): void {
    this.local = sdp;
    const ufrags = new Set(sdpSections(sdp).map((s) => s.ufrag));
    // what was queued for another generation (an ICE restart) is of no use any more
    this.queue = this.queue.filter((c) => c.usernameFragment == null || ufrags.has(c.usernameFragment));
  }

  /** INFO may be sent in this dialog now (RFC 8840 §4.3). */
  open(dialog: InviteSession): void {
    this.dialog = dialog;
    this.gateOpen = true;
    this.schedule();
  }

  /** Hold INFOs until `open()` again (our new offer is not answered yet). */
  hold(): void {
    this.gateOpen = false;
  }

  /** No more trickling in this call. */
  stop(): void {
    this.stopped = true;
    this.queue = [];
    this.candidates.unsubscribe();
    this.flush?.unsubscribe();
    this.flush = undefined;
  }

  private found(candidate: IceCandidateInit): void {
    if (this.stopped) return;
    this.queue.push(candidate);
    this.schedule();
  }

  private schedule(): void {
    if (this.stopped || this.peer !== true || !this.gateOpen || this.inFlight || this.flush !== undefined || this.queue.length === 0) return;
    this.flush = this.host.userAgent.scheduler.schedule(() => {
      this.flush = undefined;
      this.send();
    }, TRICKLE_BATCH_DELAY);
  }

  /** One INFO with what is queued for the generation of our last description. */
  private send(): void {
    const dialog = this.dialog;
    if (this.stopped || dialog === undefined || this.local === undefined || dialog.state === "terminated") return;
    const sections = sdpSections(this.local);
    const ufrag = sections[0]?.ufrag;
    if (ufrag === undefined) return;
    const batch = this.queue.filter((c) => (c.usernameFragment ?? ufrag) === ufrag);
    this.queue = this.queue.filter((c) => !batch.includes(c));
    if (batch.length === 0) return;
    const bySection = new Map<number, FragmentSection>();
    let end = false;
    for (const c of batch) {
      if (c.candidate === "") {
        end = true;
        continue;
      }
      const section = sections.find((s) => (c.sdpMid != null && s.mid === c.sdpMid) || (c.sdpMid == null && s.index === c.sdpMLineIndex));
      if (section?.mid === undefined) continue;
      let out = bySection.get(section.index);
      if (out === undefined) bySection.set(section.index, (out = { media: section.media, mid: section.mid, candidates: [], endOfCandidates: false }));
      out.candidates.push(c.candidate);
    }
    const fragment = { ufrag, ...(sections[0]?.pwd !== undefined ? { pwd: sections[0].pwd } : {}), endOfCandidates: end, sections: [...bySection.values()].sort((a, b) => sectionIndex(sections, a) - sectionIndex(sections, b)) };
    if (!end && fragment.sections.length === 0) return;
    this.inFlight = true;
    const done = (ok: boolean, why: string) => {
      this.inFlight = false;
      if (ok) this.schedule();
      else {
        this.warn(`trickle ICE stopped: the INFO got ${why}`);
        this.stop();
      }
    };
    let request: SipRequest;
    try {
      request = dialog.request(
        "INFO",
        {
          body: writeTrickleFragment(fragment),
          contentType: TRICKLE_ICE_CONTENT_TYPE,
          extraHeaders: [
            ["Info-Package", TRICKLE_ICE_PACKAGE],
            ["Content-Disposition", "Info-Package"],
          ],
        },
        {
          onAccept: () => done(true, "200"),
          onRedirect: (r) => done(false, String(r.statusCode)),
          onReject: (r) => done(false, String(r.statusCode)),
          onTimeout: () => done(false, "no answer"),
          onTransportError: () => done(false, "a transport error"),
        },
      ).request;
    } catch (e) {
      done(false, (e as Error).message);
      return;
    }
    this.host.tell({
      direction: "sent",
      ufrag,
      candidates: fragment.sections.flatMap((s) => s.candidates.map((candidate) => ({ mid: s.mid, candidate }))),
      endOfCandidates: end,
      request,
    });
  }

  /** A trickle-ice INFO from the peer (RFC 8840 §4.4): answered, its current candidates handed to the media. */
  receive(incoming: IncomingNonInvite): void {
    const request = incoming.request;
    const type = (request.getHeader("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
    if (type !== TRICKLE_ICE_CONTENT_TYPE) {
      incoming.reject({ statusCode: 415, extraHeaders: [["Accept", TRICKLE_ICE_CONTENT_TYPE]] });
      return;
    }
    let fragment;
    try {
      fragment = parseTrickleFragment(request.body);
    } catch (e) {
      if (!(e instanceof FragmentError)) throw e;
      incoming.reject({ statusCode: 400, reasonPhrase: "Bad trickle-ice-sdpfrag" });
      return;
    }
    incoming.accept();
    const remote = sdpSections(this.host.remoteDescription() ?? "");
    const applied: TrickleIceEvent["candidates"] = [];
    let end = false;
    let ufrag = fragment.ufrag ?? fragment.sections[0]?.ufrag ?? "";
    // candidates of a generation the current description does not have are ignored (§4.4)
    const current = (u: string | undefined) => u !== undefined && remote.some((s) => s.ufrag === u);
    for (const s of fragment.sections) {
      const u = s.ufrag ?? fragment.ufrag;
      const target = remote.find((r) => r.mid === s.mid);
      if (!current(u) || target === undefined || target.ufrag !== u) continue;
      ufrag = u!;
      for (const candidate of s.candidates) {
        const key = `${u} ${s.mid} ${candidate}`;
        if (this.seen.has(key)) continue;
        if (this.seen.size > 2000) this.seen.clear();
        this.seen.add(key);
        applied.push({ mid: s.mid, candidate });
        this.add({ candidate, sdpMid: s.mid, sdpMLineIndex: target.index, usernameFragment: u! });
      }
      if (s.endOfCandidates) {
        end = true;
        this.add({ candidate: "", sdpMid: s.mid, sdpMLineIndex: target.index, usernameFragment: u! });
      }
    }
    if (fragment.endOfCandidates && current(fragment.ufrag)) {
      end = true;
      for (const r of remote) if (r.mid !== undefined && r.ufrag === fragment.ufrag) this.add({ candidate: "", sdpMid: r.mid, sdpMLineIndex: r.index, usernameFragment: r.ufrag });
    }
    if (applied.length > 0 || end) this.host.tell({ direction: "received", ufrag, candidates: applied, endOfCandidates: end, request });
  }

  private add(candidate: IceCandidateInit): void {
    this.sdh.addIceCandidate!(candidate).catch((e: unknown) => this.warn(`a trickled ICE candidate was refused: ${(e as Error).message}`));
  }
}

function sectionIndex(sections: readonly { mid: string | undefined; index: number }[], s: FragmentSection): number {
  return sections.find((x) => x.mid === s.mid)?.index ?? 0;
}
