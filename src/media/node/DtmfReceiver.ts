import { dtmfKey, type TelephoneEvent } from "./telephoneEvent.js";

/** A key the peer pressed, with how long (ms). */
export interface ReceivedKey {
  tone: string;
  duration: number;
}

/**
 * Turns received RFC 4733 event packets into key presses, one per event (§2.5.2): packets of
 * one event share its RTP timestamp; the first packet with the end bit completes it and
 * its retransmissions are ignored. When a new event starts before the end of the previous
 * one arrived (the end packets were lost), the previous one is reported then.
 */
export class DtmfReceiver {
  private pending: { timestamp: number; event: number; duration: number } | undefined;
  private lastEnded: number | undefined;

  /** The keys this packet completes (zero, one, or two when it also reveals a lost end). */
  receive(timestamp: number, e: TelephoneEvent): ReceivedKey[] {
    if (timestamp === this.lastEnded) return [];
    const out: ReceivedKey[] = [];
    const pending = this.pending;
    if (pending !== undefined && pending.timestamp !== timestamp) {
      this.push(out, pending.event, pending.duration);
      this.pending = undefined;
    }
    if (e.end) {
      this.lastEnded = timestamp;
      this.pending = undefined;
      this.push(out, e.event, e.duration);
    } else this.pending = { timestamp, event: e.event, duration: e.duration };
    return out;
  }

  private push(out: ReceivedKey[], event: number, duration: number): void {
    const tone = dtmfKey(event);
    if (tone !== undefined) out.push({ tone, duration: Math.round(duration / 8) });
  }
}
