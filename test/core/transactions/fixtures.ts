/**
 * Test doubles and wire messages for the transaction tests: a transport that records what
 * Test doubles and wire messages for the transaction tests: a transport that records what
 * was sent and when (virtual time), recording TUs, and messages in the plain shape most peers send.
 */
import type { SchedulerLike } from "rxjs";
import { parseMessage, type SipRequest, type SipResponse } from "../../../src/core/messages/index.js";
import type {
  ClientTransactionUser,
  ServerTransactionUser,
  TransactionTransport,
  TransportError,
} from "../../../src/core/transactions/index.js";

export interface Sent {
  at: number;
  message: SipRequest | SipResponse;
}

/** What a message is in a send log: the method of a request, the status code of a response. */
export function label(message: SipRequest | SipResponse): string {
  return message.isRequest ? message.method : String(message.statusCode);
}

/** Records every send with the scheduler's time; `failWhen` makes send throw. */
export class RecordingTransport implements TransactionTransport {
  readonly sent: Sent[] = [];
  failWhen: ((message: SipRequest | SipResponse) => boolean) | undefined;

  constructor(
    readonly reliable: boolean,
    private readonly scheduler: SchedulerLike,
  ) {}

  send(message: SipRequest | SipResponse): void {
    if (this.failWhen?.(message)) throw new Error("network unreachable");
    this.sent.push({ at: this.scheduler.now(), message });
  }

  /** "time label" for every send, e.g. "500 INVITE". */
  get log(): string[] {
    return this.sent.map((s) => `${s.at} ${label(s.message)}`);
  }
}

/** Events a TU saw, as "time event" strings. */
export class RecordingClientUser implements ClientTransactionUser<unknown> {
  readonly events: string[] = [];
  readonly responses: SipResponse[] = [];
  readonly errors: TransportError[] = [];
  constructor(private readonly scheduler: SchedulerLike) {}
  onResponse(response: SipResponse): void {
    this.responses.push(response);
    this.events.push(`${this.scheduler.now()} response ${response.statusCode}`);
  }
  onTimeout(): void {
    this.events.push(`${this.scheduler.now()} timeout`);
  }
  onTransportError(error: TransportError): void {
    this.errors.push(error);
    this.events.push(`${this.scheduler.now()} transport error`);
  }
  onTerminated(): void {
    this.events.push(`${this.scheduler.now()} terminated`);
  }
}

export class RecordingServerUser implements ServerTransactionUser<unknown> {
  readonly events: string[] = [];
  readonly errors: TransportError[] = [];
  constructor(private readonly scheduler: SchedulerLike) {}
  onAck(ack: SipRequest): void {
    this.events.push(`${this.scheduler.now()} ack ${ack.via.branch}`);
  }
  onCancel(): void {
    this.events.push(`${this.scheduler.now()} cancel`);
  }
  onTimeout(): void {
    this.events.push(`${this.scheduler.now()} timeout`);
  }
  onTransportError(error: TransportError): void {
    this.errors.push(error);
    this.events.push(`${this.scheduler.now()} transport error`);
  }
  onTerminated(): void {
    this.events.push(`${this.scheduler.now()} terminated`);
  }
}

export interface RequestSpec {
  method?: string;
  branch?: string | null;
  transport?: string;
  sentBy?: string;
  ruri?: string;
  toTag?: string;
  fromTag?: string;
  callId?: string;
  cseq?: number;
  cseqMethod?: string;
  routes?: string[];
  extraVias?: string[];
}

export const BRANCH = "z9hG4bK776asdhds";

/** A request as it would arrive on the wire (Alice calls Bob). */
export function request(spec: RequestSpec = {}): SipRequest {
  const method = spec.method ?? "INVITE";
  const branch = spec.branch === undefined ? BRANCH : spec.branch;
  const via = `SIP/2.0/${spec.transport ?? "UDP"} ${spec.sentBy ?? "pc33.atlanta.com:5060"}${branch === null ? "" : ";branch=" + branch}`;
  const lines = [
    `${method} ${spec.ruri ?? "sip:bob@biloxi.com"} SIP/2.0`,
    `Via: ${via}`,
    ...(spec.extraVias ?? []).map((v) => `Via: ${v}`),
    "Max-Forwards: 70",
    ...(spec.routes ?? []).map((r) => `Route: ${r}`),
    `To: <sip:bob@biloxi.com>${spec.toTag ? ";tag=" + spec.toTag : ""}`,
    `From: <sip:alice@atlanta.com>;tag=${spec.fromTag ?? "1928301774"}`,
    `Call-ID: ${spec.callId ?? "a84b4c76e66710"}`,
    `CSeq: ${spec.cseq ?? 314159} ${spec.cseqMethod ?? method}`,
    "Contact: <sip:alice@pc33.atlanta.com>",
    "Content-Length: 0",
    "",
    "",
  ];
  return parseMessage(lines.join("\r\n")) as SipRequest;
}

/** A response to `req` as it would arrive on the wire. */
export function response(req: SipRequest, status: number, toTag?: string, reason = "Reason"): SipResponse {
  const lines = [`SIP/2.0 ${status} ${reason}`];
  for (const via of req.getHeaders("via")) lines.push(`Via: ${via}`);
  let to = req.getHeader("to")!;
  if (toTag !== undefined && req.to.tag === undefined) to += `;tag=${toTag}`;
  lines.push(`To: ${to}`, `From: ${req.getHeader("from")}`, `Call-ID: ${req.callId}`, `CSeq: ${req.getHeader("cseq")}`, "Content-Length: 0", "", "");
  return parseMessage(lines.join("\r\n")) as SipResponse;
}

/** An ACK for a response to `invite` (for a non-2xx the same branch; for a 2xx a new one). */
export function ack(invite: SipRequest, toTag: string, branch = invite.via.branch ?? null): SipRequest {
  return request({ method: "ACK", branch, toTag, cseq: invite.cseq.seq });
}
