import { asyncScheduler, BehaviorSubject, interval, share, Subject, takeUntil, type Observable, type SchedulerLike, type Subscription } from "rxjs";
import type * as Werift from "werift";
import type { AudioLevels, Kind, MediaConnectionState, MuteState } from "../MediaStates.js";
import type { BodyAndContentType, SessionDescriptionHandler, SessionDescriptionHandlerModifier, SessionDescriptionHandlerOptions, SessionDescriptionInit } from "../SessionDescriptionHandler.js";
import { silence, type AudioSource } from "./AudioSource.js";
import { DtmfReceiver, type ReceivedKey } from "./DtmfReceiver.js";
import { decodeG711, type G711Law } from "./g711.js";
import { MediaFormatError } from "./MediaFormatError.js";
import type { NodeMediaOptions } from "./NodeMediaOptions.js";
import { FRAME_MS, RtpPacer } from "./RtpPacer.js";
import { LevelMeter } from "./LevelMeter.js";
import { sampleAudioLevels } from "./sampleAudioLevels.js";
import { decodeTelephoneEvent } from "./telephoneEvent.js";
import { loadWerift } from "./loadWerift.js";
import { explicitDirections } from "../explicitDirections.js";
import { narrowbandEvents } from "./narrowbandEvents.js";
import { sdpRole } from "../web/sdpRole.js";

/** A frame of audio the peer sent, decoded. */
export interface ReceivedAudio {
  samples: Int16Array;
  /** Root mean square of the frame (0-32767). */
  rms: number;
  timestamp: number;
}

/** What arrived and what went out, counted. */
export interface NodeMediaStats {
  /** G.711 packets received and decoded. */
  packetsReceived: number;
  /** Of those, frames whose RMS was above the silence threshold. */
  nonSilentPacketsReceived: number;
  /** Mean RMS of all frames received (0-32767). */
  meanRms: number;
  /** telephone-event packets received. */
  eventPacketsReceived: number;
  packetsSent: number;
  eventPacketsSent: number;
}

/** The data channel of a call, as the handler shows it. */
export interface NodeDataChannel {
  readonly label: string;
  readonly readyState: string;
  /** Sends a text message on the channel (once `readyState` is "open"). */
  send(text: string): void;
}

/** What the handler shows of its werift `RTCPeerConnection` (cast to werift's type for the rest). */
export interface NodePeerConnection {
  readonly connectionState: string;
  readonly signalingState: string;
  /** werift's statistics report of the connection. */
  getStats(): Promise<unknown>;
}

const DIRECTIONS_THAT_SEND = new Set(["sendrecv", "sendonly"]);
const sends = (direction: string | null | undefined) => DIRECTIONS_THAT_SEND.has(direction ?? "");
const NEW: MediaConnectionState = { ice: "new", dtls: "new", connection: "new" };

/**
 * A SIP.js-compatible SessionDescriptionHandler for Node on werift (a WebRTC stack in
 * TypeScript): ICE, DTLS-SRTP, G.711 audio (PCMU / PCMA) and RFC 4733 DTMF, an optional
 * data channel. It plays an AudioSource, paced every 20 ms on an RxJS scheduler, and shows
 * what arrives: `audio$` (decoded frames), `dtmf$` (keys, which the session forwards to
 * `session.dtmf$`), `messages$` (data channel text), `stats`. Hold is the transceiver's
 * direction (RFC 3264 §8.4): `hold: true` offers sendonly (or inactive: the factory's
 * `holdDirection`, or `sessionDescriptionHandlerOptions.holdDirection` per call), `hold: false`
 * sendrecv; nothing is sent while the negotiated direction does not include sending. `mute()`
 * sends silence in place of the source (RTP keeps flowing, as a disabled browser track does).
 * State as streams with the browser handler's names and shapes: `connectionState$`,
 * `audioLevel$`, `hold$`, `remoteHold$`, `mute$`, `dataChannel$` (all complete on close()).
 * werift is loaded on first use (an optional peer dependency).
 *
 * @example
 * ```ts
 * import { NodeSessionDescriptionHandler, toneSource, type Session } from "rxsip/node";
 * declare const session: Session; // made by a user agent with nodeMediaFactory()
 *
 * const media = session.sessionDescriptionHandler;
 * if (media instanceof NodeSessionDescriptionHandler) {
 *   media.audio$.subscribe(({ rms }) => console.log("caller is speaking:", rms > 500));
 *   media.dtmf$.subscribe((key) => console.log("pressed", key));
 *   media.play(toneSource(440));
 * }
 * ```
 */
