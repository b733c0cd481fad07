import { asyncScheduler, BehaviorSubject, EMPTY, Observable, Subject, Subscription, type SchedulerLike } from "rxjs";
import type { Kind, MuteState } from "../MediaStates.js";
import type { BodyAndContentType, IceCandidateInit, SessionDescriptionHandler, SessionDescriptionHandlerModifier, SessionDescriptionInit } from "../SessionDescriptionHandler.js";
import { type AudioLevels, audioLevels } from "./audioLevels.js";
import { connectionState, type MediaConnectionState } from "./connectionState.js";
import { explicitDirections } from "../explicitDirections.js";
import { direction, sends } from "./directions.js";
import { iceGatheringDone, type IceGatheringOutcome } from "./iceGatheringDone.js";
import type { IceTrickle } from "./IceTrickle.js";
import { MediaError } from "./MediaError.js";
import type { MediaStreamFactory } from "./MediaStreamFactory.js";
import { sameFingerprint, sdpRole } from "./sdpRole.js";
import {
  DEFAULT_ICE_GATHERING_TIMEOUT,
  type WebSessionDescriptionHandlerConfiguration,
  type WebSessionDescriptionHandlerOptions,
} from "./WebSessionDescriptionHandlerOptions.js";

/** What the handler logs to (SIP.js `Logger`; `userAgent.getLogger()` gives one). */
export interface MediaLogger {
  /** Logs detail useful only when chasing a problem (SDP, ICE candidates). */
  debug(message: string): void;
  /** Logs a normal media event. */
  log(message: string): void;
  /** Logs something unexpected that the handler recovered from. */
  warn(message: string): void;
  /** Logs a media failure (getUserMedia refused, negotiation failed). */
  error(message: string): void;
}

/** SIP.js `PeerConnectionDelegate`: the peer connection's events, for those who want them raw. */
export interface PeerConnectionDelegate {
  /** The peer connection's `connectionstatechange` event (rxsip: `connectionState$` on the handler). */
  onconnectionstatechange?(event: Event): void;
  /** The peer opened a data channel. */
  ondatachannel?(event: RTCDataChannelEvent): void;
  /**
   * A local ICE candidate was gathered (the handler waits for gathering to finish before it hands out the
   * description).
   */
  onicecandidate?(event: RTCPeerConnectionIceEvent): void;
  /** The peer connection's `iceconnectionstatechange` event. */
  oniceconnectionstatechange?(event: Event): void;
  /** The peer connection's `icegatheringstatechange` event. */
  onicegatheringstatechange?(event: Event): void;
  /**
   * The peer connection's `negotiationneeded` event (the session decides when to re-offer; this is for
   * information).
   */
  onnegotiationneeded?(event: Event): void;
  /** The peer connection's `signalingstatechange` event. */
  onsignalingstatechange?(event: Event): void;
  /** A remote track arrived (the handler adds it to its remote media stream). */
  ontrack?(event: RTCTrackEvent): void;
}

export type { Kind, MuteState };

const DEFAULT_CONSTRAINTS: MediaStreamConstraints = { audio: true, video: false };

/**
 * The WebRTC media of one call (SIP.js `Web.SessionDescriptionHandler`, the same shape):
 * offers and answers (RFC 3264 via JSEP, RFC 8829) made and applied on an RTCPeerConnection,
 * with the ICE candidates in the SDP (gathering ends at completion, at the first usable
 * server candidate when asked, or after `iceGatheringTimeout` on the scheduler).
 *
 * - re-offers both ways; an answer in "stable" state (another fork's answer after early
 *   media, or the answer to our offer re-sent after glare) is applied to a fresh equivalent offer;
 * - hold by transceiver direction (RFC 3264 §8.4): sendrecv becomes sendonly, recvonly inactive;
 * - mute per kind (`track.enabled`), `replaceTrack` to switch devices without renegotiation,
 *   video added or removed by new `constraints` on a re-offer, a data channel, ICE restart;
 * - state as streams: `localStream$`, `remoteStream$`, `remoteTracks$`, `connectionState$`,
 *   `audioLevel$`, `hold$`, `remoteHold$`, `mute$`, `dataChannel$` (all complete on close());
 * - trickle ICE (RFC 8838) when asked (`trickleIce` option): the description says
 *   `a=ice-options:trickle` and, in "full" mode, is given without waiting for candidates; the
 *   candidates it does not carry come on `iceCandidates$`, the peer's go to `addIceCandidate()`.
 *
 * @example
 * ```ts
 * import { WebSessionDescriptionHandler, type Session } from "rxsip";
 * declare const session: Session;
 * declare const remoteAudio: HTMLAudioElement;
 *
 * const sdh = session.sessionDescriptionHandler;
 * if (sdh instanceof WebSessionDescriptionHandler) {
 *   sdh.remoteStream$.subscribe((stream) => (remoteAudio.srcObject = stream));
 *   sdh.connectionState$.subscribe((state) => console.log("ICE", state.ice, "DTLS", state.dtls));
 *   sdh.mute("audio");
 * }
 * ```
 */
