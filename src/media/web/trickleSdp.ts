/**
 * The description we give out with trickle ICE (RFC 8838 §4.1, RFC 8840 §5): it says
 * `a=ice-options:trickle` (added at session level when no line has it; Chromium writes it in
 * each media section already), and when every candidate is in it already (gathering
 * complete, as in half trickle), `a=end-of-candidates` in each media section (RFC 8840 §8.1)
 * so that a trickling peer does not wait for more.
 */
export function trickleDescription(sdp: string, complete: boolean): string {
  const eol = sdp.includes("\r\n") ? "\r\n" : "\n";
  const lines = sdp.split(/\r?\n/);
  if (lines.at(-1) === "") lines.pop();
  if (!lines.some((l) => /^a=ice-options:.*\btrickle\b/.test(l))) {
    const t = lines.findIndex((l) => l.startsWith("t="));
    lines.splice(t >= 0 ? t + 1 : lines.length, 0, "a=ice-options:trickle");
  }
  const text = lines.join(eol) + eol;
  if (!complete || lines.includes("a=end-of-candidates")) return text;
  // at the end of each media section (RFC 8840 §8.1)
  return text
    .split(/^(?=m=)/m)
    .map((section) => (section.startsWith("m=") ? `${section}a=end-of-candidates${eol}` : section))
    .join("");
}

/** The ICE username fragment of a description (the first one: with BUNDLE every section has the same). */
export function iceUfragOf(sdp: string | undefined): string | null {
  return /^a=ice-ufrag:(\S+)/m.exec(sdp ?? "")?.[1] ?? null;
}
