/**
 * CANCEL (RFC 3261 §9): building the CANCEL for a pending INVITE client transaction, and
 * the server side's answers (487 to the INVITE, 200 or 481 to the CANCEL).
 *
 * The client rule that a CANCEL waits for a provisional response is kept by
 * `InviteClientTransaction.cancel`, which returns one of {@link CancelOutcome}.
 */
import type { SipRequest } from "../messages/index.js";
import { requestInTransaction } from "./buildAck.js";
import { buildResponse } from "./buildResponse.js";
import { generateTag, type RandomSource } from "./identifiers.js";
import type { InviteServerTransaction } from "./InviteServerTransaction.js";
import type { NonInviteServerTransaction } from "./NonInviteServerTransaction.js";

/**
 * What became of a request to cancel an INVITE client transaction (§9.1):
 * - "sent": a provisional response had arrived; the CANCEL was handed over;
 * - "deferred": nothing had arrived yet; the CANCEL goes with the first provisional
 *   response, and is dropped if a final response arrives or Timer B fires first;
 * - "too-late": a final response had arrived (or the transaction ended): nothing sent;
 * - "already-requested": cancel() had been called before on this transaction.
 */
export type CancelOutcome = "sent" | "deferred" | "too-late" | "already-requested";

/**
 * The CANCEL for `invite` (RFC 3261 §9.1): "The Request-URI, Call-ID, To, the numeric part
 * of CSeq, and From header fields in the CANCEL request MUST be identical to those in the
 * request being cancelled, including tags. A CANCEL constructed by a client MUST have only a
 * single Via header field value matching the top Via value in the request being cancelled."
 * The CSeq method is CANCEL; the INVITE's Route header fields are copied.
 *
 * https://www.rfc-editor.org/rfc/rfc3261#section-9.1
 *
 * @example
 * ```ts
 * import { buildCancel, type SipRequest } from "rxsip/core";
 * declare const invite: SipRequest;
 *
 * const cancel = buildCancel(invite); // same Request-URI, top Via, Call-ID, From, To and CSeq number (RFC 3261 §9.1)
 * ```
 */
export function buildCancel(invite: SipRequest): SipRequest {
  return requestInTransaction(invite, "CANCEL", invite.getHeader("to"));
}

/** Options of {@link answerCancel}. */
export interface AnswerCancelOptions {
  /** The To tag of the answers (§9.2: the same for the 200 to the CANCEL and the 487 to the INVITE). */
  readonly toTag?: string;
  /** For a tag when neither `toTag` nor a tagged response of the INVITE exists. */
  readonly random?: RandomSource;
}

/**
 * Answers a CANCEL on the server side (RFC 3261 §9.2), given the CANCEL's own server
 * transaction and the INVITE server transaction it targets (`TransactionLayer.findCancelTarget`):
 *
 * - no target: 481 to the CANCEL ("the UAS SHOULD respond to the CANCEL with a 481");
 * - otherwise 200 to the CANCEL; and when no final response has been sent for the INVITE,
 *   487 to the INVITE ("the UAS SHOULD immediately respond to the INVITE with a 487"), then
 *   the INVITE's TU hears `onCancel`.
 *
 * The To tag is `options.toTag`, else the tag of the INVITE's last response, else a new one.
 * Returns true when the INVITE was cancelled.
 *
 * @example
 * ```ts
 * import { answerCancel, type TransactionLayer, type NonInviteServerTransaction } from "rxsip/core";
 * declare const layer: TransactionLayer;
 * declare const cancelTx: NonInviteServerTransaction; // the CANCEL's own transaction
 *
 * // 200 to the CANCEL and 487 to the INVITE it matches, or 481 when none matches (RFC 3261 §9.2)
 * answerCancel(cancelTx, layer.findCancelTarget(cancelTx.request));
 * ```
 */
export function answerCancel(
  cancelTransaction: NonInviteServerTransaction,
  target: InviteServerTransaction | undefined,
  options?: AnswerCancelOptions,
): boolean {
  const cancel = cancelTransaction.request;
  if (target === undefined || target.state === "Terminated") {
    const tag = options?.toTag ?? generateTag(options?.random);
    cancelTransaction.respond(buildResponse(cancel, 481, "Call/Transaction Does Not Exist", tag));
    return false;
  }
  const tag = options?.toTag ?? target.lastResponse?.to.tag ?? generateTag(options?.random);
  cancelTransaction.respond(buildResponse(cancel, 200, "OK", tag));
  if (target.state !== "Proceeding") return false; // §9.2: a final response was sent; no effect
  target.respond(buildResponse(target.request, 487, "Request Terminated", tag));
  target.user.onCancel?.(cancel, target);
  return true;
}
