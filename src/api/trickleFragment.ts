/**
 * The body of a trickle ICE INFO: `application/trickle-ice-sdpfrag` (RFC 8840 §9): the ICE
 * credentials of the generation, then for each media section its m= line (as in the last
 * offer/answer) with `a=mid` and the new `a=candidate` lines; `a=end-of-candidates` at
 * session level (every section) or in a section (that one) when gathering is over.
 */

export { TRICKLE_ICE_PACKAGE } from "./trickleIceTokens.js";
/** The Content-Type of its INFO bodies (RFC 8840 §9.1). */
export const TRICKLE_ICE_CONTENT_TYPE = "application/trickle-ice-sdpfrag";

/** One media section of a fragment. */
export interface FragmentSection {
  /** The m= line, without "m=". */
  media: string;
  mid: string;
  /** Its own ufrag, when given at media level. */
  ufrag?: string;
  /** Candidate attributes (`candidate:...`, without "a="). */
  candidates: string[];
  endOfCandidates: boolean;
}

/** A parsed or to-be-written trickle fragment. */
export interface TrickleFragment {
  /** Session-level ufrag (sections without their own use it). */
  ufrag?: string;
  pwd?: string;
  /** Session-level end-of-candidates: gathering is over for every section. */
  endOfCandidates: boolean;
  sections: FragmentSection[];
}

/** RFC 8839 §5.1 candidate-attribute: foundation, component, transport, priority, address, port, "typ" type, extensions. */
const CANDIDATE = /^candidate:[A-Za-z0-9+/]{1,32} \d{1,3} [A-Za-z0-9!#$%&'*+.^_`|~-]+ \d{1,10} [^\s]+ \d{1,5} typ [A-Za-z0-9-]+( [^\r\n]*)?$/;
/** An m= line: media, port (with an optional count), proto, formats. */
const MEDIA = /^[A-Za-z0-9!#$%&'*+.^_`|~-]+ \d{1,5}(\/\d+)? [^\s]+( [^\s]+)*$/;
/** ICE ufrag / pwd characters (RFC 8839 §5.4: ice-char is ALPHA / DIGIT / "+" / "/"); lenient on length. */
const ICE_CHARS = /^[A-Za-z0-9+/]{1,256}$/;
/** More candidates than this in one INFO is not a fragment we take. */
const MAX_CANDIDATES = 500;

/** Writes a fragment with CRLF line ends. */
export function writeTrickleFragment(f: TrickleFragment): string {
  const lines: string[] = [];
  if (f.ufrag !== undefined) lines.push(`a=ice-ufrag:${f.ufrag}`);
  if (f.pwd !== undefined) lines.push(`a=ice-pwd:${f.pwd}`);
  if (f.endOfCandidates) lines.push("a=end-of-candidates");
  for (const s of f.sections) {
    lines.push(`m=${s.media}`, `a=mid:${s.mid}`);
    if (s.ufrag !== undefined) lines.push(`a=ice-ufrag:${s.ufrag}`);
    for (const c of s.candidates) lines.push(`a=${c}`);
    if (s.endOfCandidates) lines.push("a=end-of-candidates");
  }
  return lines.join("\r\n") + "\r\n";
}

/** The reason a body is not a trickle fragment. */
export class FragmentError extends Error {}

/**
 * Reads a fragment. Throws FragmentError (answered 400) for a line that is not `x=value`,
 * a candidate that is not one, a candidate or mid outside a media section, a section
 * without `a=mid`, no ufrag for a section, or more than 500 candidates. Other SDP lines are
 * ignored (RFC 8840 §9.2 lets fragments carry other attributes).
 */
export function parseTrickleFragment(body: string): TrickleFragment {
  const out: TrickleFragment = { endOfCandidates: false, sections: [] };
  let section: FragmentSection | undefined;
  let count = 0;
  for (const raw of body.split(/\r?\n/)) {
    const line = raw.trimEnd();
    if (line === "") continue;
    const m = /^([a-z])=(.*)$/.exec(line);
    if (m === null) throw new FragmentError(`not an SDP line: ${JSON.stringify(line.slice(0, 40))}`);
    const [, type, value] = m as unknown as [string, string, string];
    if (type === "m") {
      if (!MEDIA.test(value)) throw new FragmentError(`not an m= line: ${JSON.stringify(value.slice(0, 40))}`);
      section = { media: value, mid: "", candidates: [], endOfCandidates: false }; // mid "" until a=mid, which may not be empty
      out.sections.push(section);
      continue;
    }
    if (type !== "a") continue;
    const colon = value.indexOf(":");
    const name = colon < 0 ? value : value.slice(0, colon);
    const arg = colon < 0 ? "" : value.slice(colon + 1);
    switch (name) {
      case "ice-ufrag":
      case "ice-pwd":
        if (!ICE_CHARS.test(arg)) throw new FragmentError(`bad ${name}`);
        if (name === "ice-pwd") {
          if (section === undefined) out.pwd = arg;
        } else if (section === undefined) out.ufrag = arg;
        else section.ufrag = arg;
        break;
      case "mid":
        if (section === undefined) throw new FragmentError("a=mid outside a media section");
        if (arg === "" || /\s/.test(arg)) throw new FragmentError("bad a=mid");
        section.mid = arg;
        break;
      case "candidate":
        if (section === undefined) throw new FragmentError("a=candidate outside a media section");
        if (!CANDIDATE.test(value)) throw new FragmentError(`not a candidate: ${JSON.stringify(value.slice(0, 60))}`);
        if (++count > MAX_CANDIDATES) throw new FragmentError("too many candidates");
        section.candidates.push(value);
        break;
      case "end-of-candidates":
        if (section === undefined) out.endOfCandidates = true;
        else section.endOfCandidates = true;
        break;
      default:
      // other attributes (ice-options, ice-lite, extensions) carry nothing for us here
    }
  }
  for (const s of out.sections) {
    if (s.mid === "") throw new FragmentError("a media section without a=mid");
    if (s.ufrag === undefined && out.ufrag === undefined) throw new FragmentError("no a=ice-ufrag");
  }
  if (out.ufrag === undefined && out.sections.length === 0) throw new FragmentError("no a=ice-ufrag");
  return out;
}

/** The media sections of an SDP: m= line (without "m="), mid, ufrag, pwd and index, for fragments and their checks. */
export interface SdpSection {
  media: string;
  mid: string | undefined;
  ufrag: string | undefined;
  pwd: string | undefined;
  index: number;
}

/** Reads the media sections of a description (session-level ICE credentials apply to sections without their own). */
export function sdpSections(sdp: string): SdpSection[] {
  const out: SdpSection[] = [];
  let ufrag: string | undefined;
  let pwd: string | undefined;
  let current: SdpSection | undefined;
  for (const line of sdp.split(/\r?\n/)) {
    if (line.startsWith("m=")) {
      current = { media: line.slice(2).trimEnd(), mid: undefined, ufrag, pwd, index: out.length };
      out.push(current);
    } else if (line.startsWith("a=mid:") && current) current.mid = line.slice(6).trim();
    else if (line.startsWith("a=ice-ufrag:")) {
      if (current) current.ufrag = line.slice(12).trim();
      else ufrag = line.slice(12).trim();
    } else if (line.startsWith("a=ice-pwd:")) {
      if (current) current.pwd = line.slice(10).trim();
      else pwd = line.slice(10).trim();
    }
  }
  return out;
}
