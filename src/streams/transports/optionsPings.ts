import { Subject, type Observable } from "rxjs";
import type { SipResponse } from "../../core/messages/SipResponse.js";
import { Uri } from "../../core/messages/Uri.js";
import { optionsKeepAlive } from "../keepAliveOptions.js";
import { randomToken } from "../randomToken.js";
import type { Flow } from "./Flow.js";
import type { FlowKeepAliveOptions } from "./flowKeepAlive.js";
import type { ServerTarget } from "./parseServer.js";

/**
 * OPTIONS requests as the keep-alive of the flow to the server, made by {@link optionsPings}
 * and given as a transport's `keepAliveMethod`. Its code is in a page only when the page uses it.
 */
export interface OptionsPings {
  /**
   * @internal Pings `target` over `flow`: `alive$` never emits and errors with
   * `KEEPALIVE_TIMEOUT` when unanswered; `take(response)` says whether a response received
   * is a ping's (then it is the keep-alive's, and goes nowhere else).
   */
  start(flow: Flow, target: ServerTarget, options: FlowKeepAliveOptions): { alive$: Observable<never>; take(response: SipResponse): boolean };
}

/**
 * Keeps the flow to the server alive with OPTIONS requests to the server's URI instead of
 * CRLF pings: every `keepAliveInterval` seconds an OPTIONS, and any response within
 * `keepAliveTimeout` proves the flow alive. `NodeTransport` has them built in (the default
 * over UDP, and `keepAliveMethod: "options"`); a `WebSocketTransport` uses them only when
 * given this (SIP.js pings with CRLF only).
 *
 * @example
 * ```ts
 * import { UserAgent, optionsPings } from "rxsip";
 *
 * new UserAgent({
 *   uri: UserAgent.makeURI("sip:alice@example.com"),
 *   transportOptions: { server: "wss://sip.example.com", keepAliveInterval: 30, keepAliveMethod: optionsPings() },
 * });
 * ```
 */
export function optionsPings(): OptionsPings {
  return {
    start(flow, target, options) {
      const ruri = Uri.sip(undefined, target.host.indexOf(":") === -1 ? target.host : `[${target.host}]`, target.port);
      if (flow.protocol !== "UDP") ruri.params["transport"] = flow.protocol.toLowerCase();
      const callId = randomToken(20);
      const responses$ = new Subject<SipResponse>();
      return {
        alive$: optionsKeepAlive({ ...options, target: ruri, protocol: flow.protocol, callId, responses$, send: (req) => flow.send(req.toString()) }),
        take: (response) => response.getHeader("call-id") === callId && (responses$.next(response), true),
      };
    },
  };
}