export class WebSessionDescriptionHandler implements SessionDescriptionHandler {
  readonly peerConnection: RTCPeerConnection;
  readonly sessionDescriptionHandlerConfiguration: WebSessionDescriptionHandlerConfiguration;
  /** SIP.js: told of the peer connection's events. */
  peerConnectionDelegate: PeerConnectionDelegate | undefined;

  private readonly scheduler: SchedulerLike;
  private readonly local: MediaStream;
  private readonly remote: MediaStream;
  private channel: RTCDataChannel | undefined;
  private onDataChannel: ((dataChannel: RTCDataChannel) => void) | undefined;
  private closed = false;
  /** The constraints the local media was acquired with, to acquire again only on a change. */
  private lastConstraints: MediaStreamConstraints | undefined;
  private held = false;
  /** Kinds removed by new constraints: neither sent nor received until asked for again. */
  private readonly removed = new Set<string>();
  /**
   * Defined while an offer of ours waits for its answer (even if a glare offer rolled it back):
   * the hold state of before it, restored by rollbackDescription() (the directions are made from it again).
   */
  private heldBeforeOffer: boolean | undefined;

  /** Ended by close(): what must stop then (streams that complete, a wait for ICE candidates). */
  private readonly closing = new Subscription();
  private readonly localSubject: BehaviorSubject<MediaStream>;
  private readonly remoteSubject: BehaviorSubject<MediaStream>;
  private readonly holdSubject = new BehaviorSubject<boolean>(false);
  private readonly remoteHoldSubject = new BehaviorSubject<boolean>(false);
  private readonly muteSubject = new BehaviorSubject<MuteState>({ audio: false, video: false });
  private readonly channelSubject = new BehaviorSubject<RTCDataChannel | undefined>(undefined);
  /** Trickle ICE, once a session turned it on (`useIceTrickle`). */
  private trickle: IceTrickle | undefined;

  constructor(
    protected readonly logger: MediaLogger,
    protected readonly mediaStreamFactory: MediaStreamFactory,
    configuration: WebSessionDescriptionHandlerConfiguration = {},
  ) {
    this.sessionDescriptionHandlerConfiguration = configuration;
    this.scheduler = configuration.scheduler ?? asyncScheduler;
    this.peerConnection = new RTCPeerConnection(configuration.peerConnectionConfiguration);
    this.local = new MediaStream();
    this.remote = new MediaStream();
    this.localSubject = new BehaviorSubject(this.local);
    this.remoteSubject = new BehaviorSubject(this.remote);
    this.listen();
  }

  // ---- SIP.js surface ----------------------------------------------------------------------------

  /** Our media: the tracks we send. */
  get localMediaStream(): MediaStream {
    return this.local;
  }

  /** The peer's media: attach it to an <audio>/<video> element (early media included). */
  get remoteMediaStream(): MediaStream {
    return this.remote;
  }

  /** The data channel, ours or the peer's, once there is one. */
  get dataChannel(): RTCDataChannel | undefined {
    return this.channel;
  }

  /** Only SDP (RFC 3264) is understood. */
  hasDescription(contentType: string): boolean {
    return contentType.split(";")[0]!.trim().toLowerCase() === "application/sdp";
  }

