/**
 * Fakes of the browser's WebRTC objects, faithful enough for offer/answer logic: SDP text
 * with one m-section per transceiver (mid, direction, ICE ufrag, DTLS setup role), signaling
 * states with rollback (JSEP §4.1.8), transceivers created by remote offers, currentDirection
 * from answers, ICE candidates the test emits (or that complete at once with `autoGather`).
 * Two of them negotiate with each other through the SDP they produce.
 */

let ids = 0;

export class FakeMediaStreamTrack extends EventTarget {
  readonly id = `track-${++ids}`;
  enabled = true;
  readyState: "live" | "ended" = "live";
  constructor(
    readonly kind: "audio" | "video",
    readonly label: string = kind,
  ) {
    super();
  }
  stop(): void {
    this.readyState = "ended";
  }
  /** The peer ended it (as a browser does when the remote track goes away). */
  end(): void {
    this.readyState = "ended";
    this.dispatchEvent(new Event("ended"));
  }
}

export class FakeMediaStream extends EventTarget {
  readonly id = `stream-${++ids}`;
  private readonly tracks: FakeMediaStreamTrack[] = [];
  constructor(tracks: FakeMediaStreamTrack[] = []) {
    super();
    this.tracks.push(...tracks);
  }
  getTracks(): FakeMediaStreamTrack[] {
    return [...this.tracks];
  }
  getAudioTracks(): FakeMediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === "audio");
  }
  getVideoTracks(): FakeMediaStreamTrack[] {
    return this.tracks.filter((t) => t.kind === "video");
  }
  getTrackById(id: string): FakeMediaStreamTrack | null {
    return this.tracks.find((t) => t.id === id) ?? null;
  }
  addTrack(t: FakeMediaStreamTrack): void {
    if (!this.tracks.includes(t)) this.tracks.push(t);
  }
  removeTrack(t: FakeMediaStreamTrack): void {
    const i = this.tracks.indexOf(t);
    if (i >= 0) this.tracks.splice(i, 1);
  }
}

export class FakeDtmfSender {
  readonly sent: Array<{ tones: string; duration: number; gap: number }> = [];
  canInsertDTMF = true;
  insertDTMF(tones: string, duration: number, gap: number): void {
    this.sent.push({ tones, duration, gap });
  }
}

export class FakeSender {
  track: FakeMediaStreamTrack | null = null;
  readonly replaced: Array<FakeMediaStreamTrack | null> = [];
  dtmf: FakeDtmfSender | null;
  transport: { state: RTCDtlsTransportState } | null = null;
  constructor(readonly kind: "audio" | "video") {
    this.dtmf = kind === "audio" ? new FakeDtmfSender() : null;
  }
  replaceTrack(track: FakeMediaStreamTrack | null): Promise<void> {
    this.replaced.push(track);
    this.track = track;
    return Promise.resolve();
  }
  setStreams(): void {}
}

export class FakeTransceiver {
  mid: string | null = null;
  currentDirection: RTCRtpTransceiverDirection | null = null;
  readonly sender: FakeSender;
  readonly receiver: { track: FakeMediaStreamTrack; transport: null };
  stopped = false;
  /** The remote side sent on it (its track event fired). */
  trackFired = false;
  constructor(
    readonly kind: "audio" | "video",
    public direction: RTCRtpTransceiverDirection,
  ) {
    this.sender = new FakeSender(kind);
    this.receiver = { track: new FakeMediaStreamTrack(kind, `remote ${kind}`), transport: null };
  }
}

interface Section {
  kind: string;
  mid: string;
  direction: RTCRtpTransceiverDirection;
}

/** The m-sections of a fake SDP. */
export function sections(sdp: string): Section[] {
  return sdp
    .split(/\r\n(?=m=)/)
    .slice(1)
    .map((s) => ({
      kind: /^m=(\w+)/.exec(s)![1]!,
      mid: /a=mid:(\S+)/.exec(s)![1]!,
      direction: (/a=(sendrecv|sendonly|recvonly|inactive)/.exec(s)?.[1] ?? "sendrecv") as RTCRtpTransceiverDirection,
    }));
}

const reverse = (d: RTCRtpTransceiverDirection): RTCRtpTransceiverDirection =>
  d === "sendonly" ? "recvonly" : d === "recvonly" ? "sendonly" : d;
