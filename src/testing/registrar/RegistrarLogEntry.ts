import type { SipMessageAny } from "../../core/messages/index.js";
import type { FlowInfo } from "./RegistrarFlow.js";

/**
 * One message the registrar received or sent, as `registrar.log$` emits it.
 *
 * @example
 * ```ts
 * import { startRegistrar } from "rxsip/testing";
 *
 * const registrar = await startRegistrar({ udp: true });
 * registrar.log$.subscribe((e) => console.log(e.direction, e.message.isRequest ? e.message.method : e.message.statusCode));
 * ```
 */
export interface RegistrarLogEntry {
  /** "in": received; "out": sent (a response it made, a forwarded request, a relayed response). */
  readonly direction: "in" | "out";
  /** The flow it came on or went over; absent for a stray in-memory response. */
  readonly flow?: FlowInfo;
  /** The message (do not change it: it is the registrar's own object). */
  readonly message: SipMessageAny;
  /** The message as text, as it was when logged. */
  readonly text: string;
  /** Scheduler time (milliseconds). */
  readonly at: number;
}
