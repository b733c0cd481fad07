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
  [option: string]: unknown;
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
