import { defer, interval, map, type Observable, type SchedulerLike } from "rxjs";
import type { AudioLevels } from "../MediaStates.js";
import type { LevelMeter } from "./LevelMeter.js";

/**
 * The levels of what arrives and what is sent, every `period` ms on the scheduler: each
 * value covers the audio since the one before. What came before the subscription is
 * dropped, so the first value covers the first period only. Nothing runs until subscribed.
 */
export function sampleAudioLevels(inbound: LevelMeter, outbound: LevelMeter, period: number, scheduler: SchedulerLike): Observable<AudioLevels> {
  return defer(() => {
    inbound.take();
    outbound.take();
    return interval(period, scheduler).pipe(map(() => ({ inbound: inbound.take(), outbound: outbound.take() })));
  });
}
