/**
 * `rxsip/core`: the SIP protocol itself — messages, grammar, transactions, dialogs,
 * digest — with no sockets, no DOM and no globals.
 */
export * from "./messages/index.js";
export { parseHeaderValue } from "./grammar/index.js";
export type * from "./grammar/ast.js";
export * from "./auth/index.js";
export { TransactionLayer, InviteClientTransaction, NonInviteClientTransaction, InviteServerTransaction, NonInviteServerTransaction, Transaction, TransportError as TransactionTransportError, TransactionError, TransactionStateError, timersFor, buildAck, buildCancel, buildResponse, answerCancel, generateBranch, generateTag, DEFAULT_T1, DEFAULT_T2, DEFAULT_T4 } from "./transactions/index.js";
export type { TimerOptions, Timers, TransactionTransport, ClientTransactionUser, ServerTransactionUser, ClientTransaction, ServerTransaction, CancelOutcome, TransactionKind, TransactionRegistry, TransactionOptions, TransactionLayerOptions, TransactionErrorCode, InviteClientState, InviteServerState, NonInviteClientState, NonInviteServerState, RandomSource, AnswerCancelOptions } from "./transactions/index.js";
export type { TimerQueues, Cancellable } from "./transactions/TimerQueue.js";
export * from "./dialogs/index.js";
export * from "./user-agent-core/index.js";
