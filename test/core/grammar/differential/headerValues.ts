/** Header values of a whole SIP message, as the framer hands them to the parser. */

const COMPACT: Record<string, string> = { v: "via", f: "from", t: "to", m: "contact", i: "call-id", l: "content-length", c: "content-type", s: "subject", k: "supported", e: "content-encoding", o: "event", r: "refer-to", b: "referred-by", u: "allow-events", x: "session-expires" };

/** The Request-URI (or "" for a response) and `[lower-cased long name, value]` of each header: unfolded, trimmed. */
export function headerValues(text: string): { requestUri: string; headers: [string, string][] } {
  const end = text.indexOf("\r\n\r\n");
  const lines = (end === -1 ? text : text.slice(0, end)).replace(/[ \t]*\r?\n[ \t]+/g, " ").split(/\r?\n/);
  const start = lines[0] ?? "";
  const requestUri = start.startsWith("SIP/") ? "" : start.slice(start.indexOf(" ") + 1, start.lastIndexOf(" "));
  const headers = lines.slice(1).flatMap((l): [string, string][] => {
    const colon = l.indexOf(":");
    if (colon === -1) return [];
    const name = l.slice(0, colon).trim().toLowerCase();
    return [[COMPACT[name] ?? name, l.slice(colon + 1).trim()]];
  });
  return { requestUri, headers };
}