const has = (d: string, what: "send" | "recv") => d === "sendrecv" || d === `${what}only`;
const dir = (send: boolean, recv: boolean): RTCRtpTransceiverDirection => (send ? (recv ? "sendrecv" : "sendonly") : recv ? "recvonly" : "inactive");

function ev<T extends object>(type: string, extra?: T): Event & T {
  return Object.assign(new Event(type), extra ?? ({} as T));
}

export interface FakeCandidate {
  candidate: string;
  type: RTCIceCandidateType;
  address: string;
  sdpMid: string | null;
  sdpMLineIndex: number | null;
  usernameFragment: string | null;
}

export function candidate(type: RTCIceCandidateType, address = type === "host" ? "127.0.0.1" : "203.0.113.7"): FakeCandidate {
  return { candidate: `candidate:${++ids} 1 udp 100 ${address} ${5000 + ids} typ ${type}`, type, address, sdpMid: "0", sdpMLineIndex: 0, usernameFragment: null };
}

/** Every fake peer connection made (the last one is usually the one under test). */
export const made: FakeRTCPeerConnection[] = [];

export class FakeRTCPeerConnection extends EventTarget {
  /** Complete gathering right after setLocalDescription (for tests that do not script ICE). */
  static autoGather = true;
  signalingState: RTCSignalingState = "stable";
  iceGatheringState: RTCIceGatheringState = "new";
  iceConnectionState: RTCIceConnectionState = "new";
  connectionState: RTCPeerConnectionState = "new";
  localDescription: { type: string; sdp: string } | null = null;
  remoteDescription: { type: string; sdp: string } | null = null;
  currentLocalDescription: { type: string; sdp: string } | null = null;
  currentRemoteDescription: { type: string; sdp: string } | null = null;
  readonly transceivers: FakeTransceiver[] = [];
  readonly channels: Array<{ label: string; close(): void }> = [];
  readonly offerOptions: Array<RTCOfferOptions | undefined> = [];
  readonly candidates: FakeCandidate[] = [];
  /** What addIceCandidate was given (the peer's trickled candidates; "" is an end of candidates). */
  readonly remoteCandidates: Array<{ candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null }> = [];
  stats = new Map<string, object>();
  private readonly sessId = String(1000 + ++ids);
  private version = 0;
  private ufrag = `u${++ids}`;
  /** Mids are numbers here: the next one is above every mid in use (ours or the peer's). */
  private firstFreeMid(): number {
    return this.transceivers.reduce((n, t) => (t.mid !== null && /^\d+$/.test(t.mid) ? Math.max(n, Number(t.mid) + 1) : n), 0);
  }
  private pendingCreated: FakeTransceiver[] = [];
  private lastIceRestart = false;

  constructor(readonly configuration?: RTCConfiguration) {
    super();
    made.push(this);
  }

  getTransceivers(): FakeTransceiver[] {
    return this.transceivers.filter((t) => !t.stopped || t.mid !== null);
  }
  getSenders(): FakeSender[] {
    return this.transceivers.map((t) => t.sender);
  }
  getReceivers() {
    return this.transceivers.map((t) => t.receiver);
  }

  addTrack(track: FakeMediaStreamTrack): FakeSender {
    const reuse = this.transceivers.find((t) => !t.stopped && t.kind === track.kind && t.sender.track === null && !has(t.currentDirection ?? "", "send"));
    if (reuse) {
      reuse.sender.track = track;
      reuse.direction = has(reuse.direction, "recv") ? "sendrecv" : "sendonly";
      return reuse.sender;
    }
    const t = new FakeTransceiver(track.kind, "sendrecv");
    t.sender.track = track;
    this.transceivers.push(t);
    return t.sender;
  }

  addTransceiver(kind: "audio" | "video", init?: { direction?: RTCRtpTransceiverDirection }): FakeTransceiver {
    const t = new FakeTransceiver(kind, init?.direction ?? "sendrecv");
    this.transceivers.push(t);
    return t;
  }

  createDataChannel(label: string) {
    const c = { label, readyState: "connecting", close() {} };
    this.channels.push(c);
    return c;
  }

