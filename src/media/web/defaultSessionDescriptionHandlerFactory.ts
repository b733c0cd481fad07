import { asyncScheduler, type SchedulerLike } from "rxjs";
import type { SessionDescriptionHandlerFactory } from "../SessionDescriptionHandler.js";
import { defaultMediaStreamFactory, type MediaStreamFactory } from "./MediaStreamFactory.js";
import { defaultPeerConnectionConfiguration } from "./defaultPeerConnectionConfiguration.js";
import { type MediaLogger, WebSessionDescriptionHandler } from "./WebSessionDescriptionHandler.js";
import { DEFAULT_ICE_GATHERING_TIMEOUT, type WebSessionDescriptionHandlerFactoryOptions } from "./WebSessionDescriptionHandlerOptions.js";

/** What the factory reads from the session it makes a handler for (a SIP.js or rxsip session). */
interface SessionLike {
  id?: string;
  userAgent?: { scheduler?: SchedulerLike; getLogger?(category: string, label?: string): MediaLogger };
}

const SILENT: MediaLogger = { debug() {}, log() {}, warn() {}, error() {} };

/**
 * The WebRTC handler factory (SIP.js `Web.defaultSessionDescriptionHandlerFactory`): each
 * session gets a WebSessionDescriptionHandler with the user agent's scheduler and logger and
 * the `sessionDescriptionHandlerFactoryOptions` of the user agent (`iceGatheringTimeout`,
 * `iceStopOnServerCandidate`, `peerConnectionConfiguration`). Media comes from getUserMedia
 * unless another MediaStreamFactory is given.
 *
 * @example
 * ```ts
 * import { UserAgent, Web } from "rxsip";
 *
 * const userAgent = new UserAgent({
 *   sessionDescriptionHandlerFactory: Web.defaultSessionDescriptionHandlerFactory(),
 *   sessionDescriptionHandlerFactoryOptions: { iceGatheringTimeout: 3000 },
 * });
 * ```
 */
export function defaultSessionDescriptionHandlerFactory(mediaStreamFactory?: MediaStreamFactory): SessionDescriptionHandlerFactory {
  return (session, options) => {
    const s = (session ?? {}) as SessionLike;
    const o = (options ?? {}) as WebSessionDescriptionHandlerFactoryOptions;
    const logger = s.userAgent?.getLogger?.("rxsip.SessionDescriptionHandler", s.id) ?? SILENT;
    // the handler defaults what is not given (iceStopOnServerCandidate, statsInterval); the timeout is shown, as by SIP.js
    return new WebSessionDescriptionHandler(logger, mediaStreamFactory ?? defaultMediaStreamFactory(), {
      ...o,
      iceGatheringTimeout: o.iceGatheringTimeout ?? DEFAULT_ICE_GATHERING_TIMEOUT,
      peerConnectionConfiguration: { ...defaultPeerConnectionConfiguration(), ...o.peerConnectionConfiguration },
      scheduler: s.userAgent?.scheduler ?? asyncScheduler,
    });
  };
}

/**
 * The factory a user agent uses when none is given: the WebRTC one where `RTCPeerConnection`
 * exists (a browser), otherwise none.
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 *
 * const factory = Web.webFactoryWhereSupported(); // undefined in Node: pass nodeMediaFactory() there
 * ```
 */
export function webFactoryWhereSupported(): SessionDescriptionHandlerFactory | undefined {
  if (typeof (globalThis as { RTCPeerConnection?: unknown }).RTCPeerConnection !== "function") return undefined;
  return defaultSessionDescriptionHandlerFactory();
}
