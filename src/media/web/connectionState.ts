import { Observable } from "rxjs";
import type { MediaConnectionState } from "../MediaStates.js";

export type { MediaConnectionState };

/**
 * The connection state now, then at every change of ICE or connection state.
 *
 * @example
 * ```ts
 * import { Web } from "rxsip";
 * declare const pc: RTCPeerConnection;
 *
 * Web.connectionState(pc).subscribe((state) => {
 *   if (state.connection === "failed") console.log("media lost: ICE", state.ice, "DTLS", state.dtls);
 * });
 * ```
 */
export function connectionState(pc: RTCPeerConnection): Observable<MediaConnectionState> {
  return new Observable<MediaConnectionState>((subscriber) => {
    let last: string | undefined;
    // the state when subscribed, then each one that differs from the last told
    const tell = () => {
      const transport = pc.getSenders().find((s) => s.transport)?.transport ?? pc.getReceivers().find((r) => r.transport)?.transport;
      const now: MediaConnectionState = { ice: pc.iceConnectionState, dtls: transport?.state ?? "new", connection: pc.connectionState };
      const key = JSON.stringify(now);
      if (key !== last) subscriber.next(now);
      last = key;
    };
    tell();
    pc.addEventListener("iceconnectionstatechange", tell);
    pc.addEventListener("connectionstatechange", tell);
    return () => {
      pc.removeEventListener("iceconnectionstatechange", tell);
      pc.removeEventListener("connectionstatechange", tell);
    };
  });
}