  /**
   * Our offer (in "stable" state) or our answer (with a remote offer set), after local media
   * is acquired or updated and ICE candidates are gathered. `hold`, `iceRestart`,
   * `constraints` and `dataChannel` in the options apply to this offer/answer.
   */
  async getDescription(options: WebSessionDescriptionHandlerOptions = {}, modifiers: SessionDescriptionHandlerModifier[] = []): Promise<BodyAndContentType> {
    this.assertOpen();
    this.onDataChannel = options.onDataChannel ?? this.onDataChannel;
    await this.useMedia(options.constraints ?? this.lastConstraints ?? DEFAULT_CONSTRAINTS, options);
    this.assertOpen();
    const pc = this.peerConnection;
    const state = pc.signalingState;
    const offering = state === "stable";
    if (!offering && state !== "have-remote-offer" && state !== "have-local-pranswer") {
      throw new MediaError(`cannot make an offer or answer in signaling state ${state}`);
    }
    if (offering) this.heldBeforeOffer = this.held;
    this.held = options.hold ?? this.held;
    this.updateDirections();
    const restart = offering && (options.iceRestart === true || options.offerOptions?.iceRestart === true);
    if (offering && options.dataChannel && this.channel === undefined) this.setChannel(pc.createDataChannel(options.dataChannelLabel ?? "rxsip", options.dataChannelOptions));
    const made = offering
      ? await pc.createOffer({ ...options.offerOptions, iceRestart: restart })
      : await pc.createAnswer(options.answerOptions);
    await this.setLocal(await applyModifiers(made, modifiers), options, restart);
    // an answer: an offer of ours rolled back by this glare offer still waits for its answer
    if (!offering) this.negotiated(false);
    const sdp = pc.localDescription?.sdp;
    if (!sdp) throw new MediaError("the peer connection has no local description");
    return { body: this.trickle?.described(sdp, options.trickleIce) ?? sdp, contentType: "application/sdp" };
  }

  /**
   * Applies the peer's offer or answer (told apart by its DTLS role, RFC 5763 §5: an offer
   * says `a=setup:actpass`). An offer that crosses our own pending offer (glare) rolls ours
   * back first; an answer when no offer of ours is pending is applied to a fresh equivalent
   * offer (same ICE credentials and certificate), as after early media from another fork.
   */
  setDescription(sdp: string, options: WebSessionDescriptionHandlerOptions = {}, modifiers: SessionDescriptionHandlerModifier[] = []): Promise<void> {
    const applied = this.applyRemote(sdp, options, modifiers);
    // the peer's trickled candidates wait for its description
    this.trickle?.remoteApplying(applied);
    return applied;
  }

  private async applyRemote(sdp: string, options: WebSessionDescriptionHandlerOptions, modifiers: SessionDescriptionHandlerModifier[]): Promise<void> {
    this.assertOpen();
    this.onDataChannel = options.onDataChannel ?? this.onDataChannel;
    const pc = this.peerConnection;
    const state = pc.signalingState;
    // RFC 8842 §5.3: a re-offer may keep the offerer's DTLS role; from the certificate of the peer's last SDP it is still an offer
    const reoffer = state === "stable" && this.heldBeforeOffer === undefined && sameFingerprint(sdp, pc.remoteDescription?.sdp);
    const type = reoffer ? "offer" : (sdpRole(sdp) ?? (state === "have-local-offer" ? "answer" : "offer"));
    const description = await applyModifiers({ type, sdp }, modifiers);
    if (state === "have-remote-offer") throw new MediaError(`an ${type} while the peer's offer is pending`);
    if (type === "offer") {
      if (state === "have-local-offer") await pc.setLocalDescription({ type: "rollback" });
    } else if (state === "stable") {
      if (this.heldBeforeOffer === undefined && pc.currentLocalDescription?.type !== "offer") throw new MediaError("an answer without an offer");
      await pc.setLocalDescription(await pc.createOffer());
    }
    // browsers ignore a session-level direction (RFC 4566 §6): each media section gets its own
    await pc.setRemoteDescription({ ...description, sdp: explicitDirections(description.sdp ?? "") } as RTCSessionDescriptionInit);
    this.assertOpen();
    if (type === "answer") this.negotiated(true);
  }

  /** Forgets a pending offer, ours or the peer's (RFC 3261 §14.1: after a 491 or a failed re-INVITE). */
  async rollbackDescription(): Promise<void> {
    if (this.closed) return;
    const pc = this.peerConnection;
    if (pc.signalingState === "have-local-offer") await pc.setLocalDescription({ type: "rollback" });
    else if (pc.signalingState === "have-remote-offer") await pc.setRemoteDescription({ type: "rollback" });
    this.held = this.heldBeforeOffer ?? this.held;
    this.heldBeforeOffer = undefined;
    this.updateDirections();
    this.holdSubject.next(this.held);
  }

