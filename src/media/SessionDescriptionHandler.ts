/**
 * The media seam: what a Session asks of its media, structurally identical to SIP.js 0.21's
 * SessionDescriptionHandler so that SIP.js handlers work with rxsip. DOM-free: the DOM's
 * `RTCSessionDescriptionInit` fits {@link SessionDescriptionInit}.
 */
import type { Observable } from "rxjs";

/** A message body and its Content-Type. */
export interface BodyAndContentType {
  body: string;
  contentType: string;
}

/** An offer or answer as WebRTC holds it (`RTCSessionDescriptionInit`). */
export interface SessionDescriptionInit {
  type: "offer" | "answer" | "pranswer" | "rollback";
  sdp?: string;
}

/**
 * Rewrites a description before it is used (SIP.js `SessionDescriptionHandlerModifier`), e.g. to put a call on hold.
 *
 * @example
 * ```ts
 * import type { Session, SessionDescriptionHandlerModifier } from "rxsip";
 * declare const session: Session;
 *
 * // offer only PCMU: drop every other payload type from the audio m= line
 * const onlyPcmu: SessionDescriptionHandlerModifier = async (description) => ({
 *   ...description,
 *   sdp: description.sdp?.replace(/^(m=audio \d+ [A-Z/]+) .*$/m, "$1 0"),
 * });
 * await session.invite({ sessionDescriptionHandlerModifiers: [onlyPcmu] });
 * ```
 */
export type SessionDescriptionHandlerModifier = (description: SessionDescriptionInit) => Promise<SessionDescriptionInit>;

/** Options a Session passes with each call (`sessionDescriptionHandlerOptions`). */
export interface SessionDescriptionHandlerOptions {
  /** Media constraints (ignored by the fake). */
  constraints?: object;
  /** Put the call on hold (true) or take it off hold (false); absent leaves it as it is. */
  hold?: boolean;
  /**
   * rxsip, trickle ICE (RFC 8838, RFC 8840). On a session's options: whether and how the call
   * trickles when its user agent has `trickleIce()` (overrides its mode). To a handler: `true` marks the
   * description as trickle-capable (`a=ice-options:trickle`) and still waits for the
   * candidates as configured ("half trickle": a peer without trickle ICE gets them all);
   * `"full"` also gives the description at once, without waiting for any candidate (the
   * later ones are on `iceCandidates$`). Absent or false: no trickle ICE.
   */
  trickleIce?: TrickleIceMode;
  [option: string]: unknown;
}

/**
 * Trickle ICE for a call: off (false), on with the first offer carrying the candidates
 * gathered in time (true, "half trickle", safe with any peer), or on with the first offer sent
 * without waiting for candidates ("full", only for peers known to trickle: RFC 8838 §3).
 */
export type TrickleIceMode = boolean | "full";

/**
 * An ICE candidate as WebRTC's `RTCIceCandidateInit` holds it (DOM-free): the candidate
 * attribute (`candidate:1 1 udp 2122260223 192.0.2.1 54321 typ host`, without `a=`), or ""
 * for the end of the candidates of its generation; the media section by mid (or index) and
 * the ICE username fragment of its generation.
 */
export interface IceCandidateInit {
  candidate: string;
  sdpMid?: string | null;
  sdpMLineIndex?: number | null;
  usernameFragment?: string | null;
}

/**
 * What a Session needs of its media (SIP.js `SessionDescriptionHandler`).
 *
 * @example
 * ```ts
 * import type { SessionDescriptionHandler } from "rxsip";
 *
 * // a media handler of your own (a media server, a recorder ...): what the session needs of it
 * class MyMedia implements SessionDescriptionHandler {
 *   async getDescription() {
 *     return { body: "v=0\r\n...", contentType: "application/sdp" };
 *   }
 *   async setDescription(sdp: string) {
 *     console.log("the peer's description:", sdp);
 *   }
 *   hasDescription(contentType: string) {
 *     return contentType === "application/sdp";
 *   }
 *   sendDtmf() {
 *     return false;
 *   }
 *   close() {}
 * }
 * ```
 */
export interface SessionDescriptionHandler {
  /** Stops the media and frees what it holds. */
  close(): void;
  /** The local offer, or the answer when a remote offer was set. */
  getDescription(options?: SessionDescriptionHandlerOptions, modifiers?: Array<SessionDescriptionHandlerModifier>): Promise<BodyAndContentType>;
  /** Whether this handler can use a body of this Content-Type. */
  hasDescription(contentType: string): boolean;
  /** Forgets a pending offer (local or remote), e.g. after a 491 (RFC 3261 §14.1). */
  rollbackDescription?(): Promise<void>;
  /** Sends DTMF in the media (RFC 4733); false when it cannot. */
  sendDtmf(tones: string, options?: unknown): boolean;
  /** The remote offer or answer. */
  setDescription(sdp: string, options?: SessionDescriptionHandlerOptions, modifiers?: Array<SessionDescriptionHandlerModifier>): Promise<void>;
  /**
   * rxsip: DTMF keys the peer sent as RFC 4733 events, one per key press (the session
   * forwards them to `session.dtmf$`). Optional: SIP.js handlers do not have it.
   */
  readonly dtmf$?: Observable<{ tone: string; duration: number }>;
  /**
   * rxsip, trickle ICE (RFC 8838): our candidates that the last description given with
   * `trickleIce` did not carry, as they are gathered, then one with `candidate: ""` when
   * gathering is over. Optional: a handler without it (SIP.js's) never trickles.
   */
  readonly iceCandidates$?: Observable<IceCandidateInit>;
  /**
   * rxsip, trickle ICE: a candidate of the peer that came after its description
   * (`candidate: ""`: the end of its candidates for that mid). Optional, as `iceCandidates$`.
   */
  addIceCandidate?(candidate: IceCandidateInit): Promise<void>;
}

/**
 * Makes the handler of a session (SIP.js `SessionDescriptionHandlerFactory`).
 *
 * @example
 * ```ts
 * import { UserAgent, type SessionDescriptionHandler, type SessionDescriptionHandlerFactory } from "rxsip";
 * declare function makeMedia(): SessionDescriptionHandler;
 *
 * const factory: SessionDescriptionHandlerFactory = (session, options) => makeMedia(); // one per session
 * new UserAgent({ sessionDescriptionHandlerFactory: factory });
 * ```
 */
export type SessionDescriptionHandlerFactory = (session: unknown, options?: object) => SessionDescriptionHandler;