export class NodeSessionDescriptionHandler implements SessionDescriptionHandler {
  private pc: Werift.RTCPeerConnection | undefined;
  private transceiver: Werift.RTCRtpTransceiver | undefined;
  private opening: Promise<Werift.RTCPeerConnection> | undefined;
  private werift: typeof Werift | undefined;
  private closed = false;
  private readonly pacer: RtpPacer;
  private pacing: Subscription | undefined;
  private readonly scheduler: SchedulerLike;
  private readonly receiver = new DtmfReceiver();
  private readonly audioSubject = new Subject<ReceivedAudio>();
  private readonly dtmfSubject = new Subject<ReceivedKey>();
  private readonly messageSubject = new Subject<string>();
  private readonly stateSubject = new BehaviorSubject<MediaConnectionState>(NEW);
  private readonly holdSubject = new BehaviorSubject<boolean>(false);
  private readonly remoteHoldSubject = new BehaviorSubject<boolean>(false);
  private readonly muteSubject = new BehaviorSubject<MuteState>({ audio: false, video: false });
  private readonly closed$ = new Subject<void>();
  private readonly inboundLevel = new LevelMeter();
  private readonly outboundLevel = new LevelMeter();
  private levels: Observable<AudioLevels> | undefined;
  /** We hold the call (as asked in the last offer/answer we made). */
  private held = false;
  /** Hold and direction before our pending offer, put back by rollbackDescription(). */
  private beforeOffer: { held: boolean; direction: Werift.RTCRtpTransceiver["direction"] } | undefined;
  private readonly channelSubject = new BehaviorSubject<NodeDataChannel | undefined>(undefined);
  private rmsSum = 0;
  /** Payload types of the peer's SDP (what we send) and of ours (what we receive). */
  private sendLaw: G711Law | undefined;
  private sendEventPt: number | undefined;
  private receiveMap = new Map<number, G711Law | "event">();
  private readonly counters: NodeMediaStats = { packetsReceived: 0, nonSilentPacketsReceived: 0, meanRms: 0, eventPacketsReceived: 0, packetsSent: 0, eventPacketsSent: 0 };

  constructor(private readonly options: NodeMediaOptions = {}) {
    const source = typeof options.source === "function" ? options.source() : (options.source ?? silence());
    this.pacer = new RtpPacer(source, options.codecs?.[0] ?? "PCMU");
    this.scheduler = options.scheduler ?? asyncScheduler;
  }

  // ---- what a user sees ------------------------------------------------------------------------

  /**
   * The werift RTCPeerConnection, once made (on the first getDescription / setDescription);
   * typed by what rxsip promises of it, so that rxsip/node's types do not need werift's.
   */
  get peerConnection(): NodePeerConnection | undefined {
    return this.pc;
  }

  /** Decoded frames of the peer's audio, as they arrive. */
  get audio$(): Observable<ReceivedAudio> {
    return this.audioSubject.asObservable();
  }

  /** Keys the peer sent as RFC 4733 events. */
  get dtmf$(): Observable<ReceivedKey> {
    return this.dtmfSubject.asObservable();
  }

  /** Text that arrived on the data channel. */
  get messages$(): Observable<string> {
    return this.messageSubject.asObservable();
  }

  /** ICE, DTLS and overall connection state (the W3C WebRTC names), now and at each change. */
  get connectionState$(): Observable<MediaConnectionState> {
    return this.stateSubject.asObservable();
  }

  /**
   * Audio levels (0..1, WebRTC's `audioLevel` scale: RMS of the decoded samples over full
   * scale) of what arrived and of what was sent in each period of `statsInterval` ms (default
   * 250), sampled on the scheduler while subscribed. `inbound` is undefined until audio
   * arrives, then 0 for a period without any (the peer holds or sends nothing); `outbound` is
   * 0 while muted or on hold.
   */
  get audioLevel$(): Observable<AudioLevels> {
    return (this.levels ??= sampleAudioLevels(this.inboundLevel, this.outboundLevel, this.options.statsInterval ?? 250, this.scheduler).pipe(
      takeUntil(this.closed$),
      share(),
    ));
  }

