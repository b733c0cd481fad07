import { asyncScheduler, Observable, type SchedulerAction, type Subscription } from "rxjs";
import { MAGIC_COOKIE } from "../core/messages/Via.js";
import { SipRequest } from "../core/messages/SipRequest.js";
import type { SipResponse } from "../core/messages/SipResponse.js";
import type { Uri } from "../core/messages/Uri.js";
import { keepAlive, type KeepAliveTiming } from "./keepAlive.js";
import { randomToken } from "./randomToken.js";
import type { TransportProtocol } from "./Transport.js";
import { randomInvalidHost } from "./transports/invalidHost.js";

/** T1 and T2 of RFC 3261 §17.1.1.1 (ms): the first and the longest retransmission interval over UDP. */
const T1 = 500;
const T2 = 4000;

/** What {@link buildOptionsPing} puts in an OPTIONS keep-alive request. */
export interface OptionsPingParams {
  /** Request-URI (and To): the server pinged, e.g. `sip:proxy.example.com;transport=tcp`. */
  target: Uri;
  /** Via transport of the flow the ping goes on. */
  protocol: TransportProtocol;
  /** Via sent-by host (default: a random `.invalid` name, answered thanks to `rport`). */
  viaHost?: string;
  viaPort?: number;
  /** From URI (default `sip:anonymous@anonymous.invalid`, RFC 3261 §8.1.1.3). */
  from?: string;
  callId: string;
  cseq: number;
  /** From tag (default: random). */
  tag?: string;
}

/**
 * An out-of-dialog OPTIONS request (RFC 3261 §11) used as a keep-alive: Via with a fresh
 * branch and `rport` (RFC 3581, so that the answer finds its way back through NAT),
 * Max-Forwards 70, From / To / Call-ID / CSeq, no body.
 *
 * @example
 * ```ts
 * import { buildOptionsPing, URI } from "rxsip";
 *
 * const ping = buildOptionsPing({ target: URI.sip(undefined, "proxy.example.com"), protocol: "UDP", callId: "ka-1", cseq: 1 });
 * ping.toString(); // OPTIONS sip:proxy.example.com SIP/2.0 ... From: <sip:anonymous@anonymous.invalid>
 * ```
 */
export function buildOptionsPing(params: OptionsPingParams): SipRequest {
  const host = params.viaHost ?? randomInvalidHost();
  const sentBy = params.viaPort === undefined ? host : `${host}:${params.viaPort}`;
  const req = new SipRequest("OPTIONS", params.target.clone());
  req.addHeader("Via", `SIP/2.0/${params.protocol} ${sentBy};branch=${MAGIC_COOKIE}${randomToken(16)};rport`);
  req.addHeader("Max-Forwards", 70);
  req.addHeader("To", `<${params.target.toString()}>`);
  req.addHeader("From", `<${params.from ?? "sip:anonymous@anonymous.invalid"}>;tag=${params.tag ?? randomToken(10)}`);
  req.addHeader("Call-ID", params.callId);
  req.addHeader("CSeq", `${params.cseq} OPTIONS`);
  req.addHeader("Content-Length", 0);
  return req;
}

/**
 * Options of {@link optionsKeepAlive}: its timing, who is pinged, where the OPTIONS are written and where the
 * responses are read.
 */
export interface OptionsKeepAliveOptions extends KeepAliveTiming, Omit<OptionsPingParams, "callId" | "cseq"> {
  /** Writes the ping on the flow. */
  send: (request: SipRequest) => Promise<void> | void;
  /** Responses received on that flow; the one to the current ping is the answer. */
  responses$: Observable<SipResponse>;
  /** Call-ID of every ping of this keep-alive (default: random), so its answers can be told apart. */
  callId?: string;
}

/**
 * OPTIONS keep-alive: every `interval` sends an OPTIONS (same Call-ID, CSeq + 1 each time)
 * and expects a response to it within `timeout`; any status counts (a 405 or 404 still
 * proves that the flow and the server are alive). Without one the stream errors with
 * `KEEPALIVE_TIMEOUT`. Works on any transport, UDP included; over UDP (`protocol: "UDP"`)
 * an unanswered ping is sent again at T1 (500 ms), doubling up to T2 (4 s), as a non-INVITE
 * client transaction would (RFC 3261 §17.1.2.2), so one lost datagram is not a dead flow.
 * See {@link keepAlive}.
 *
 * @example
 * ```ts
 * import { optionsKeepAlive, URI, type SipRequest, type SipResponse } from "rxsip";
 * import type { Observable } from "rxjs";
 * declare function send(request: SipRequest): Promise<void>; // writes on the UDP flow
 * declare const responses$: Observable<SipResponse>; // responses read from that flow
 *
 * optionsKeepAlive({ target: URI.sip(undefined, "proxy.example.com"), protocol: "UDP", send, responses$, interval: 30_000, timeout: 10_000 })
 *   .subscribe({ error: (e) => console.log("server unreachable", e) });
 * ```
 */
export function optionsKeepAlive(options: OptionsKeepAliveOptions): Observable<never> {
  // per subscription: its own Call-ID and CSeq (an Observable rather than defer(), which would bring
  // rxjs's whole innerFrom conversion into every browser bundle for this one use)
  return new Observable<never>((subscriber) => {
    const callId = options.callId ?? randomToken(20);
    const tag = options.tag ?? randomToken(10);
    const viaHost = options.viaHost ?? randomInvalidHost();
    const scheduler = options.scheduler ?? asyncScheduler;
    let cseq = 0;
    /** Over UDP, the retransmissions of the ping in flight (Timer E of RFC 3261 §17.1.2.2). */
    let resend: Subscription | undefined;
    const answered = (res: unknown): boolean => {
      const yes = (res as SipResponse).getHeader("call-id") === callId && cseqNumber(res as SipResponse) === cseq;
      if (yes) resend?.unsubscribe();
      return yes;
    };
    const sub = keepAlive(
      () => {
        cseq++;
        resend?.unsubscribe();
        const ping = buildOptionsPing({ ...options, viaHost, callId, cseq, tag });
        // an unreliable transport loses datagrams: the same request goes again at T1, doubling up to T2, until answered
        if (options.protocol === "UDP") {
          resend = scheduler.schedule(
            function (this: SchedulerAction<number>, wait?: number) {
              // (a retransmission that cannot be sent is not an answer: the keep-alive timeout decides)
              new Promise((sent) => sent(options.send(ping))).catch(() => undefined);
              const next = Math.min(2 * wait!, T2);
              this.schedule(next, next);
            },
            T1,
            T1,
          );
        }
        return options.send(ping);
      },
      options.responses$,
      options,
      answered,
    ).subscribe(subscriber);
    return () => {
      sub.unsubscribe();
      resend?.unsubscribe();
    };
  });
}

function cseqNumber(res: SipResponse): number {
  try {
    return res.cseq.seq;
  } catch {
    return -1;
  }
}