  /** DTMF in the media (RFC 4733) through the audio sender's RTCDTMFSender; false when it cannot be sent. */
  sendDtmf(tones: string, options?: { duration?: number; interToneGap?: number }): boolean {
    if (this.closed) return false;
    const sender = this.peerConnection.getSenders().find((s) => s.track?.kind === "audio" && s.dtmf);
    const dtmf = sender?.dtmf;
    if (!dtmf || dtmf.canInsertDTMF === false) return false;
    try {
      dtmf.insertDTMF(tones, options?.duration ?? 100, options?.interToneGap ?? 70);
      return true;
    } catch (e) {
      this.logger.warn(`DTMF not sent: ${(e as Error).message}`);
      return false;
    }
  }

  /** Stops our tracks, closes the peer connection and completes every stream. Idempotent. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const t of this.local.getTracks()) t.stop();
    this.channel?.close();
    this.peerConnection.close();
    this.trickle?.close();
    this.closing.unsubscribe();
    for (const s of [this.localSubject, this.remoteSubject, this.holdSubject, this.remoteHoldSubject, this.muteSubject, this.channelSubject] as Array<Subject<unknown>>) s.complete();
  }

  /** SIP.js: enables or disables every track we send (a mute of everything). */
  enableSenderTracks(enable: boolean): void {
    this.setMuted(undefined, !enable);
  }

  /** SIP.js: enables or disables every track we receive. */
  enableReceiverTracks(enable: boolean): void {
    for (const r of this.peerConnection.getReceivers()) if (r.track) r.track.enabled = enable;
  }

  // ---- rxsip: media control ----------------------------------------------------------------------

  /** Mutes our audio, video or both (the tracks stay negotiated: no re-offer). */
  mute(kind?: Kind): void {
    this.setMuted(kind, true);
  }

  /** Unmutes our audio, video or both (default both): the tracks send again, with no re-offer. */
  unmute(kind?: Kind): void {
    this.setMuted(kind, false);
  }

  /**
   * Sends this track instead of the one of its kind (another microphone or camera) through
   * RTCRtpSender.replaceTrack: no renegotiation. The old track is stopped. Resolves true when
   * a re-offer is needed after all (nothing of that kind was being sent: call `session.invite()`).
   */
  async replaceTrack(track: MediaStreamTrack): Promise<boolean> {
    this.assertOpen();
    return this.putTrack(track);
  }

  // ---- rxsip: state as streams ---------------------------------------------------------------------

  /** Our media stream, again each time its tracks change. */
  get localStream$(): Observable<MediaStream> {
    return this.localSubject.asObservable();
  }

  /** The peer's media stream, again each time a track is added or removed. */
  get remoteStream$(): Observable<MediaStream> {
    return this.remoteSubject.asObservable();
  }

  /** The peer's tracks, again at each change. */
  get remoteTracks$(): Observable<MediaStreamTrack[]> {
    return new Observable((subscriber) => this.remoteSubject.subscribe({ next: (s) => subscriber.next(s.getTracks()), complete: () => subscriber.complete() }));
  }

  /** ICE, DTLS and overall connection state, now and at each change. */
  get connectionState$(): Observable<MediaConnectionState> {
    return this.untilClosed(connectionState(this.peerConnection));
  }

  /**
   * Audio levels sampled from getStats every `statsInterval` ms on the scheduler, while subscribed
   * (each subscription samples on its own); completes on close().
   */
  get audioLevel$(): Observable<AudioLevels> {
    return this.untilClosed(audioLevels(this.peerConnection, this.sessionDescriptionHandlerConfiguration.statsInterval ?? 250, this.scheduler));
  }

  /** True while we hold the call (after the offer/answer that put it on hold). */
  get hold$(): Observable<boolean> {
    return this.holdSubject.asObservable();
  }

  /** True while the peer holds the call (it does not want our media: RFC 3264 §8.4). */
  get remoteHold$(): Observable<boolean> {
    return this.remoteHoldSubject.asObservable();
  }

