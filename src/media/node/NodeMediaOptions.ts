import type { SchedulerLike } from "rxjs";
import type { AudioSource } from "./AudioSource.js";
import type { G711Law } from "./g711.js";

/**
 * Options of `nodeMediaFactory()` (each handler it makes uses them).
 *
 * @example
 * ```ts
 * import { nodeMediaFactory, toneSource, UserAgent } from "rxsip/node";
 *
 * new UserAgent({
 *   sessionDescriptionHandlerFactory: nodeMediaFactory({
 *     source: () => toneSource(440),
 *     codecs: ["PCMA", "PCMU"], // prefer A-law
 *     holdDirection: "inactive",
 *   }),
 * });
 * ```
 */
export interface NodeMediaOptions {
  /**
   * What the call plays: an AudioSource (`toneSource()`, `wavSource(file)`, `pcmSource(samples)`),
   * or a function that makes one per call (so two calls do not share a position). Default: silence.
   */
  source?: AudioSource | (() => AudioSource);
  /** Codecs to offer, in order of preference (default ["PCMU", "PCMA"]). */
  codecs?: G711Law[];
  /** RTP payload type of telephone-event (RFC 4733) in our offers (default 101). */
  telephoneEventPayloadType?: number;
  /** Open a data channel with this label when we offer (true: "rxsip"). An answerer takes the peer's. */
  dataChannel?: boolean | string;
  /** Keep ICE on 127.0.0.1 only (tests, one machine). Default false. */
  loopback?: boolean;
  /** More werift `RTCPeerConnection` options (ICE servers, port range ...), merged last. */
  peerConnectionConfiguration?: Record<string, unknown>;
  /**
   * Direction of our offer when the session puts the call on hold: "sendonly" (default, RFC
   * 3264 §8.4) or "inactive". Per call: `session.hold({ sessionDescriptionHandlerOptions: { holdDirection: "inactive" } })`.
   */
  holdDirection?: "sendonly" | "inactive";
  /** How often `audioLevel$` samples the levels (ms, default 250, as the browser handler's `statsInterval`). */
  statsInterval?: number;
  /** Where the 20 ms packet pacer and the `audioLevel$` sampling run (default asyncScheduler). */
  scheduler?: SchedulerLike;
  /** RMS (of 32767) above which a received frame counts as sound (default 300). */
  silenceThreshold?: number;
  /** Default DTMF key duration and gap, ms (defaults 100 and 70, as WebRTC's insertDTMF). */
  dtmfDuration?: number;
  dtmfInterToneGap?: number;
}