  private sdp(setup: string, entries: Array<{ kind: string; mid: string; direction: string }>): string {
    const lines = ["v=0", `o=- ${this.sessId} ${++this.version} IN IP4 127.0.0.1`, "s=-", "t=0 0"];
    for (const e of entries) {
      lines.push(`m=${e.kind} 9 UDP/TLS/RTP/SAVPF 111`, `a=mid:${e.mid}`, `a=ice-ufrag:${this.ufrag}`, `a=ice-pwd:pw${this.ufrag}`, `a=setup:${setup}`, `a=${e.direction}`);
    }
    return lines.join("\r\n") + "\r\n";
  }

  private withCandidates(sdp: string): string {
    return sdp + this.candidates.map((c) => `a=${c.candidate}\r\n`).join("");
  }

  createOffer(options?: RTCOfferOptions): Promise<{ type: "offer"; sdp: string }> {
    this.offerOptions.push(options);
    if (this.signalingState === "closed") return Promise.reject(new Error("closed"));
    this.lastIceRestart = options?.iceRestart === true;
    if (this.lastIceRestart) this.ufrag = `u${++ids}`;
    let next = this.firstFreeMid();
    const entries: Array<{ kind: string; mid: string; direction: string }> = this.transceivers
      .filter((t) => !t.stopped)
      .map((t) => ({ kind: t.kind, mid: t.mid ?? String(next++), direction: t.direction }));
    if (this.channels.length > 0) entries.push({ kind: "application", mid: "dc", direction: "sendrecv" });
    return Promise.resolve({ type: "offer", sdp: this.sdp("actpass", entries) });
  }

  createAnswer(): Promise<{ type: "answer"; sdp: string }> {
    if (this.signalingState !== "have-remote-offer") return Promise.reject(new Error(`createAnswer in ${this.signalingState}`));
    const entries = sections(this.remoteDescription!.sdp).map((s) => {
      const t = this.transceivers.find((x) => x.mid === s.mid);
      if (!t) return { kind: s.kind, mid: s.mid, direction: "sendrecv" };
      return { kind: s.kind, mid: s.mid, direction: dir(has(t.direction, "send") && has(s.direction, "recv"), has(t.direction, "recv") && has(s.direction, "send")) };
    });
    return Promise.resolve({ type: "answer", sdp: this.sdp("active", entries) });
  }

  private setSignaling(s: RTCSignalingState): void {
    this.signalingState = s;
    this.dispatchEvent(ev("signalingstatechange"));
  }

  async setLocalDescription(d: { type: string; sdp?: string }): Promise<void> {
    await Promise.resolve();
    if (d.type === "rollback") {
      if (this.signalingState !== "have-local-offer") throw new Error(`rollback in ${this.signalingState}`);
      this.localDescription = this.currentLocalDescription;
      this.setSignaling("stable");
      return;
    }
    if (d.type === "offer") {
      if (this.signalingState !== "stable") throw new Error(`local offer in ${this.signalingState}`);
      let next = this.firstFreeMid();
      for (const t of this.transceivers) if (t.mid === null && !t.stopped) t.mid = String(next++);
      this.localDescription = { type: "offer", sdp: d.sdp! };
      this.setSignaling("have-local-offer");
      this.startGathering(this.lastIceRestart);
      return;
    }
    if (this.signalingState !== "have-remote-offer") throw new Error(`local answer in ${this.signalingState}`);
    this.localDescription = this.currentLocalDescription = { type: "answer", sdp: d.sdp! };
    this.currentRemoteDescription = this.remoteDescription;
    for (const s of sections(d.sdp!)) {
      const t = this.transceivers.find((x) => x.mid === s.mid);
      if (t) t.currentDirection = s.direction;
    }
    this.pendingCreated = [];
    this.setSignaling("stable");
    this.startGathering(false);
    this.connect();
  }

