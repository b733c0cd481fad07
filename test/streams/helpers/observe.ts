import { firstValueFrom, type Observable, filter, timeout } from "rxjs";
import type { TransportStatus } from "../../../src/streams/TransportStatus.js";

/** Records every emission of a stream, and whether / how it ended. */
export function record<T>(source: Observable<T>): { values: T[]; completed: () => boolean; stop: () => void } {
  const values: T[] = [];
  let done = false;
  const sub = source.subscribe({ next: (v) => values.push(v), complete: () => (done = true) });
  return { values, completed: () => done, stop: () => sub.unsubscribe() };
}

/** The first value matching `predicate`, or a failure after `ms`. */
export function waitFor<T>(source: Observable<T>, predicate: (v: T) => boolean, ms = 5000): Promise<T> {
  return firstValueFrom(source.pipe(filter(predicate), timeout({ first: ms })));
}

/** `state$` as compact strings: "connecting", "connected", "disconnected:KEEPALIVE_TIMEOUT", "closed". */
export function statusNames(values: TransportStatus[]): string[] {
  return values.map((s) => (s.type === "disconnected" && s.error ? `disconnected:${s.error.code}` : s.type));
}

/** Waits until `check` is true (polling every 10 ms), or fails after `ms`. */
export async function until(check: () => boolean, ms = 5000, what = "condition"): Promise<void> {
  const started = performance.now();
  while (!check()) {
    if (performance.now() - started > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** A minimal SIP request; `size` pads it with a header to about that many octets. */
export function sipRequest(options: { method?: string; branch?: string; size?: number; via?: string; body?: string } = {}): string {
  const method = options.method ?? "MESSAGE";
  const branch = options.branch ?? `z9hG4bK${Math.random().toString(36).slice(2)}`;
  const body = options.body ?? "";
  const via = options.via ?? `SIP/2.0/TCP 127.0.0.1:5099;branch=${branch};rport`;
  let head =
    `${method} sip:bob@127.0.0.1 SIP/2.0\r\n` +
    `Via: ${via}\r\n` +
    `Max-Forwards: 70\r\nFrom: <sip:alice@127.0.0.1>;tag=a1\r\nTo: <sip:bob@127.0.0.1>\r\n` +
    `Call-ID: ${branch}@test\r\nCSeq: 1 ${method}\r\n`;
  if (options.size !== undefined) {
    const pad = options.size - head.length - 40 - body.length;
    if (pad > 0) head += `X-Pad: ${"p".repeat(pad)}\r\n`;
  }
  return head + `Content-Length: ${new TextEncoder().encode(body).length}\r\n\r\n${body}`;
}

/** A response to `request` (a parsed SipRequest's text), copying Via, From, To, Call-ID, CSeq. */
export function sipResponse(request: string, status = 200, reason = "OK"): string {
  const lines = request.split("\r\n");
  const keep = lines.filter((l) => /^(via|v|from|f|to|t|call-id|i|cseq):/i.test(l));
  return `SIP/2.0 ${status} ${reason}\r\n${keep.join("\r\n")}\r\nContent-Length: 0\r\n\r\n`;
}
