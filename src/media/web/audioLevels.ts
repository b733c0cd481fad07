import { Observable, type SchedulerAction, type SchedulerLike } from "rxjs";
import type { AudioLevels } from "../MediaStates.js";

export type { AudioLevels };

/**
 * Reads the audio levels out of one getStats() report (W3C webrtc-stats: inbound-rtp, media-source).
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 * declare const pc: RTCPeerConnection;
 *
 * const { inbound, outbound } = Web.readAudioLevels(await pc.getStats());
 * ```
 */
export function readAudioLevels(report: RTCStatsReport): AudioLevels {
  const levels: AudioLevels = { inbound: undefined, outbound: undefined };
  report.forEach((s: { type?: string; kind?: string; audioLevel?: number }) => {
    const side = s.type === "inbound-rtp" ? "inbound" : s.type === "media-source" ? "outbound" : undefined;
    if (side !== undefined && s.kind === "audio" && typeof s.audioLevel === "number") levels[side] = Math.max(levels[side] ?? 0, s.audioLevel);
  });
  return levels;
}

/**
 * Samples getStats() every `period` ms on the scheduler and emits the audio levels; a slow
 * getStats is dropped for the next sample (switchMap). Nothing is sampled until subscribed.
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 * import { asyncScheduler } from "rxjs";
 * declare const pc: RTCPeerConnection;
 *
 * Web.audioLevels(pc, 250, asyncScheduler).subscribe(({ inbound, outbound }) => console.log(inbound, outbound)); // 0..1
 * ```
 */
export function audioLevels(pc: RTCPeerConnection, period: number, scheduler: SchedulerLike): Observable<AudioLevels> {
  return new Observable<AudioLevels>((subscriber) => {
    let sample = 0;
    return scheduler.schedule(function (this: SchedulerAction<void>) {
      // only the latest sample's report counts: a slower one answered after it is dropped
      const mine = ++sample;
      new Promise<RTCStatsReport>((resolve) => resolve(pc.getStats())).then(
        (report) => mine === sample && subscriber.next(readAudioLevels(report)),
        (error: unknown) => mine === sample && subscriber.error(error),
      );
      this.schedule(undefined, period);
    }, period);
  });
}
