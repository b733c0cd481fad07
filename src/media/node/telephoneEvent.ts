/**
 * RFC 4733 telephone-event payloads (§2.3): event code, end bit, volume, duration in
 * timestamp units. DTMF keys are events 0-15 (§3.2: 0-9, * = 10, # = 11, A-D = 12-15).
 */

const KEYS = "0123456789*#ABCD";

/** The event code of a DTMF key, or -1. */
export function dtmfEventCode(key: string): number {
  return KEYS.indexOf(key.toUpperCase());
}

/** The key of an event code 0-15, or undefined for other events. */
export function dtmfKey(event: number): string | undefined {
  return event >= 0 && event < 16 ? KEYS[event] : undefined;
}

/** One telephone-event payload. */
export interface TelephoneEvent {
  event: number;
  end: boolean;
  /** Power level in -dBm0 (0-63). */
  volume: number;
  /** Duration so far, in RTP timestamp units (8 kHz: 8 per ms). */
  duration: number;
}

/** The 4 bytes of a telephone-event payload. */
export function encodeTelephoneEvent(e: TelephoneEvent): Uint8Array {
  const d = Math.min(0xffff, Math.max(0, Math.round(e.duration)));
  return Uint8Array.of(e.event & 0xff, (e.end ? 0x80 : 0) | (e.volume & 0x3f), d >> 8, d & 0xff);
}

/** Reads a telephone-event payload; undefined when shorter than 4 bytes. */
export function decodeTelephoneEvent(payload: Uint8Array): TelephoneEvent | undefined {
  if (payload.length < 4) return undefined;
  return { event: payload[0]!, end: (payload[1]! & 0x80) !== 0, volume: payload[1]! & 0x3f, duration: (payload[2]! << 8) | payload[3]! };
}
