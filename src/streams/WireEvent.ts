/**
 * One SIP message crossing the transport (a SIP trace entry): which way, on which flow,
 * when (the transport's scheduler time, so virtual in tests), and the message text with
 * the credentials of Authorization / Proxy-Authorization replaced by `<redacted>`.
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.wire$.subscribe((e) => console.log(e.direction === "in" ? "<<" : ">>", e.flow, "\n" + e.text)); // credentials redacted
 * ```
 */
export interface WireEvent {
  readonly direction: "in" | "out";
  /** "UDP 192.0.2.1:5060": the flow's protocol and remote address, when known. */
  readonly flow: string | undefined;
  /** Milliseconds on the transport's scheduler. */
  readonly at: number;
  /** The message as sent or received, credentials redacted. */
  readonly text: string;
}