  async setRemoteDescription(d: { type: string; sdp?: string }): Promise<void> {
    await Promise.resolve();
    if (d.type === "rollback") {
      if (this.signalingState !== "have-remote-offer") throw new Error(`remote rollback in ${this.signalingState}`);
      for (const t of this.pendingCreated) this.transceivers.splice(this.transceivers.indexOf(t), 1);
      this.pendingCreated = [];
      this.remoteDescription = this.currentRemoteDescription;
      this.setSignaling("stable");
      return;
    }
    const setup = /a=setup:(\w+)/.exec(d.sdp ?? "")?.[1];
    if (d.type === "offer") {
      if (this.signalingState !== "stable") throw new Error(`remote offer in ${this.signalingState}`);
      if (setup !== "actpass") throw new Error("an offer must say a=setup:actpass");
      this.remoteDescription = { type: "offer", sdp: d.sdp! };
      for (const s of sections(d.sdp!)) {
        if (s.kind === "application") continue;
        let t = this.transceivers.find((x) => x.mid === s.mid);
        if (!t) {
          t = this.transceivers.find((x) => x.mid === null && x.kind === s.kind && !x.stopped);
          if (t) t.mid = s.mid;
        }
        if (!t) {
          t = new FakeTransceiver(s.kind as "audio" | "video", "recvonly");
          t.mid = s.mid;
          this.transceivers.push(t);
          this.pendingCreated.push(t);
        }
        this.fireTrack(t, s.direction);
      }
      this.setSignaling("have-remote-offer");
      return;
    }
    if (this.signalingState !== "have-local-offer") throw new Error(`remote answer in ${this.signalingState}`);
    if (setup === "actpass") throw new Error("an answer must not say a=setup:actpass");
    this.remoteDescription = this.currentRemoteDescription = { type: "answer", sdp: d.sdp! };
    this.currentLocalDescription = this.localDescription;
    for (const s of sections(d.sdp!)) {
      const t = this.transceivers.find((x) => x.mid === s.mid);
      if (!t) continue;
      t.currentDirection = reverse(s.direction);
      this.fireTrack(t, s.direction);
    }
    this.setSignaling("stable");
    this.connect();
  }

  private fireTrack(t: FakeTransceiver, remote: RTCRtpTransceiverDirection): void {
    if (t.trackFired || !has(remote, "send")) return;
    t.trackFired = true;
    this.dispatchEvent(ev("track", { track: t.receiver.track, streams: [], transceiver: t, receiver: t.receiver }));
  }

  private startGathering(restart: boolean): void {
    if (this.iceGatheringState === "complete" && !restart) return;
    this.iceGatheringState = "gathering";
    this.dispatchEvent(ev("icegatheringstatechange"));
    if (FakeRTCPeerConnection.autoGather) queueMicrotask(() => this.completeGathering());
  }

  /** The browser found a candidate. */
  emitCandidate(c: FakeCandidate): void {
    this.candidates.push(c);
    if (this.localDescription) this.localDescription = { ...this.localDescription, sdp: this.withCandidates(this.localDescription.sdp.replace(/a=candidate[^\r]*\r\n/g, "")) };
    this.dispatchEvent(ev("icecandidate", { candidate: c }));
  }

  completeGathering(): void {
    if (this.iceGatheringState === "complete") return;
    this.iceGatheringState = "complete";
    this.dispatchEvent(ev("icecandidate", { candidate: null }));
    this.dispatchEvent(ev("icegatheringstatechange"));
  }

  private connect(): void {
    if (this.connectionState === "connected") return;
    queueMicrotask(() => {
      if (this.signalingState === "closed") return;
      this.iceConnectionState = "connected";
      this.dispatchEvent(ev("iceconnectionstatechange"));
      this.connectionState = "connected";
      for (const t of this.transceivers) t.sender.transport = { state: "connected" };
      this.dispatchEvent(ev("connectionstatechange"));
    });
  }

  /** As a browser: only with a remote description (JSEP §4.1.17). */
  async addIceCandidate(c: { candidate: string; sdpMid?: string | null; sdpMLineIndex?: number | null; usernameFragment?: string | null }): Promise<void> {
    await Promise.resolve();
    if (this.remoteDescription === null) throw new Error("addIceCandidate without a remote description");
    this.remoteCandidates.push(c);
  }

  getStats(): Promise<Map<string, object>> {
    return Promise.resolve(this.stats);
  }

  close(): void {
    this.signalingState = "closed";
    this.connectionState = "closed";
    this.iceConnectionState = "closed";
  }
}

/** A media stream factory handing out fake tracks for the constraints, counting its calls. */
export function fakeMedia() {
  const calls: MediaStreamConstraints[] = [];
  const factory = (constraints: MediaStreamConstraints) => {
    calls.push(constraints);
    const tracks: FakeMediaStreamTrack[] = [];
    if (constraints.audio) tracks.push(new FakeMediaStreamTrack("audio", "microphone"));
    if (constraints.video) tracks.push(new FakeMediaStreamTrack("video", "camera"));
    return Promise.resolve(new FakeMediaStream(tracks) as unknown as MediaStream);
  };
  return { factory, calls };
}
