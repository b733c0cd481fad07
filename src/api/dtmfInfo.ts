import type { SipRequest } from "../core/messages/index.js";
import { InvalidOptionError } from "./errors.js";

/** How a DTMF digit travelled: RFC 4733 events in the media, or a SIP INFO body. */
export type DtmfTransport = "rfc4733" | "info";

/**
 * A DTMF digit received in the session: by INFO (RFC 6086 usage) or as RFC 4733 events from the media handler.
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * session.dtmf$.subscribe(({ tone, duration, via }) => console.log(`${tone} for ${duration} ms over ${via ?? "?"}`));
 * ```
 */
export interface DtmfEvent {
  /** 0-9, *, #, A-D. */
  tone: string;
  /** Milliseconds the key was held (as the sender said; 160 when it did not). */
  duration: number;
  /** rxsip: how it arrived; absent only from handlers that do not say. */
  via?: DtmfTransport;
}

/** The Content-Types of DTMF in INFO that rxsip reads and sends. */
export type DtmfInfoContentType = "application/dtmf-relay" | "application/dtmf";

/** Default duration when an INFO does not give one (ms). */
export const DEFAULT_INFO_DTMF_DURATION = 160;

/** RFC 4733 §3.2 event codes 10-15 as the keys they stand for. */
const EVENT_KEYS = "*#ABCD";

/** One key from a token that is a key ("5", "#") or its RFC 4733 event code ("11" is #). */
function keyOf(token: string): string | undefined {
  const t = token.trim().toUpperCase();
  if (/^[0-9*#A-D]$/.test(t)) return t;
  if (/^1[0-5]$/.test(t)) return EVENT_KEYS[Number(t) - 10];
  return undefined;
}

/**
 * The digit in an INFO body: `application/dtmf-relay` (`Signal=5\r\nDuration=160`, the
 * de facto format) or `application/dtmf` (the key alone, or its event code). Undefined for
 * other bodies and for bodies whose signal is not a DTMF key.
 */
export function parseDtmfInfo(request: SipRequest): DtmfEvent | undefined {
  const ct = (request.getHeader("content-type") ?? "").toLowerCase().split(";")[0]!.trim();
  if (ct === "application/dtmf-relay") {
    const signal = /(?:^|\n)\s*Signal\s*=\s*(\S+)/i.exec(request.body);
    const tone = signal ? keyOf(signal[1]!) : undefined;
    if (tone === undefined) return undefined;
    const duration = /(?:^|\n)\s*Duration\s*=\s*(\d{1,6})/i.exec(request.body);
    return { tone, duration: duration ? Number(duration[1]) : DEFAULT_INFO_DTMF_DURATION, via: "info" };
  }
  if (ct === "application/dtmf") {
    const tone = keyOf(request.body);
    return tone === undefined ? undefined : { tone, duration: DEFAULT_INFO_DTMF_DURATION, via: "info" };
  }
  return undefined;
}

/** A `dtmf()` argument that must hold: else an InvalidOptionError naming it. */
export function checkDtmf(ok: boolean, what: string, value: unknown): void {
  if (!ok) throw new InvalidOptionError(`invalid DTMF ${what} ${JSON.stringify(String(value).slice(0, 40))}`);
}

/** The body of an INFO carrying one key. */
export function dtmfInfoBody(tone: string, duration: number, contentType: DtmfInfoContentType): string {
  return contentType === "application/dtmf" ? tone : `Signal=${tone}\r\nDuration=${duration}\r\n`;
}

/** Whether an SDP offers or answers RFC 4733 events (an `a=rtpmap:<pt> telephone-event/<rate>` line). */
export function sdpHasTelephoneEvent(sdp: string | undefined): boolean {
  return sdp !== undefined && /^a=rtpmap:\d+\s+telephone-event\//im.test(sdp);
}
