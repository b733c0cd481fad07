/**
 * Typed errors of the transaction layer (RFC 3261 §17). Each has a stable `code`.
 */
import { SipError } from "../messages/index.js";

/**
 * A message could not be handed to the transport (RFC 3261 §17.1.4, §17.2.4): whatever
 * `TransactionTransport.send` threw is the `cause`.
 *
 * @example
 * ```ts
 * import { TransactionTransportError, type SipRequest, type UserAgentCore } from "rxsip/core";
 * declare const core: UserAgentCore;
 * declare const request: SipRequest;
 *
 * core.request(request, {
 *   onTransportError: (e) => console.log(e instanceof TransactionTransportError, e.cause), // the send failed
 * });
 * ```
 */
export class TransportError extends SipError {
  override readonly name = "TransportError";
  declare readonly code: "TRANSPORT_ERROR";
  constructor(
    message: string,
    options?: { cause?: unknown },
  ) {
    super("TRANSPORT_ERROR", message, options);
  }

  /** `error` itself when it is a TransportError, otherwise a TransportError caused by it. */
  static from(error: unknown): TransportError {
    if (error instanceof TransportError) return error;
    const text = error instanceof Error ? error.message : String(error);
    return new TransportError(`the transport failed to send: ${text}`, { cause: error });
  }
}

/**
 * A transition that the state machine does not have (a bug in the caller or in rxsip).
 *
 * @example
 * ```ts
 * import { TransactionStateError } from "rxsip/core";
 *
 * // a move the RFC 3261 §17 machines do not allow is a bug: report where it happened
 * function describe(e: unknown): string {
 *   return e instanceof TransactionStateError ? `${e.machine}: ${e.from} -> ${e.to}` : String(e);
 * }
 * ```
 */
export class TransactionStateError extends SipError {
  override readonly name = "TransactionStateError";
  constructor(
    /** Which machine, e.g. "INVITE client". */
    readonly machine: string,
    readonly from: string,
    readonly to: string,
  ) {
    super("ILLEGAL_TRANSITION", `${machine} transaction cannot move from ${from} to ${to}`);
  }
}

/** Stable codes of {@link TransactionError}. */
export type TransactionErrorCode =
  /** ACK has no transaction of its own (RFC 3261 §17): it is sent by the INVITE client transaction or by the TU. */
  | "ACK_HAS_NO_TRANSACTION"
  /** A client request's top Via has no branch parameter (RFC 3261 §8.1.1.7). */
  | "NO_BRANCH"
  /** A transaction with the same key is already in the store. */
  | "DUPLICATE_TRANSACTION"
  /** A response given to a server transaction has a status code outside 100-699. */
  | "INVALID_STATUS"
  /** No random source: pass one, or run where `globalThis.crypto.getRandomValues` exists. */
  | "NO_RANDOM_SOURCE";

/**
 * The transaction layer was asked for something it cannot do.
 *
 * @example
 * ```ts
 * import { TransactionError, TransactionLayer, type SipRequest } from "rxsip/core";
 * declare const request: SipRequest; // its top Via has no branch
 *
 * try {
 *   new TransactionLayer().createClient(request, { onResponse: () => undefined });
 * } catch (e) {
 *   if (e instanceof TransactionError) console.log(e.code); // NO_BRANCH
 * }
 * ```
 */
export class TransactionError extends SipError {
  override readonly name = "TransactionError";
  declare readonly code: TransactionErrorCode;
  constructor(code: TransactionErrorCode, message: string) {
    super(code, message);
  }
}
