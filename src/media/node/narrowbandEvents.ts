/**
 * The SDP without the telephone-event formats of its audio sections at clock rates other than
 * 8 kHz. This handler sends and receives G.711, whose events run on its 8 kHz clock (RFC 4733
 * §2.1), but werift matches formats by name alone: a browser's offer, which lists
 * telephone-event/48000 (for opus) before telephone-event/8000, would be answered with the
 * 48 kHz one, and DTMF would not pass either way.
 */
export function narrowbandEvents(sdp: string): string {
  return sdp
    .split(/(?=^m=)/m)
    .map((section) => {
      const drop = section.startsWith("m=audio") ? [...section.matchAll(/^a=rtpmap:(\d+) telephone-event\/(?!8000\b)/gim)].map((m) => m[1]!) : [];
      if (drop.length === 0) return section;
      const lines = new RegExp(`^a=(?:rtpmap|fmtp|rtcp-fb):(?:${drop.join("|")}) .*\\r?\\n`, "gm");
      return section.replace(lines, "").replace(/^(m=audio \S+ \S+)(.*)/, (_, head: string, formats: string) => head + formats.split(" ").filter((f) => !drop.includes(f)).join(" "));
    })
    .join("");
}