  get mute$(): Observable<MuteState> {
    return this.muteSubject.asObservable();
  }

  get dataChannel$(): Observable<RTCDataChannel | undefined> {
    return this.channelSubject.asObservable();
  }

  // ---- rxsip: trickle ICE (RFC 8838) -------------------------------------------------------------

  /**
   * Our candidates that the last description given with `trickleIce` does not carry, as
   * they are gathered, then `candidate: ""` once gathering is over; completes on close().
   */
  get iceCandidates$(): Observable<IceCandidateInit> {
    return this.trickle?.candidates$ ?? EMPTY;
  }

  /**
   * Adds a trickled candidate of the peer (`candidate: ""`: the end of its candidates), once
   * its description is set; rejects when the peer connection refuses it.
   */
  async addIceCandidate(candidate: IceCandidateInit): Promise<void> {
    if (!this.closed) await this.trickle?.add(candidate);
  }

  /**
   * @internal Turns trickle ICE on with the code `make` gives (`trickleIce()` of the user
   * agent brings it, so pages without trickle ICE do not carry it); before the first
   * description. Once.
   */
  useIceTrickle(make: (pc: RTCPeerConnection, logger: MediaLogger) => IceTrickle): void {
    if (this.closed) return;
    this.trickle ??= make(this.peerConnection, this.logger);
  }

  // ---- inside ------------------------------------------------------------------------------------------

  private assertOpen(): void {
    if (this.closed) throw new MediaError("the session description handler is closed");
  }

  /** `source` until close(), which completes it (at once when already closed). */
  private untilClosed<T>(source: Observable<T>): Observable<T> {
    return new Observable<T>((subscriber) => {
      const end = () => subscriber.complete();
      this.closing.add(end);
      subscriber.add(() => this.closing.remove(end));
      source.subscribe(subscriber);
    });
  }

  private listen(): void {
    const pc = this.peerConnection;
    // a track and a data channel are taken first; then each event goes to the delegate's on<event> (SIP.js)
    pc.addEventListener("track", (e) => this.addRemoteTrack(e.track));
    pc.addEventListener("datachannel", (e) => this.setChannel(e.channel));
    for (const type of ["track", "datachannel", "connectionstatechange", "icecandidate", "iceconnectionstatechange", "icegatheringstatechange", "negotiationneeded", "signalingstatechange"]) {
      pc.addEventListener(type, (e) => (this.peerConnectionDelegate?.[`on${type}` as keyof PeerConnectionDelegate] as ((e: Event) => void) | undefined)?.(e));
    }
  }

  private addRemoteTrack(track: MediaStreamTrack): void {
    if (this.closed || this.remote.getTrackById(track.id) !== null) return;
    this.remote.addTrack(track);
    // once per track: it was added once, and an ended track never comes back
    track.addEventListener("ended", () => {
      if (this.closed) return;
      this.remote.removeTrack(track);
      this.remoteSubject.next(this.remote);
    });
    this.remoteSubject.next(this.remote);
  }

  private setChannel(channel: RTCDataChannel): void {
    this.channel = channel;
    this.channelSubject.next(channel);
    this.onDataChannel?.(channel);
  }

  /** Sets our description and waits for the ICE candidates (subscribed first: none is missed). */
  private async setLocal(description: SessionDescriptionInit, options: WebSessionDescriptionHandlerOptions, restart: boolean): Promise<void> {
    const config = this.sessionDescriptionHandlerConfiguration;
    // the outcome, or nothing when close() ended the wait; no wait in full trickle (every candidate follows on iceCandidates$)
    const gathered = this.trickle?.describing(options.trickleIce) ? undefined : new Promise<IceGatheringOutcome | void>((resolve) =>
      this.untilClosed(iceGatheringDone(this.peerConnection, {
        timeout: options.iceGatheringTimeout ?? config.iceGatheringTimeout ?? DEFAULT_ICE_GATHERING_TIMEOUT,
        stopOnServerCandidate: options.iceStopOnServerCandidate ?? config.iceStopOnServerCandidate ?? false,
        restarted: restart,
        scheduler: this.scheduler,
      })).subscribe({ next: resolve, complete: resolve }),
    );
    await this.peerConnection.setLocalDescription(description as RTCSessionDescriptionInit);
    if ((await gathered) === "timeout") this.logger.warn("ICE gathering timed out: the description goes with the candidates gathered so far");
  }

