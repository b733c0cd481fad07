import { defer, fromEvent, map, merge, startWith, distinctUntilChanged, type Observable } from "rxjs";
import type { MediaConnectionState } from "../MediaStates.js";

export type { MediaConnectionState };

function read(pc: RTCPeerConnection): MediaConnectionState {
  const transport = pc.getSenders().find((s) => s.transport)?.transport ?? pc.getReceivers().find((r) => r.transport)?.transport;
  return { ice: pc.iceConnectionState, dtls: transport?.state ?? "new", connection: pc.connectionState };
}

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
  return defer(() =>
    merge(fromEvent(pc, "iceconnectionstatechange"), fromEvent(pc, "connectionstatechange")).pipe(
      map(() => read(pc)),
      startWith(read(pc)),
      distinctUntilChanged((a, b) => a.ice === b.ice && a.dtls === b.dtls && a.connection === b.connection),
    ),
  );
}
