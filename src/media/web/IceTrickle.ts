import { type Observable, Subject } from "rxjs";
import type { IceCandidateInit, TrickleIceMode } from "../SessionDescriptionHandler.js";
import { iceUfragOf, trickleDescription } from "./trickleSdp.js";

/** Where the trickle of one peer connection logs what it could not do. */
interface WarnLogger {
  warn(message: string): void;
}

/**
 * The trickle ICE side of one peer connection (RFC 8838): our candidates gathered after a
 * description given with trickle ICE (the ones it does not carry) and the end of gathering,
 * as a stream; the peer's trickled candidates added once its description is set.
 */
export class IceTrickle {
  private readonly subject = new Subject<IceCandidateInit>();
  /**
   * A trickle description was given and gathering goes on: later candidates are not in it
   * (false again once the end of this generation's candidates was told).
   */
  private open = false;
  /** The peer's candidates that came before any description of the peer. */
  private waiting: IceCandidateInit[] = [];
  /** The peer's description being applied: candidates wait for it. */
  private applying: Promise<unknown> = Promise.resolve();

  constructor(
    private readonly pc: RTCPeerConnection,
    private readonly logger: WarnLogger,
  ) {
    pc.addEventListener("icecandidate", (e: RTCPeerConnectionIceEvent) => this.gathered(e.candidate));
    pc.addEventListener("icegatheringstatechange", () => {
      if (pc.iceGatheringState === "complete") this.gathered(null);
    });
  }

  get candidates$(): Observable<IceCandidateInit> {
    return this.subject.asObservable();
  }

  /**
   * A new local description is being made: what is gathered until it is given out is in it.
   * True in full trickle (`mode` "full"): it goes without waiting for candidates.
   */
  describing(mode: TrickleIceMode | undefined): boolean {
    this.open = false;
    return mode === "full";
  }

  /** The local description is given out now: returns its text for a trickle description (`mode`), as is otherwise. */
  described(sdp: string, mode: TrickleIceMode | undefined): string {
    if (mode === undefined || mode === false) return sdp;
    const complete = this.pc.iceGatheringState === "complete";
    this.open = !complete;
    return trickleDescription(sdp, complete);
  }

  private gathered(candidate: RTCIceCandidate | null): void {
    if (!this.open) return;
    const ufrag = iceUfragOf(this.pc.localDescription?.sdp);
    if (candidate === null) {
      this.open = false;
      this.subject.next({ candidate: "", sdpMid: null, sdpMLineIndex: null, usernameFragment: ufrag });
      return;
    }
    // an empty candidate is the per-section end marker of older browsers: the null one follows
    if (candidate.candidate === "") return;
    this.subject.next({
      candidate: candidate.candidate,
      sdpMid: candidate.sdpMid ?? null,
      sdpMLineIndex: candidate.sdpMLineIndex ?? null,
      usernameFragment: candidate.usernameFragment ?? ufrag,
    });
  }

  /** The peer's description is being applied (`done` settles when it is): candidates wait for it. */
  remoteApplying(done: Promise<unknown>): void {
    this.applying = done.then(
      () => this.release(),
      () => undefined,
    );
  }

  /** Adds a candidate of the peer (after its description; the ones that came before it wait). */
  async add(candidate: IceCandidateInit): Promise<void> {
    await this.applying;
    if (this.pc.remoteDescription === null) {
      this.waiting.push(candidate);
      return;
    }
    await this.pc.addIceCandidate(candidate);
  }

  private async release(): Promise<void> {
    const waiting = this.waiting;
    this.waiting = [];
    for (const c of waiting) {
      await this.pc.addIceCandidate(c).catch((e: unknown) => this.logger.warn(`a trickled ICE candidate was refused: ${(e as Error).message}`));
    }
  }

  close(): void {
    this.waiting = [];
    this.subject.complete();
  }
}
