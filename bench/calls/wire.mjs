/**
 * The in-memory "network" both libraries run on in this benchmark: a message sent by one
 * user agent reaches the other as text in a microtask (so neither library gets a re-entrant
 * call from inside its own send), in order, with nothing lost.
 */

/** The SDP both libraries exchange: fixed text, no media. */
export const SDP =
  "v=0\r\no=- 3456789012 1 IN IP4 192.0.2.10\r\ns=-\r\nc=IN IP4 192.0.2.10\r\nt=0 0\r\n" +
  "m=audio 40000 RTP/AVP 0 8 101\r\na=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\n" +
  "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-15\r\na=sendrecv\r\n";

/**
 * A SessionDescriptionHandler factory (SIP.js's interface, which rxsip's API shares) that
 * offers and answers the fixed SDP, with no media: one new handler per session, the same
 * for both libraries.
 */
export const fakeSdhFactory = () => ({
  close() {},
  getDescription: () => Promise.resolve({ body: SDP, contentType: "application/sdp" }),
  hasDescription: (contentType) => contentType === "application/sdp",
  setDescription: () => Promise.resolve(),
  rollbackDescription: () => Promise.resolve(),
  sendDtmf: () => false,
});

/**
 * Counts messages, and when `trace` is an array, records the first line of each (for the
 * check that a call cycle is the 7 messages it should be, in order).
 */
export const counter = { messages: 0, trace: undefined };

/** Delivers `text` to `receive` in a microtask. */
export function deliver(receive, text) {
  counter.messages++;
  if (counter.trace) counter.trace.push(firstLine(text));
  queueMicrotask(() => receive(text));
}

/** "INVITE", "SIP/2.0 180 Ringing" ...: the start line without Request-URI and version; "(CSeq method)" for responses. */
function firstLine(text) {
  const line = text.slice(0, text.indexOf("\r\n"));
  if (!line.startsWith("SIP/2.0 ")) return line.slice(0, line.indexOf(" "));
  const cseq = /\r\n(?:CSeq|cseq|CSEQ): *\d+ +([A-Z]+)/.exec(text);
  return `${line.slice(8, 11)} ${cseq ? cseq[1] : "?"}`;
}

/** Resolves after pending microtasks and I/O callbacks have run (a few event-loop turns). */
export async function settle(turns = 3) {
  for (let i = 0; i < turns; i++) await new Promise((resolve) => setImmediate(resolve));
}
