import type { FlowInfo } from "./RegistrarFlow.js";

/**
 * One registered contact of an address-of-record (RFC 3261 §10.3): what the registrar's
 * location service holds, as `registrar.bindings` shows it.
 *
 * @example
 * ```ts
 * import { startRegistrar } from "rxsip/testing";
 *
 * const registrar = await startRegistrar({ udp: true });
 * registrar.bindings$.subscribe((bindings) => console.log(bindings.map((b) => `${b.aor} -> ${b.contact} (${b.expires} s)`)));
 * ```
 */
export interface Binding {
  /** The user part of the address-of-record (bindings are kept per user, whatever the domain). */
  readonly aor: string;
  /** The Contact URI, as registered. */
  readonly contact: string;
  /** Seconds granted by the last REGISTER that set it. */
  readonly expires: number;
  /** When it expires, in the registrar's scheduler time (milliseconds). */
  readonly expiresAt: number;
  /** Call-ID and CSeq of the REGISTER that last set it (RFC 3261 §10.3 step 7 orders updates by them). */
  readonly callId: string;
  readonly cseq: number;
  /** The `+sip.instance` Contact parameter, when the client gave one (RFC 5626). */
  readonly instance?: string;
  /** The flow the REGISTER came on: requests for this contact go back over it (RFC 5626 §5.3). */
  readonly flow: FlowInfo;
}
