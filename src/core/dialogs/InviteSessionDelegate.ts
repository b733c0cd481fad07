import type { SipRequest, SipResponse } from "../messages/index.js";
import type { TransportError } from "../transactions/index.js";
import type { IncomingNonInvite } from "../user-agent-core/IncomingNonInvite.js";
import type { ResponseOptions } from "../user-agent-core/ResponseOptions.js";

/** An offer/answer exchange the peer started inside the session (re-INVITE or UPDATE). */
export interface IncomingRefresh {
  readonly request: SipRequest;
  /** Accept, with the answer (or, for an offerless re-INVITE, the offer) as body. */
  accept(options?: ResponseOptions): void;
  /** Refuse (default 488 Not Acceptable Here); the session stays as it was. */
  reject(options?: ResponseOptions): void;
}

/**
 * What the session tells its user. Every member is optional.
 *
 * @example
 * ```ts
 * import type { InviteSession } from "rxsip/core";
 * declare const session: InviteSession;
 *
 * session.delegate = {
 *   onBye: () => console.log("the peer hung up"),
 *   onReinvite: (refresh) => refresh.accept(), // keep the current description
 *   onTerminated: (reason) => console.log("ended:", reason),
 * };
 * ```
 */
export interface InviteSessionDelegate {
  /** The ACK for our 2xx arrived (UAS); it may carry the answer to an offer we put in the 2xx. */
  onAck?(ack: SipRequest): void;
  /** No ACK came for our 2xx within 64*T1: the session was ended with BYE (§13.3.1.4). */
  onAckTimeout?(): void;
  /** The peer sent BYE (already answered 200). */
  onBye?(bye: SipRequest): void;
  /** The peer started a re-INVITE. Without this member it is answered 488. */
  onReinvite?(reinvite: IncomingRefresh): void;
  /** The peer sent UPDATE. Without this member an UPDATE with a body gets 488, one without gets 200. */
  onUpdate?(update: IncomingRefresh): void;
  /** INFO, MESSAGE, REFER, NOTIFY, OPTIONS in the dialog. Without this member: 200 for INFO/OPTIONS/MESSAGE, 405 otherwise. */
  onRequest?(request: IncomingNonInvite): void;
  /** The session timer ran out without a refresh; the session was ended with BYE (RFC 4028 §10). */
  onSessionExpired?(): void;
  /** A session refresh is due; return the body of a re-INVITE refresh (UPDATE refreshes carry none). */
  refreshBody?(): string | undefined;
  /** The session ended (BYE either way, expiry, ACK timeout, dispose). Called once. */
  onTerminated?(reason: InviteSessionEndReason): void;
}

/**
 * Why an INVITE session ended: we sent BYE (`bye-sent`), the peer did (`bye-received`), our 2xx was never
 * ACKed (`ack-timeout`, RFC 3261 §13.3.1.4), the session timer ran out (`expired`, RFC 4028), a request in
 * the dialog failed before it was confirmed (`rejected`, §12.2.1.2), or it was disposed.
 */
export type InviteSessionEndReason = "bye-sent" | "bye-received" | "ack-timeout" | "expired" | "rejected" | "disposed";

/** Handlers of a re-INVITE or UPDATE we send. */
export interface RefreshHandlers {
  /** The peer accepted the re-INVITE or UPDATE with a 2xx (for a re-INVITE, the ACK is sent unless `autoAck` is false). */
  onAccept?(response: SipResponse): void;
  /**
   * ACK the re-INVITE's 2xx at once (default true). With false, call `session.ack(response, { body })`
   * yourself: a re-INVITE without an offer gets one in the 2xx, and its ACK carries the answer (RFC 3261 §13.2.2.4).
   */
  autoAck?: boolean;
  /** The peer refused it (a 491 is retried first, §14.1); the session goes on with the previous description. */
  onReject?(response: SipResponse): void;
  /** No final response came (Timer B or F); the session is ended as RFC 3261 §12.2.1.2 says. */
  onTimeout?(): void;
  /** The request could not be sent. */
  onTransportError?(error: TransportError): void;
  /**
   * The retry after a 491 (or a 500 with Retry-After) was given up: the peer's own exchange was
   * in progress, or `renew` failed (§14.1 allows it). `response` is the last answer it got.
   */
  onAbandoned?(response: SipResponse): void;
  /**
   * A 491 came (§14.1): ours goes again after a random wait, and the peer's crossing offer may
   * come first: forget our offer now (roll it back) so that one is answered as an offer.
   */
  onRequestPending?(response: SipResponse): void;
  /**
   * Makes the body of the attempt after a 491 (a new offer, made after whatever the peer
   * changed meanwhile: RFC 3264 §8); without it the same body goes again. A crossing offer
   * gets 491 while it is being made.
   */
  renew?(): Promise<{ body?: string; contentType?: string }>;
}
