import type { SipRequest } from "../core/messages/index.js";
import type { SessionDescriptionHandlerOptions, TrickleIceMode } from "./SessionDescriptionHandler.js";
import { IceTrickle } from "../media/web/IceTrickle.js";
import type { MediaLogger } from "../media/web/WebSessionDescriptionHandler.js";
import { TrickleIce, type TrickleIceHost } from "./TrickleIce.js";
import { peerTrickles } from "./trickleIceTokens.js";

/**
 * Trickle ICE for a user agent (RFC 8838, RFC 8840), made by {@link trickleIce} and given
 * as `UserAgentOptions.trickleIce`. Its code is in a page only when the page uses it.
 */
export interface TrickleIceSupport {
  /** The mode of calls that do not choose theirs (`sessionDescriptionHandlerOptions.trickleIce`). */
  readonly mode: Exclude<TrickleIceMode, false>;
  /**
   * @internal Trickle ICE for one call, when its handler options (else this `mode`) ask for
   * it, the handler can trickle and, for an answer to `invite`, the caller trickles (then it
   * is known to); undefined otherwise.
   */
  start(host: TrickleIceHost, options: SessionDescriptionHandlerOptions | undefined, invite?: SipRequest): TrickleIce | undefined;
}

/** The part of rxsip's WebRTC handler that takes its trickle ICE code from here. */
interface TakesIceTrickle {
  useIceTrickle?(make: (pc: RTCPeerConnection, logger: MediaLogger) => IceTrickle): void;
}

/**
 * Turns trickle ICE on for a user agent's calls: they say `Supported: trickle-ice`,
 * `Recv-Info: trickle-ice` and `a=ice-options:trickle`; with a peer that says the same,
 * descriptions go without waiting for candidates and the candidates follow in INFO requests
 * (`session.trickleIce$`). With a peer that does not, a call is as without it. The first
 * offer carries the candidates gathered in time ("half trickle", safe with any peer), or,
 * with `full`, none (for peers known to trickle: RFC 8838 §3). Handlers that cannot trickle
 * (SIP.js's) never do.
 *
 * @example
 * ```ts
 * import { Inviter, UserAgent, trickleIce } from "rxsip";
 *
 * const ua = new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com" },
 *   trickleIce: trickleIce(),
 * });
 * // one call without it
 * const target = UserAgent.makeURI("sip:bob@example.com")!;
 * const call = new Inviter(ua, target, { sessionDescriptionHandlerOptions: { trickleIce: false } });
 * ```
 */
export function trickleIce(options: { full?: boolean } = {}): TrickleIceSupport {
  return {
    mode: options.full === true ? "full" : true,
    start(host, sdhOptions, invite) {
      const mode = sdhOptions?.trickleIce ?? this.mode;
      if (mode === false || (invite !== undefined && !peerTrickles(invite))) return undefined;
      const sdh = host.sdh();
      (sdh as TakesIceTrickle).useIceTrickle?.((pc, logger) => new IceTrickle(pc, logger));
      const candidates = sdh.iceCandidates$;
      if (typeof sdh.addIceCandidate !== "function" || candidates === undefined || typeof candidates.subscribe !== "function") return undefined;
      const trickle = new TrickleIce(host, sdh, mode);
      if (invite !== undefined) trickle.peerSupports(true);
      return trickle;
    },
  };
}
