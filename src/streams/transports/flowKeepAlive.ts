import type { Observable, SchedulerLike } from "rxjs";
import { keepAlive } from "../keepAlive.js";
import { CRLF_PING } from "../keepAliveCrlf.js";
import type { Flow } from "./Flow.js";

export interface FlowKeepAliveOptions {
  /** Milliseconds between keep-alives. */
  interval: number;
  /** Milliseconds to wait for each answer. */
  timeout: number;
  scheduler: SchedulerLike;
  /** Every pong (or ping) received, with the flow it came on. */
  pongs$: Observable<Flow>;
  /** Via sent-by host of OPTIONS pings. */
  viaHost: string;
  /** Via sent-by port of OPTIONS pings: where answers are wanted (§18.1.1), for servers that do not honour `rport`. */
  viaPort?: number | undefined;
}

/**
 * The CRLF keep-alive of the flow to a server (RFC 5626 §4.4.1): a double CRLF every
 * `interval`, answered by a single CRLF. Never emits; errors with `KEEPALIVE_TIMEOUT` when
 * the flow is dead. (OPTIONS pings are `optionsPings`.)
 */
export function flowKeepAlive(flow: Flow, options: FlowKeepAliveOptions): Observable<never> {
  return keepAlive(() => flow.send(CRLF_PING), options.pongs$, options, (f) => f === flow);
}
