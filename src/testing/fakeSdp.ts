import { answerDirection, offerDirection, type MediaDirection } from "./MediaDirection.js";
import type { ParsedSdp, SdpMedia } from "./parseSdp.js";

/** One audio format of the fake's media (RFC 3551 static types, RFC 4733 telephone-event). */
export interface AudioFormat {
  readonly payloadType: string;
  readonly encoding: string;
  readonly fmtp?: string;
}

/** What the fake offers: PCMU, PCMA and telephone-event (DTMF). */
export const FAKE_AUDIO_FORMATS: readonly AudioFormat[] = [
  { payloadType: "0", encoding: "PCMU/8000" },
  { payloadType: "8", encoding: "PCMA/8000" },
  { payloadType: "101", encoding: "telephone-event/8000", fmtp: "0-16" },
];

/** Encodings of the static payload types an offer may use without `a=rtpmap` (RFC 3551 §6). */
const STATIC_ENCODINGS: Readonly<Record<string, string>> = { "0": "pcmu/8000", "8": "pcma/8000" };

/** Who the fake is in its SDP: the `o=` session id and version, and where its (absent) media would flow. */
export interface FakeSdpOrigin {
  readonly sessionId: string;
  readonly version: number;
  readonly address: string;
  readonly port: number;
}

/** An offer of one audio stream (RFC 3264 §5), `sendonly` when the call is held. */
export function fakeOffer(origin: FakeSdpOrigin, held: boolean): { sdp: string; direction: MediaDirection } {
  const direction = offerDirection(held);
  return { sdp: session(origin, [audio(origin.port, "RTP/AVP", FAKE_AUDIO_FORMATS, direction)]), direction };
}

/**
 * The answer to `offer` (RFC 3264 §6): one m= line per offered one; the first audio
 * stream that has a format in common is accepted with those formats (in the offer's
 * order and payload types) and the direction `answerDirection` gives; every other stream
 * is refused with port 0. With nothing accepted the direction is `inactive`.
 */
export function fakeAnswer(origin: FakeSdpOrigin, offer: ParsedSdp, held: boolean): { sdp: string; direction: MediaDirection } {
  let direction: MediaDirection | undefined;
  const sections = offer.media.map((media) => {
    const formats = direction === undefined && media.media === "audio" && media.port !== 0 ? commonFormats(media) : [];
    if (formats.length === 0) return `m=${media.media} 0 ${media.proto} ${media.formats.join(" ")}\r\n`;
    direction = answerDirection(media.direction, held);
    return audio(origin.port, media.proto, formats, direction);
  });
  return { sdp: session(origin, sections), direction: direction ?? "inactive" };
}

function commonFormats(media: SdpMedia): AudioFormat[] {
  const out: AudioFormat[] = [];
  for (const pt of media.formats) {
    const encoding = (media.rtpmap.get(pt) ?? STATIC_ENCODINGS[pt] ?? "").toLowerCase();
    const ours = FAKE_AUDIO_FORMATS.find((f) => f.encoding.toLowerCase() === encoding);
    if (ours !== undefined) out.push({ ...ours, payloadType: pt });
  }
  return out;
}

function session(origin: FakeSdpOrigin, media: string[]): string {
  return (
    "v=0\r\n" +
    `o=- ${origin.sessionId} ${origin.version} IN IP4 ${origin.address}\r\n` +
    "s=-\r\n" +
    `c=IN IP4 ${origin.address}\r\n` +
    "t=0 0\r\n" +
    media.join("")
  );
}

function audio(port: number, proto: string, formats: readonly AudioFormat[], direction: MediaDirection): string {
  let s = `m=audio ${port} ${proto} ${formats.map((f) => f.payloadType).join(" ")}\r\n`;
  for (const f of formats) s += `a=rtpmap:${f.payloadType} ${f.encoding}\r\n`;
  for (const f of formats) if (f.fmtp !== undefined) s += `a=fmtp:${f.payloadType} ${f.fmtp}\r\n`;
  return s + `a=${direction}\r\n`;
}