  /** An offer/answer exchange completed: hold states are now those negotiated. */
  private negotiated(ourOfferAnswered: boolean): void {
    if (ourOfferAnswered) this.heldBeforeOffer = undefined;
    this.holdSubject.next(this.held);
    // the peer holds when nothing we would send may go (a section we only receive on says nothing of it)
    const sending = this.peerConnection.getTransceivers().filter((t) => !isStopped(t) && t.currentDirection && sends(t.direction));
    const peerHolds = !this.held && sending.length > 0 && sending.every((t) => !sends(t.currentDirection));
    if (peerHolds !== this.remoteHoldSubject.value) this.remoteHoldSubject.next(peerHolds);
  }

  /** Transceiver directions from what we send, what was removed, and hold. */
  private updateDirections(): void {
    for (const t of this.peerConnection.getTransceivers()) {
      if (isStopped(t)) continue;
      const kind = t.receiver.track?.kind ?? t.sender.track?.kind ?? "";
      const gone = this.removed.has(kind);
      const d = direction(t.sender.track !== null && !gone, !gone && !this.held);
      if (t.direction !== d) t.direction = d;
    }
  }

  /** Acquires local media for these constraints (again only when they changed) and sends it. */
  private async useMedia(constraints: MediaStreamConstraints, options: WebSessionDescriptionHandlerOptions): Promise<void> {
    if (JSON.stringify(constraints) === JSON.stringify(this.lastConstraints)) return;
    const stream = await this.mediaStreamFactory(constraints, this, options);
    if (this.closed) {
      for (const t of stream.getTracks()) t.stop();
      return;
    }
    this.lastConstraints = constraints;
    const tracks = stream.getTracks();
    for (const old of this.local.getTracks()) {
      if (tracks.some((t) => t.kind === old.kind)) continue;
      // a kind no longer asked for (video removed): stop sending and receiving it
      this.removed.add(old.kind);
      await this.peerConnection.getSenders().find((s) => s.track === old)?.replaceTrack(null);
      this.local.removeTrack(old);
      old.stop();
    }
    for (const track of tracks) await this.putTrack(track);
    this.localSubject.next(this.local);
  }

  /** Sends a track in place of the one of its kind (asked for again if removed); true when that needs a re-offer. */
  private async putTrack(track: MediaStreamTrack): Promise<boolean> {
    const kind = track.kind;
    this.removed.delete(kind);
    track.enabled = !this.muteSubject.value[kind as Kind];
    const old = this.local.getTracks().find((t) => t.kind === kind);
    const live = this.peerConnection.getTransceivers().filter((t) => !isStopped(t));
    // the transceiver sending this kind, else one receiving it that sends nothing yet
    const t = live.find((t) => t.sender.track?.kind === kind) ?? live.find((t) => t.sender.track === null && t.receiver.track?.kind === kind);
    const renegotiate = t === undefined || t.sender.track === null || !sends(t.currentDirection ?? t.direction);
    if (t === undefined) this.peerConnection.addTrack(track, this.local);
    else {
      await t.sender.replaceTrack(track);
      t.sender.setStreams?.(this.local);
    }
    if (old !== undefined && old !== track) {
      this.local.removeTrack(old);
      old.stop();
    }
    // a no-op when the track is there already
    this.local.addTrack(track);
    this.localSubject.next(this.local);
    return renegotiate;
  }

  /** Mutes or unmutes one kind, or both when no kind is given. */
  private setMuted(only: Kind | undefined, value: boolean): void {
    const muted = { ...this.muteSubject.value };
    for (const kind of only ? [only] : (["audio", "video"] as const)) muted[kind] = value;
    for (const t of this.local.getTracks()) t.enabled = !muted[t.kind as Kind];
    if (!this.closed) this.muteSubject.next(muted);
  }
}

function isStopped(t: RTCRtpTransceiver): boolean {
  return (t as { stopped?: boolean }).stopped === true || t.currentDirection === "stopped" || t.direction === "stopped";
}

async function applyModifiers(description: SessionDescriptionInit, modifiers: SessionDescriptionHandlerModifier[]): Promise<SessionDescriptionInit> {
  let d = description;
  for (const m of modifiers) d = await m(d);
  return d;
}
