import { fromEvent, merge, Observable, of, race, take, filter, map, timer, type SchedulerLike, defer } from "rxjs";

/** Why gathering was considered done. */
export type IceGatheringOutcome = "complete" | "timeout" | "server-candidate";

/**
 * How long {@link iceGatheringDone} waits for ICE candidates before the description is sent, and what ends
 * the wait early.
 */
export interface IceGatheringWait {
  /** Longest wait (ms); 0 or less: no limit. */
  timeout: number;
  /** Done at the first server-reflexive or relay candidate. */
  stopOnServerCandidate: boolean;
  /** True when new gathering was started (ICE restart): a "complete" state read now is the old one. */
  restarted: boolean;
  scheduler: SchedulerLike;
}

/**
 * A server-reflexive or relay candidate that can be used: it has an address and a port.
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 * declare const pc: RTCPeerConnection;
 *
 * pc.addEventListener("icecandidate", (e) => {
 *   if (Web.isUsableServerCandidate(e.candidate)) console.log("reachable through", e.candidate?.address);
 * });
 * ```
 */
export function isUsableServerCandidate(candidate: RTCIceCandidate | null): boolean {
  if (candidate === null) return false;
  const type = candidate.type ?? /\btyp (\w+)/.exec(candidate.candidate)?.[1];
  if (type !== "srflx" && type !== "relay") return false;
  const fields = candidate.candidate.split(" ");
  const address = candidate.address ?? fields[4];
  return address !== undefined && address !== "" && address !== "0.0.0.0";
}

/**
 * Emits once, then completes, when the peer connection's ICE candidates are good enough to
 * send the description (RFC 8445 §5.1.1; without trickle ICE they all go in the SDP):
 * gathering completed (or the end-of-candidates event), the first usable server-reflexive or
 * relay candidate when asked, or the timeout on the scheduler, whichever comes first.
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 * import { asyncScheduler } from "rxjs";
 * declare const pc: RTCPeerConnection;
 *
 * Web.iceGatheringDone(pc, { timeout: 5000, stopOnServerCandidate: true, restarted: false, scheduler: asyncScheduler })
 *   .subscribe((why) => console.log("send the offer now:", why)); // "complete", "timeout" or "server-candidate"
 * ```
 */
export function iceGatheringDone(pc: RTCPeerConnection, wait: IceGatheringWait): Observable<IceGatheringOutcome> {
  return defer(() => {
    if (!wait.restarted && pc.iceGatheringState === "complete") return of<IceGatheringOutcome>("complete");
    const candidates = fromEvent<RTCPeerConnectionIceEvent>(pc, "icecandidate");
    const complete = merge(
      fromEvent(pc, "icegatheringstatechange").pipe(filter(() => pc.iceGatheringState === "complete")),
      candidates.pipe(filter((e) => e.candidate === null)),
    ).pipe(map((): IceGatheringOutcome => "complete"));
    const contenders: Array<Observable<IceGatheringOutcome>> = [complete];
    if (wait.stopOnServerCandidate) {
      contenders.push(candidates.pipe(filter((e) => isUsableServerCandidate(e.candidate)), map((): IceGatheringOutcome => "server-candidate")));
    }
    if (wait.timeout > 0) contenders.push(timer(wait.timeout, wait.scheduler).pipe(map((): IceGatheringOutcome => "timeout")));
    return race(contenders).pipe(take(1));
  });
}
