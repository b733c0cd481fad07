import { isMediaDirection, type MediaDirection } from "./MediaDirection.js";
import { SessionDescriptionError } from "./SessionDescriptionError.js";

/** One `m=` section, as much of it as the fake needs. */
export interface SdpMedia {
  readonly media: string;
  readonly port: number;
  readonly proto: string;
  readonly formats: readonly string[];
  /** `a=rtpmap` encodings by payload type, e.g. "0" → "PCMU/8000". */
  readonly rtpmap: ReadonlyMap<string, string>;
  /** The media-level direction, else the session-level one, else `sendrecv`. */
  readonly direction: MediaDirection;
}

export interface ParsedSdp {
  /** `o=` session id and version, when present. */
  readonly sessionId?: string;
  readonly version?: string;
  readonly media: readonly SdpMedia[];
}

const MEDIA_LINE = /^m=(\S+) (\d+)(?:\/\d+)? (\S+)((?: \S+)*)$/;

/**
 * Reads the parts of an SDP body (RFC 4566) that offer/answer needs: the origin, and per
 * `m=` line its port, protocol, formats, rtpmap and direction. Lines may end in CRLF or LF.
 *
 * @throws SessionDescriptionError INVALID_SDP when the first line is not `v=`, or there is
 *   no `m=` line, or an `m=` line is malformed.
 */
export function parseSdp(sdp: string): ParsedSdp {
  const lines = sdp.split(/\r?\n/).filter((line) => line.length > 0);
  if (lines.length === 0 || !lines[0]!.startsWith("v=")) throw invalid("it does not start with a v= line");
  let sessionId: string | undefined;
  let version: string | undefined;
  let sessionDirection: MediaDirection | undefined;
  const sections: Array<{ media: string; port: number; proto: string; formats: string[]; rtpmap: Map<string, string>; direction?: MediaDirection }> = [];
  for (const line of lines) {
    const current = sections[sections.length - 1];
    if (line.startsWith("o=")) {
      const fields = line.slice(2).split(" ");
      sessionId = fields[1];
      version = fields[2];
    } else if (line.startsWith("m=")) {
      const m = MEDIA_LINE.exec(line);
      if (m === null) throw invalid(`malformed media line ${JSON.stringify(line)}`);
      sections.push({ media: m[1]!, port: Number(m[2]), proto: m[3]!, formats: m[4]!.trim().split(" ").filter(Boolean), rtpmap: new Map() });
    } else if (line.startsWith("a=rtpmap:") && current !== undefined) {
      const [pt, encoding] = line.slice("a=rtpmap:".length).split(" ");
      if (pt !== undefined && encoding !== undefined) current.rtpmap.set(pt, encoding);
    } else if (line.startsWith("a=") && isMediaDirection(line.slice(2).trim())) {
      const value = line.slice(2).trim() as MediaDirection;
      if (current === undefined) sessionDirection = value;
      else current.direction = value;
    }
  }
  if (sections.length === 0) throw invalid("it has no m= line");
  const parsed: { sessionId?: string; version?: string; media: SdpMedia[] } = {
    media: sections.map((s) => ({ ...s, direction: s.direction ?? sessionDirection ?? "sendrecv" })),
  };
  if (sessionId !== undefined) parsed.sessionId = sessionId;
  if (version !== undefined) parsed.version = version;
  return parsed;
}

function invalid(why: string): SessionDescriptionError {
  return new SessionDescriptionError("INVALID_SDP", `not a session description: ${why}`);
}