  /** True while we hold the call (after the offer/answer that put it on hold), replaying the current state. */
  get hold$(): Observable<boolean> {
    return this.holdSubject.asObservable();
  }

  /** True while the peer holds the call (it does not want our media: RFC 3264 §8.4), replaying the current state. */
  get remoteHold$(): Observable<boolean> {
    return this.remoteHoldSubject.asObservable();
  }

  /** Which kinds of our media are muted, replaying the current state (video is never sent by this handler). */
  get mute$(): Observable<MuteState> {
    return this.muteSubject.asObservable();
  }

  /** The data channel once it is open (undefined before), replaying the current one. */
  get dataChannel$(): Observable<NodeDataChannel | undefined> {
    return this.channelSubject.asObservable();
  }

  /** Counts of what arrived and went out (a copy). */
  get stats(): NodeMediaStats {
    const c = this.counters;
    return { ...c, meanRms: c.packetsReceived === 0 ? 0 : this.rmsSum / c.packetsReceived };
  }

  /** Plays another source from the next packet on (e.g. a prompt in an IVR). */
  play(source: AudioSource): void {
    this.pacer.setSource(source);
  }

  /**
   * Mutes our audio (and/or the video flag, kept for the browser handler's shape): from the
   * next frame, frames of silence are sent in place of the source. RTP keeps flowing, so the
   * peer's RTP inactivity timers and NAT bindings do not expire and no re-offer is needed, as
   * with a disabled track in a browser; DTMF events still go out.
   */
  mute(kind?: Kind): void {
    this.setMuted(kind ? [kind] : ["audio", "video"], true);
  }

  /** Undoes mute(): the source is heard again from the next frame. */
  unmute(kind?: Kind): void {
    this.setMuted(kind ? [kind] : ["audio", "video"], false);
  }

  /** SIP.js: enables (unmutes) or disables (mutes) everything we send. */
  enableSenderTracks(enable: boolean): void {
    this.setMuted(["audio", "video"], !enable);
  }

  /** Sends text on the data channel; false when none is open. */
  send(text: string): boolean {
    const channel = this.channelSubject.value;
    if (channel === undefined || channel.readyState !== "open") return false;
    channel.send(text);
    return true;
  }

  // ---- SessionDescriptionHandler ---------------------------------------------------------------

  hasDescription(contentType: string): boolean {
    return contentType.toLowerCase().split(";")[0]!.trim() === "application/sdp";
  }

