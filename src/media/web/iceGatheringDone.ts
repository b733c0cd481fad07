import { Observable, type SchedulerLike } from "rxjs";

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
  // candidate-attribute (RFC 8839 §5.1): foundation component transport priority address port "typ" type ...
  const fields = candidate?.candidate.split(" ") ?? [];
  const type = candidate?.type ?? fields[7];
  const address = candidate?.address ?? fields[4];
  return (type === "srflx" || type === "relay") && !!address && address !== "0.0.0.0";
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
  return new Observable<IceGatheringOutcome>((subscriber) => {
    const done = (outcome: IceGatheringOutcome) => {
      subscriber.next(outcome);
      subscriber.complete();
    };
    // the "complete" state or a null candidate is the end of gathering; a usable server candidate ends the wait when asked
    const check = (e?: Event) => {
      const candidate = (e as Partial<RTCPeerConnectionIceEvent> | undefined)?.candidate;
      if (candidate === null || pc.iceGatheringState === "complete") done("complete");
      else if (candidate && wait.stopOnServerCandidate && isUsableServerCandidate(candidate)) done("server-candidate");
    };
    // before an ICE restart, "complete" is the old gathering's state
    if (!wait.restarted) check();
    pc.addEventListener("icegatheringstatechange", check);
    pc.addEventListener("icecandidate", check);
    const timeout = wait.timeout > 0 ? wait.scheduler.schedule(() => done("timeout"), wait.timeout) : undefined;
    return () => {
      pc.removeEventListener("icegatheringstatechange", check);
      pc.removeEventListener("icecandidate", check);
      timeout?.unsubscribe();
    };
  });
}
