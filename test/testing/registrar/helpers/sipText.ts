/**
 * Hand-written SIP for the registrar tests: requests a client puts on the wire, and the
 * responses a user agent server would send back, in the plain shape RFC 3261 shows.
 */
import { parseMessage, type SipRequest, type SipResponse } from "../../../../src/core/messages/index.js";

let counter = 0;
/** A token unique in the test run (branches, tags, Call-IDs). */
export function unique(prefix: string): string {
  counter += 1;
  return `${prefix}${counter}x${Math.floor(Math.random() * 1e9).toString(36)}`;
}

export interface RequestSpec {
  method: string;
  ruri: string;
  /** Via transport token and sent-by, e.g. "UDP 127.0.0.1:5070" or "WS abc.invalid". */
  via: string;
  branch?: string;
  from: string;
  fromTag?: string;
  to: string;
  toTag?: string;
  callId?: string;
  cseq?: number;
  contact?: string;
  expires?: number;
  maxForwards?: number | null;
  routes?: string[];
  headers?: Array<[string, string]>;
  body?: string;
  contentType?: string;
}

/** A request as text (Content-Length written from the body). */
export function requestText(spec: RequestSpec): string {
  const lines = [
    `${spec.method} ${spec.ruri} SIP/2.0`,
    `Via: SIP/2.0/${spec.via};branch=${spec.branch ?? unique("z9hG4bKt")};rport`,
  ];
  if (spec.maxForwards !== null) lines.push(`Max-Forwards: ${spec.maxForwards ?? 70}`);
  for (const r of spec.routes ?? []) lines.push(`Route: ${r}`);
  lines.push(`From: <${spec.from}>;tag=${spec.fromTag ?? unique("f")}`);
  lines.push(`To: <${spec.to}>${spec.toTag !== undefined ? `;tag=${spec.toTag}` : ""}`);
  lines.push(`Call-ID: ${spec.callId ?? unique("call")}`);
  lines.push(`CSeq: ${spec.cseq ?? 1} ${spec.method}`);
  if (spec.contact !== undefined) lines.push(`Contact: ${spec.contact}`);
  if (spec.expires !== undefined) lines.push(`Expires: ${spec.expires}`);
  for (const [n, v] of spec.headers ?? []) lines.push(`${n}: ${v}`);
  const body = spec.body ?? "";
  if (body !== "") lines.push(`Content-Type: ${spec.contentType ?? "text/plain"}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines.join("\r\n") + "\r\n\r\n" + body;
}

/** The response a UAS sends to `request`: its Vias, From, To (with a tag), Call-ID, CSeq, and Record-Route when asked. */
export function responseText(
  request: SipRequest,
  status: number,
  reason: string,
  options: { toTag?: string; contact?: string; recordRoute?: boolean; body?: string } = {},
): string {
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const v of request.getHeaders("via")) lines.push(`Via: ${v}`);
  if (options.recordRoute) for (const rr of request.getHeaders("record-route")) lines.push(`Record-Route: ${rr}`);
  lines.push(`From: ${request.getHeader("from")}`);
  const to = request.getHeader("to")!;
  lines.push(`To: ${options.toTag !== undefined && request.to.tag === undefined ? `${to};tag=${options.toTag}` : to}`);
  lines.push(`Call-ID: ${request.callId}`);
  lines.push(`CSeq: ${request.getHeader("cseq")}`);
  if (options.contact !== undefined) lines.push(`Contact: ${options.contact}`);
  const body = options.body ?? "";
  if (body !== "") lines.push("Content-Type: application/sdp");
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return lines.join("\r\n") + "\r\n\r\n" + body;
}

export function asRequest(text: string): SipRequest {
  return parseMessage(text) as SipRequest;
}

export function asResponse(text: string): SipResponse {
  return parseMessage(text) as SipResponse;
}
