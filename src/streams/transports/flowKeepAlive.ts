import type { Observable, SchedulerLike } from "rxjs";
import type { SipResponse } from "../../core/messages/SipResponse.js";
import { Uri } from "../../core/messages/Uri.js";
import { keepAlive } from "../keepAlive.js";
import { CRLF_PING } from "../keepAliveCrlf.js";
import { optionsKeepAlive } from "../keepAliveOptions.js";
import type { Flow } from "./Flow.js";
import type { ServerTarget } from "./parseServer.js";

export interface FlowKeepAliveOptions {
  /** Milliseconds between keep-alives. */
  interval: number;
  /** Milliseconds to wait for each answer. */
  timeout: number;
  /** Default: CRLF on reliable flows, OPTIONS on UDP. */
  method?: "crlf" | "options";
  scheduler: SchedulerLike;
  /** Every pong (or ping) received, with the flow it came on. */
  pongs$: Observable<Flow>;
  /** Responses whose Call-ID is `callId`. */
  responses$: Observable<SipResponse>;
  /** Call-ID of the OPTIONS pings. */
  callId: string;
  /** Via sent-by host of the OPTIONS pings. */
  viaHost: string;
}

/**
 * The keep-alive of the flow to a server: CRLF ping / pong (RFC 5626 §4.4.1) or OPTIONS
 * pings to the server's URI. Never emits; errors with `KEEPALIVE_TIMEOUT` when the flow
 * is dead.
 */
export function flowKeepAlive(flow: Flow, target: ServerTarget, options: FlowKeepAliveOptions): Observable<never> {
  if ((options.method ?? (flow.reliable ? "crlf" : "options")) === "crlf") {
    return keepAlive(() => flow.send(CRLF_PING), options.pongs$, options, (f) => f === flow);
  }
  const ruri = Uri.sip(undefined, target.host.indexOf(":") === -1 ? target.host : `[${target.host}]`, target.port);
  if (flow.protocol !== "UDP") ruri.params["transport"] = flow.protocol.toLowerCase();
  return optionsKeepAlive({ ...options, target: ruri, protocol: flow.protocol, send: (req) => flow.send(req.toString()) });
}
