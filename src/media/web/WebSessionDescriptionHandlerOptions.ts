import type { SchedulerLike } from "rxjs";
import type { SessionDescriptionHandlerOptions } from "../SessionDescriptionHandler.js";

/**
 * Options of one offer/answer (SIP.js `Web.SessionDescriptionHandlerOptions`), passed as
 * `sessionDescriptionHandlerOptions` to `invite()`, `accept()`, `hold()` ...
 *
 * @example
 * ```ts
 * import { Inviter, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * const call = new Inviter(userAgent, UserAgent.makeURI("sip:bob@example.com")!, {
 *   sessionDescriptionHandlerOptions: {
 *     constraints: { audio: { echoCancellation: true }, video: false },
 *     iceGatheringTimeout: 2000,
 *     dataChannel: true,
 *     onDataChannel: (channel: RTCDataChannel) => (channel.onmessage = (e) => console.log(e.data)),
 *   },
 * });
 * ```
 */
export interface WebSessionDescriptionHandlerOptions extends SessionDescriptionHandlerOptions {
  /** getUserMedia constraints (default `{ audio: true, video: false }`); a change re-acquires media and adds or removes video. */
  constraints?: MediaStreamConstraints;
  /** Put the call on hold (true) or take it off hold (false) by transceiver direction (RFC 3264 §8.4). */
  hold?: boolean;
  /** Make the offer with new ICE credentials (RFC 8445 §9, JSEP §5.2.1): call recovery after a network change. */
  iceRestart?: boolean;
  /** Per-offer override of the gathering timeout (ms; 0 waits for gathering to complete). */
  iceGatheringTimeout?: number;
  /** Stop gathering at the first server-reflexive or relay candidate (per-offer override). */
  iceStopOnServerCandidate?: boolean;
  offerOptions?: RTCOfferOptions;
  answerOptions?: RTCAnswerOptions;
  /** Open a data channel with the offer. */
  dataChannel?: boolean;
  dataChannelLabel?: string;
  dataChannelOptions?: RTCDataChannelInit;
  /** Told of a data channel, ours or the peer's. */
  onDataChannel?: (dataChannel: RTCDataChannel) => void;
}

/** How a handler is made (SIP.js `Web.SessionDescriptionHandlerConfiguration`, plus rxsip's scheduler). */
export interface WebSessionDescriptionHandlerConfiguration {
  /** Longest wait for ICE candidates before the description is used as it is (ms, default 5000; 0: no limit). */
  iceGatheringTimeout?: number;
  /** Use the description as soon as one server-reflexive or relay candidate is there (default false). */
  iceStopOnServerCandidate?: boolean;
  peerConnectionConfiguration?: RTCConfiguration;
  /** Where the gathering timeout and the stats sampling run (default asyncScheduler). */
  scheduler?: SchedulerLike;
  /** How often `audioLevel$` samples getStats (ms, default 250). */
  statsInterval?: number;
}

/**
 * SIP.js `Web.SessionDescriptionHandlerFactoryOptions`: `sessionDescriptionHandlerFactoryOptions` of the user agent.
 *
 * @example
 * ```ts
 * import { UserAgent } from "rxsip";
 *
 * new UserAgent({
 *   sessionDescriptionHandlerFactoryOptions: {
 *     peerConnectionConfiguration: { iceServers: [{ urls: "turn:turn.example.com", username: "u", credential: "p" }] },
 *     iceStopOnServerCandidate: true, // send the offer at the first relay / server-reflexive candidate
 *     statsInterval: 500,
 *   },
 * });
 * ```
 */
export interface WebSessionDescriptionHandlerFactoryOptions {
  iceGatheringTimeout?: number;
  iceStopOnServerCandidate?: boolean;
  peerConnectionConfiguration?: RTCConfiguration;
  statsInterval?: number;
}

/**
 * The default ICE gathering timeout (ms), as SIP.js.
 *
 * @example
 * ```ts
 * import { UserAgent, Web } from "rxsip";
 *
 * // wait longer for candidates on a slow TURN server
 * new UserAgent({ sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 2 * Web.DEFAULT_ICE_GATHERING_TIMEOUT } });
 * ```
 */
export const DEFAULT_ICE_GATHERING_TIMEOUT = 5000;
