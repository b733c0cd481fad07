import { SipError } from "../core/messages/errors.js";
import type { SipResponse } from "../core/messages/index.js";

/**
 * A registrar refused the registration for good (RFC 3261 §10.3: 403 Forbidden, 404 Not
 * Found — the user is not known or not allowed there), or a REGISTER kept failing after
 * every attempt. `response` is the last final response, when there was one; `statusCode`
 * is 0 when there was none (no answer, the transport could not send).
 *
 * @example
 * ```ts
 * import { registerOnce, RegistrationRejectedError, type Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * registerOnce(registerer).subscribe({
 *   error: (e) => {
 *     if (e instanceof RegistrationRejectedError) console.log(e.statusCode, e.response?.reasonPhrase); // 0: no final response
 *   },
 * });
 * ```
 */
export class RegistrationRejectedError extends SipError {
  override readonly name = "RegistrationRejectedError";
  readonly statusCode: number;
  constructor(
    readonly response: SipResponse | undefined,
    message?: string,
    options?: { cause?: unknown },
  ) {
    super("REGISTRATION_REJECTED", message ?? (response ? `registration refused: ${response.statusCode} ${response.reasonPhrase}` : "registration failed"), options);
    this.statusCode = response?.statusCode ?? 0;
  }
}
