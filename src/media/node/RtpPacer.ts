import type { AudioSource } from "./AudioSource.js";
import { encodeG711, type G711Law } from "./g711.js";
import { dtmfEventCode, encodeTelephoneEvent } from "./telephoneEvent.js";

/** Samples (and RTP timestamp units) in one 20 ms G.711 frame. */
export const FRAME_SAMPLES = 160;
/** Milliseconds between packets. */
export const FRAME_MS = 20;

/** One RTP packet to send: audio or a telephone-event. */
export interface PacedPacket {
  kind: "audio" | "event";
  marker: boolean;
  sequenceNumber: number;
  timestamp: number;
  payload: Uint8Array;
  /** The PCM an audio packet carries (silence while muted), for the outbound level; empty for events. */
  samples: Int16Array;
}

const NO_SAMPLES = new Int16Array(0);

/** DTMF to send as RFC 4733 events: keys with their duration and the gap after each (ms). */
interface QueuedKey {
  key: string;
  duration: number;
  gap: number;
}

/** An event being sent. */
interface ActiveEvent {
  code: number;
  timestamp: number;
  /** Timestamp units sent so far. */
  elapsed: number;
  /** Timestamp units to reach. */
  target: number;
  first: boolean;
  gapAfter: number;
}

/**
 * What goes out every 20 ms of a Node call (RFC 3550 §5.1 sequence and timestamp, RFC 3551
 * G.711 framing): a G.711 frame from the audio source, or, while a DTMF key is being sent,
 * its RFC 4733 event packets instead (§2.5.1: the first with the marker bit, the duration
 * growing by a frame per packet, the final one with the end bit sent three times; the
 * timestamp is the event's start). The RTP timestamp advances a frame per tick even while
 * nothing is sent (hold). While muted, audio frames are silence: the source is still read (it
 * moves on in time, as a microphone does) and RTP keeps flowing. It does not know about time
 * or sockets: the handler calls `tick()` on its scheduler and sends what comes back.
 */
export class RtpPacer {
  private sequence: number;
  private timestamp: number;
  private readonly queue: QueuedKey[] = [];
  private active: ActiveEvent | undefined;
  /** Ticks of audio to play before the next key (inter-tone gap, or a "," pause). */
  private gapTicks = 0;
  private firstAudio = true;
  private muted = false;

  constructor(
    private source: AudioSource,
    private law: G711Law,
    start: { sequence: number; timestamp: number } = { sequence: (Math.random() * 0x10000) | 0, timestamp: (Math.random() * 0x100000000) >>> 0 },
  ) {
    this.sequence = start.sequence & 0xffff;
    this.timestamp = start.timestamp >>> 0;
  }

  /** Plays another source from the next frame on. */
  setSource(source: AudioSource): void {
    this.source = source;
  }

  /** Mutes (frames of silence from the next one on) or unmutes the audio; DTMF events still go out. */
  setMuted(muted: boolean): void {
    this.muted = muted;
  }

  /** The codec negotiated for sending. */
  setLaw(law: G711Law): void {
    this.law = law;
  }

  /** Keys waiting or being sent. */
  get dtmfPending(): number {
    return this.queue.length + (this.active ? 1 : 0);
  }

  /** Queues keys ("," = 2 s pause, as WebRTC's insertDTMF) with `duration` ms each and `gap` ms between. */
  queueDtmf(tones: string, duration: number, gap: number): void {
    for (const key of tones) this.queue.push({ key, duration, gap });
  }

  /** The packets of the next 20 ms; none when `sending` is false (hold), though time moves on. */
  tick(sending: boolean): PacedPacket[] {
    const ts = this.timestamp;
    this.timestamp = (this.timestamp + FRAME_SAMPLES) >>> 0;
    if (!sending) {
      this.firstAudio = true;
      return [];
    }
    if (this.active === undefined && this.gapTicks === 0) this.startNextKey(ts);
    const active = this.active;
    if (active === undefined) {
      if (this.gapTicks > 0) this.gapTicks--;
      return [this.audio(ts)];
    }
    active.elapsed += FRAME_SAMPLES;
    const end = active.elapsed >= active.target;
    const payload = encodeTelephoneEvent({ event: active.code, end, volume: 10, duration: active.elapsed });
    const event = (marker: boolean): PacedPacket => ({ kind: "event", marker, sequenceNumber: this.nextSequence(), timestamp: active.timestamp, payload, samples: NO_SAMPLES });
    const out = [event(active.first)];
    active.first = false;
    if (end) {
      out.push(event(false), event(false));
      this.gapTicks = Math.max(1, Math.round(active.gapAfter / 20));
      this.active = undefined;
    }
    return out;
  }

  private startNextKey(ts: number): void {
    while (this.queue.length > 0) {
      const next = this.queue.shift()!;
      if (next.key === ",") {
        this.gapTicks = 2000 / 20;
        return;
      }
      const code = dtmfEventCode(next.key);
      if (code < 0) continue;
      this.active = { code, timestamp: ts, elapsed: 0, target: Math.max(FRAME_SAMPLES, Math.round(next.duration * 8)), first: true, gapAfter: next.gap };
      return;
    }
  }

  private audio(ts: number): PacedPacket {
    const marker = this.firstAudio; // RFC 3551 §4.1: marker on the first packet after silence
    this.firstAudio = false;
    const read = this.source.read(FRAME_SAMPLES);
    const samples = this.muted ? new Int16Array(FRAME_SAMPLES) : read;
    return { kind: "audio", marker, sequenceNumber: this.nextSequence(), timestamp: ts, payload: encodeG711(samples, this.law), samples };
  }

  private nextSequence(): number {
    const s = this.sequence;
    this.sequence = (this.sequence + 1) & 0xffff;
    return s;
  }
}