  async getDescription(options?: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<BodyAndContentType> {
    const pc = await this.open();
    const transceiver = this.transceiver!;
    const answering = pc.signalingState === "have-remote-offer";
    if (!answering) this.beforeOffer ??= { held: this.held, direction: transceiver.direction };
    if (options?.hold !== undefined) this.held = options.hold;
    if (options?.hold === true) transceiver.setDirection(holdDirectionOf(options["holdDirection"]) ?? this.options.holdDirection ?? "sendonly");
    else if (options?.hold === false) transceiver.setDirection("sendrecv");
    const made = answering ? await pc.createAnswer() : await pc.createOffer();
    const description = await applyModifiers({ type: made.type as SessionDescriptionInit["type"], sdp: made.sdp }, modifiers);
    await pc.setLocalDescription({ type: description.type as "offer" | "answer", sdp: description.sdp ?? "" });
    const sdp = pc.localDescription?.sdp ?? "";
    this.receiveMap = payloadTypes(sdp);
    // an answer: an offer of ours rolled back by this glare offer still waits for its answer
    if (answering) this.negotiated(false);
    return { body: sdp, contentType: "application/sdp" };
  }

  async setDescription(sdp: string, options?: SessionDescriptionHandlerOptions, modifiers?: SessionDescriptionHandlerModifier[]): Promise<void> {
    void options;
    const pc = await this.open();
    // glare (RFC 3261 §14.1): the peer's offer (actpass, RFC 5763 §5) may come while ours waits for its retry,
    // then the answer to our retried offer, which is applied to a fresh equivalent offer (as the browser handler does)
    const role = sdpRole(sdp);
    const state = pc.signalingState;
    const type = state === "have-local-offer" ? (role === "offer" ? "offer" : "answer") : this.beforeOffer !== undefined && role === "answer" ? "answer" : "offer";
    const description = await applyModifiers({ type, sdp: narrowbandEvents(sdp) }, modifiers);
    const remote = payloadTypes(description.sdp ?? "");
    const law = [...remote.values()].find((v): v is G711Law => v !== "event");
    if (law === undefined) throw new MediaFormatError("the peer's SDP has no PCMU or PCMA audio");
    // werift speaks DTLS-SRTP only (RFC 5764); an answer must keep the offer's transport (RFC 3264 §6)
    if (!/^m=audio \S+ (?:UDP|TCP)\/D?TLS\//m.test(description.sdp ?? "")) throw new MediaFormatError("the peer's SDP has no DTLS-SRTP audio (UDP/TLS/RTP/SAVPF)");
    // RFC 3264 §6: an answer has exactly the m= lines of the offer (werift would take any)
    if (type === "answer" && mLines(description.sdp) !== mLines(pc.localDescription?.sdp)) throw new MediaFormatError("the answer's m= lines do not match the offer's");
    if (state === "stable" && type === "answer") await pc.setLocalDescription(await pc.createOffer());
    await pc.setRemoteDescription({ type: description.type as "offer" | "answer", sdp: explicitDirections(description.sdp ?? "") });
    this.sendEventPt = [...remote].find(([, v]) => v === "event")?.[0];
    if (type === "answer") this.negotiated(true);
  }

  async rollbackDescription(): Promise<void> {
    const pc = this.pc;
    const before = this.beforeOffer;
    this.beforeOffer = undefined;
    if (pc === undefined) return;
    if (pc.signalingState === "have-local-offer") await pc.setLocalDescription({ type: "rollback" } as never).catch(() => undefined);
    else if (pc.signalingState === "have-remote-offer") await pc.setRemoteDescription({ type: "rollback" } as never).catch(() => undefined);
    // also in stable: our offer, rolled back by a glare offer, was given up
    if (before !== undefined && this.transceiver !== undefined) {
      this.held = before.held;
      if (this.transceiver.direction !== before.direction) this.transceiver.setDirection(before.direction);
      if (!this.closed && this.holdSubject.value !== this.held) this.holdSubject.next(this.held);
    }
  }

  /**
   * Sends keys as RFC 4733 events (`duration` ms each, default 100; `interToneGap` ms between,
   * default 70). False when closed, when the peer did not negotiate telephone-event, while the
   * negotiated direction does not let us send (the peer holds us), or for keys that are not
   * 0-9, *, #, A-D or ",".
   */
  sendDtmf(tones: string, options?: unknown): boolean {
    if (this.closed || this.sendEventPt === undefined || typeof tones !== "string" || !/^[0-9A-D#*,]+$/i.test(tones)) return false;
    // the peer holds us: nothing may go out now, and keys must not go out when it resumes
    if (this.transceiver?.currentDirection && !sends(this.transceiver.currentDirection)) return false;
    const o = (options ?? {}) as { duration?: unknown; interToneGap?: unknown };
    const duration = clamp(typeof o.duration === "number" ? o.duration : (this.options.dtmfDuration ?? 100), 40, 6000);
    const gap = clamp(typeof o.interToneGap === "number" ? o.interToneGap : (this.options.dtmfInterToneGap ?? 70), 30, 6000);
    this.pacer.queueDtmf(tones.toUpperCase(), duration, gap);
    return true;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.pacing?.unsubscribe();
    this.pacing = undefined;
    const pc = this.pc;
    this.pc = undefined;
    if (pc) void pc.close().catch(() => undefined);
    this.stateSubject.next({ ice: "closed", dtls: "closed", connection: "closed" });
    this.closed$.next();
    this.closed$.complete();
    const subjects = [this.audioSubject, this.dtmfSubject, this.messageSubject, this.stateSubject, this.channelSubject, this.holdSubject, this.remoteHoldSubject, this.muteSubject];
    for (const s of subjects as Subject<unknown>[]) s.complete();
  }

  // ---- inside ----------------------------------------------------------------------------------

  /** The peer connection, made on first use (werift loaded then). */
  private open(): Promise<Werift.RTCPeerConnection> {
    if (this.closed) return Promise.reject(new MediaFormatError("the media handler was closed"));
    return (this.opening ??= this.make());
  }

  private async make(): Promise<Werift.RTCPeerConnection> {
    const w = (this.werift = await loadWerift());
    if (this.closed) throw new MediaFormatError("the media handler was closed");
    const eventPt = this.options.telephoneEventPayloadType ?? 101;
    const codecs = (this.options.codecs ?? ["PCMU", "PCMA"]).map(
      (law) => new w.RTCRtpCodecParameters({ mimeType: `audio/${law}`, clockRate: 8000, channels: 1, payloadType: law === "PCMU" ? 0 : 8 }),
    );
    codecs.push(new w.RTCRtpCodecParameters({ mimeType: "audio/telephone-event", clockRate: 8000, channels: 1, payloadType: eventPt, parameters: "0-16" }));
    const loopback = this.options.loopback ? { iceUseIpv4: false, iceUseIpv6: false, iceAdditionalHostAddresses: ["127.0.0.1"] } : {};
    const pc = new w.RTCPeerConnection({ codecs: { audio: codecs, video: [] }, ...loopback, ...(this.options.peerConnectionConfiguration ?? {}) } as never);
    this.pc = pc;
    this.transceiver = pc.addTransceiver("audio", { direction: "sendrecv" });
    pc.iceConnectionStateChange.subscribe(() => this.readConnectionState());
    pc.connectionStateChange.subscribe((state) => {
      if (this.closed) return;
      this.readConnectionState();
      if (state === "connected") this.startPacing();
    });
    pc.onTrack.subscribe((track) => {
      if (track.kind === "audio") track.onReceiveRtp.subscribe((rtp) => this.receiveRtp(rtp));
    });
    pc.onDataChannel.subscribe((channel) => this.takeChannel(channel));
    const label = this.options.dataChannel;
    if (label) this.takeChannel(pc.createDataChannel(typeof label === "string" ? label : "rxsip"));
    return pc;
  }

  private takeChannel(channel: Werift.RTCDataChannel): void {
    channel.onMessage.subscribe((m) => {
      if (!this.closed) this.messageSubject.next(typeof m === "string" ? m : m.toString("utf8"));
    });
    const view: NodeDataChannel = {
      label: channel.label,
      get readyState() {
        return channel.readyState;
      },
      send: (text) => channel.send(text),
    };
    const opened = () => {
      if (!this.closed) this.channelSubject.next(view);
    };
    if (channel.readyState === "open") opened();
    else channel.stateChanged.subscribe((s) => s === "open" && opened());
  }

  /**
   * An offer/answer exchange completed: send with the codec the peer's SDP listed first among
   * ours; hold states are now those negotiated (the peer holds when we would send but the
   * negotiated direction does not let us).
   */
  private negotiated(ourOfferAnswered: boolean): void {
    const transceiver = this.transceiver;
    const codec = transceiver?.sender.codec;
    const mime = codec?.mimeType.toUpperCase() ?? "";
    this.sendLaw = mime.endsWith("PCMA") ? "PCMA" : "PCMU";
    this.pacer.setLaw(this.sendLaw);
    if (ourOfferAnswered) this.beforeOffer = undefined;
    if (this.closed) return;
    if (this.holdSubject.value !== this.held) this.holdSubject.next(this.held);
    const peerHolds = !this.held && transceiver !== undefined && sends(transceiver.direction) && !sends(transceiver.currentDirection);
    if (peerHolds !== this.remoteHoldSubject.value) this.remoteHoldSubject.next(peerHolds);
  }

  /** ICE, DTLS and overall state read from the peer connection; a change is emitted. */
  private readConnectionState(): void {
    const pc = this.pc;
    if (this.closed || pc === undefined) return;
    const dtls = (this.transceiver?.sender.dtlsTransport as { state?: MediaConnectionState["dtls"] } | undefined)?.state ?? "new";
    const next: MediaConnectionState = { ice: pc.iceConnectionState, dtls, connection: pc.connectionState };
    const now = this.stateSubject.value;
    if (now.ice !== next.ice || now.dtls !== next.dtls || now.connection !== next.connection) this.stateSubject.next(next);
  }

  private setMuted(kinds: Kind[], value: boolean): void {
    const state = { ...this.muteSubject.value };
    for (const kind of kinds) state[kind] = value;
    this.pacer.setMuted(state.audio);
    if (!this.closed) this.muteSubject.next(state);
  }

  private startPacing(): void {
    if (this.pacing !== undefined || this.closed) return;
    this.pacing = interval(FRAME_MS, this.scheduler).subscribe(() => this.sendFrame());
  }

  private sendFrame(): void {
    const transceiver = this.transceiver;
    const w = this.werift;
    if (this.closed || transceiver === undefined || w === undefined) return;
    const sending = DIRECTIONS_THAT_SEND.has(transceiver.currentDirection ?? "") && this.sendLaw !== undefined;
    const sender = transceiver.sender;
    for (const p of this.pacer.tick(sending)) {
      const header = new w.RtpHeader({ sequenceNumber: p.sequenceNumber, timestamp: p.timestamp, marker: p.marker, ssrc: sender.ssrc, payloadType: 0 });
      const payload = Buffer.from(p.payload.buffer, p.payload.byteOffset, p.payload.byteLength);
      if (p.kind === "audio") {
        this.counters.packetsSent++;
        this.outboundLevel.add(p.samples);
        void sender.sendRtp(new w.RtpPacket(header, payload)).catch(() => undefined);
      } else {
        // werift's sender would rewrite the payload type to the audio codec's: events go to the transport directly
        header.payloadType = this.sendEventPt ?? 101;
        this.counters.eventPacketsSent++;
        void sender.dtlsTransport.sendRtp(payload, header).catch(() => undefined);
      }
    }
  }

  private receiveRtp(rtp: Werift.RtpPacket): void {
    if (this.closed) return;
    const kind = this.receiveMap.get(rtp.header.payloadType);
    if (kind === "event") {
      this.counters.eventPacketsReceived++;
      const e = decodeTelephoneEvent(rtp.payload);
      if (e) for (const key of this.receiver.receive(rtp.header.timestamp, e)) this.dtmfSubject.next(key);
      return;
    }
    if (kind === undefined) return;
    const samples = decodeG711(rtp.payload, kind);
    this.inboundLevel.add(samples);
    let sum = 0;
    for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
    const rms = samples.length === 0 ? 0 : Math.sqrt(sum / samples.length);
    this.counters.packetsReceived++;
    this.rmsSum += rms;
    if (rms > (this.options.silenceThreshold ?? 300)) this.counters.nonSilentPacketsReceived++;
    this.audioSubject.next({ samples, rms, timestamp: rtp.header.timestamp });
  }
}

/** A per-call `sessionDescriptionHandlerOptions.holdDirection`, when it is one of the two. */
function holdDirectionOf(v: unknown): "sendonly" | "inactive" | undefined {
  return v === "sendonly" || v === "inactive" ? v : undefined;
}

function mLines(sdp: string | undefined): number {
  return sdp?.match(/^m=/gm)?.length ?? 0;
}

function clamp(v: number, min: number, max: number): number {
  return Number.isFinite(v) ? Math.min(max, Math.max(min, v)) : min;
}

async function applyModifiers(description: SessionDescriptionInit, modifiers: SessionDescriptionHandlerModifier[] | undefined): Promise<SessionDescriptionInit> {
  let d = description;
  for (const m of modifiers ?? []) d = await m(d);
  return d;
}

/** PCMU / PCMA / telephone-event payload types of the first audio m-line of an SDP (RFC 4566 rtpmap; 0 and 8 static, RFC 3551). */
export function payloadTypes(sdp: string): Map<number, G711Law | "event"> {
  const out = new Map<number, G711Law | "event">();
  const lines = sdp.split(/\r?\n/);
  const m = lines.findIndex((l) => l.startsWith("m=audio"));
  if (m < 0) return out;
  const formats = lines[m]!.split(" ").slice(3).map(Number);
  const rtpmap = new Map<number, string>();
  for (let i = m + 1; i < lines.length && !lines[i]!.startsWith("m="); i++) {
    const r = /^a=rtpmap:(\d+)\s+([^/\s]+)/i.exec(lines[i]!);
    if (r) rtpmap.set(Number(r[1]), r[2]!.toUpperCase());
  }
  for (const pt of formats) {
    const name = rtpmap.get(pt) ?? (pt === 0 ? "PCMU" : pt === 8 ? "PCMA" : "");
    if (name === "PCMU" || name === "PCMA") out.set(pt, name);
    else if (name === "TELEPHONE-EVENT") out.set(pt, "event");
  }
  return out;
}
