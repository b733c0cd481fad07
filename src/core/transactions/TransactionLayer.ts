import { asyncScheduler, type SchedulerLike } from "rxjs";
import { ParseError, type SipRequest, type SipResponse } from "../messages/index.js";
import { ownString } from "../messages/ownString.js";
import type { CancelOutcome } from "./cancel.js";
import { TransactionError } from "./errors.js";
import { generateBranch, type RandomSource } from "./identifiers.js";
import { InviteClientTransaction } from "./InviteClientTransaction.js";
import { InviteServerTransaction } from "./InviteServerTransaction.js";
import { clientKey, isKey2543, responseKey, serverKey, toTagMatches2543 } from "./matchingKeys.js";
import { NonInviteClientTransaction } from "./NonInviteClientTransaction.js";
import { NonInviteServerTransaction } from "./NonInviteServerTransaction.js";
import type { TimerOptions } from "./TimerOptions.js";
import { TimerQueues } from "./TimerQueue.js";
import type { TransactionKind, TransactionOptions, TransactionRegistry } from "./Transaction.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ClientTransactionUser, ServerTransactionUser } from "./TransactionUser.js";

/** A client transaction of either kind (RFC 3261 §17.1). */
export type ClientTransaction = InviteClientTransaction | NonInviteClientTransaction;
/** A server transaction of either kind (RFC 3261 §17.2). */
export type ServerTransaction = InviteServerTransaction | NonInviteServerTransaction;
export type AnyTransaction = ClientTransaction | ServerTransaction;

/** Options of the {@link TransactionLayer}. */
export interface TransactionLayerOptions {
  /** The transport used when `createClient` / `createServer` are given none. */
  readonly transport?: TransactionTransport;
  /** Where every timer runs (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
  /** T1, T2, T4 and the 100 Trying delay. */
  readonly timers?: TimerOptions;
  /** Random bytes for branches (default `crypto.getRandomValues`). */
  readonly random?: RandomSource;
}

/**
 * The transaction store: creates client and server transactions, matches arriving
 * responses and requests to them (RFC 3261 §17.1.3, §17.2.3, with the RFC 2543 fallback),
 * and forgets each one the instant it terminates.
 *
 * The user agent core calls `receiveResponse` / `receiveRequest` first; when they return
 * undefined, the message belongs to no transaction: a stray response (RFC 6026 §7.3: a UA
 * drops it), a new request (create its server transaction), or an ACK for a 2xx (a dialog's
 * business).
 *
 * @example
 * ```ts
 * import { TransactionLayer, type SipRequest, type SipResponse, type TransactionTransport } from "rxsip/core";
 * declare const transport: TransactionTransport;
 * declare const options: SipRequest; // top Via without a branch yet
 * declare const incoming: SipResponse;
 *
 * const layer = new TransactionLayer({ transport, timers: { T1: 500 } });
 * options.via.params["branch"] = layer.generateBranch();
 * layer.createClient(options, { onResponse: (r) => console.log(r.statusCode) });
 * // what the transport receives: hand responses (and requests) to the layer, which matches them (RFC 3261 §17.1.3)
 * layer.receiveResponse(incoming);
 * ```
 */
export class TransactionLayer implements TransactionRegistry {
  /** Client and server transactions by key (made with the first: a user agent may never call). */
  private clients: Map<string, ClientTransaction> | undefined;
  private servers: Map<string, ServerTransaction> | undefined;
  private readonly options: TransactionOptions;
  private readonly transport: TransactionTransport | undefined;
  private readonly random: RandomSource | undefined;
  /**
   * @internal Long timers of one length on one scheduled action: the transactions' Timers L
   * and M, and the session timers of the dialogs over this layer.
   */
  readonly timerQueues: TimerQueues;

  constructor(options: TransactionLayerOptions = {}) {
    this.transport = options.transport;
    this.random = options.random;
    const scheduler = options.scheduler ?? asyncScheduler;
    this.timerQueues = new TimerQueues(scheduler);
    this.options = { scheduler, timers: options.timers, registry: this, queues: this.timerQueues };
  }

  /** How many transactions are alive. */
  get size(): number {
    return (this.clients?.size ?? 0) + (this.servers?.size ?? 0);
  }

  /** A new branch: `z9hG4bK` and 96 random bits (§8.1.1.7). */
  generateBranch(): string {
    return generateBranch(this.random);
  }

  /**
   * Creates, stores and starts the client transaction for `request` (INVITE or not): the
   * request is sent at once. Its top Via must carry a branch (use `generateBranch`).
   * Narrow the result with `kind` ("INVITE client" / "non-INVITE client").
   * @throws TransactionError ACK_HAS_NO_TRANSACTION, NO_BRANCH, DUPLICATE_TRANSACTION
   */
  createClient(request: SipRequest, user: ClientTransactionUser<ClientTransaction>, transport?: TransactionTransport): ClientTransaction {
    const method = notAck(request);
    const branch = request.via.branch;
    if (branch === undefined || branch === "") throw new TransactionError("NO_BRANCH", "the top Via of a client request needs a branch (§8.1.1.7)");
    return this.open((this.clients ??= new Map()), clientKey(branch, method), request, transport, (via) =>
      method === "INVITE"
        ? new InviteClientTransaction(request, via, user, this.options)
        : new NonInviteClientTransaction(request, via, user, this.options),
    );
  }

  /**
   * Creates and stores the server transaction for a request no transaction matched (an
   * INVITE's schedules its 100 Trying). A CANCEL gets its own non-INVITE transaction; find
   * the INVITE it targets with `findCancelTarget`. Narrow the result with `kind`.
   * @throws TransactionError ACK_HAS_NO_TRANSACTION, DUPLICATE_TRANSACTION
   */
  createServer(request: SipRequest, user: ServerTransactionUser<ServerTransaction>, transport?: TransactionTransport): ServerTransaction {
    const method = notAck(request);
    // The timers follow the transport the request came over, which its top Via names (§18.1.1:
    // a client that changes transport changes the Via): a user agent may listen on UDP and TCP
    // at once, and a request that came over UDP needs Timers G, J ... at their UDP values.
    const t = this.transport;
    const reliable = request.via.transport !== "UDP"; // (the grammar upper-cases it)
    transport ??= t && t.reliable !== reliable ? { reliable, send: (message) => t.send(message) } : t;
    return this.open((this.servers ??= new Map()), serverKey(request), request, transport, (via) =>
      method === "INVITE"
        ? new InviteServerTransaction(request, via, user, this.options)
        : new NonInviteServerTransaction(request, via, user, this.options),
    );
  }

  /** The client transaction a response belongs to (§17.1.3), or undefined. */
  findClient(response: SipResponse): ClientTransaction | undefined {
    const key = unlessUnreadable(() => responseKey(response));
    return key === undefined ? undefined : this.clients?.get(key);
  }

  /**
   * The server transaction a request belongs to (§17.2.3): a retransmission, or an ACK for
   * a non-2xx response. An ACK for a 2xx carries a new branch and matches nothing; a CANCEL
   * matches only a CANCEL transaction.
   */
  findServer(request: SipRequest): ServerTransaction | undefined {
    return this.lookupServer(request, request.method);
  }

  /**
   * The INVITE server transaction a CANCEL targets (§9.2: the matching of §17.2.3 applied
   * as if the CANCEL's method were the INVITE's). CANCEL of non-INVITE requests is not
   * looked for (§9.1: "CANCEL requests SHOULD NOT be sent to cancel requests other than INVITE").
   */
  findCancelTarget(cancel: SipRequest): InviteServerTransaction | undefined {
    const tx = this.lookupServer(cancel, "INVITE");
    return tx?.kind === "INVITE server" ? tx : undefined;
  }

  /** Gives a response to its client transaction; returns it, or undefined for a stray response. */
  receiveResponse(response: SipResponse): ClientTransaction | undefined {
    const tx = this.findClient(response);
    tx?.receiveResponse(response);
    return tx;
  }

  /** Gives a request to its server transaction; returns it, or undefined when none matched. */
  receiveRequest(request: SipRequest): ServerTransaction | undefined {
    const tx = this.findServer(request);
    tx?.receiveRequest(request);
    return tx;
  }

  /**
   * Cancels a pending INVITE (§9.1): the CANCEL is built from the INVITE and run in its own
   * non-INVITE client transaction over the INVITE's transport, now if a provisional response
   * arrived, else when one arrives (see `InviteClientTransaction.cancel`). `extraHeaders`
   * (a Reason header, RFC 3326, say) are added to the CANCEL.
   */
  cancel(invite: InviteClientTransaction, user: ClientTransactionUser<ClientTransaction>, extraHeaders: ReadonlyArray<readonly [string, string]> = []): CancelOutcome {
    return invite.cancel((cancel) => {
      for (const [name, value] of extraHeaders) cancel.addHeader(name, value);
      this.createClient(cancel, user, invite.transport);
    });
  }

  /** Terminates every transaction (user agent shutdown); nothing stays scheduled. */
  dispose(): void {
    for (const tx of [...(this.clients?.values() ?? []), ...(this.servers?.values() ?? [])]) tx.terminate();
  }

  /** Called by a transaction entering Terminated (part of TransactionRegistry; not for applications). */
  remove(transaction: { readonly kind: TransactionKind; readonly key: string }): void {
    const map: Map<string, AnyTransaction> | undefined = transaction.kind.endsWith("client") ? this.clients : this.servers;
    if (map?.get(transaction.key) === transaction) map.delete(transaction.key);
  }

  private lookupServer(request: SipRequest, method: string): ServerTransaction | undefined {
    const key = unlessUnreadable(() => serverKey(request, method));
    const tx = key === undefined ? undefined : this.servers?.get(key);
    if (tx === undefined || !isKey2543(key!)) return tx;
    // an ACK compares its To tag with the last response's (it looks for INVITE transactions only); any
    // other request, a CANCEL looked up as its INVITE too, with the To tag of the request that made the transaction
    return toTagMatches2543(request, tx.request, tx.lastResponse) ? tx : undefined;
  }

  /** Stores and starts the transaction `make` creates over `transport` (or the layer's), under `key`. */
  private open<T extends AnyTransaction>(
    map: Map<string, T>,
    key: string,
    request: SipRequest,
    transport: TransactionTransport | undefined,
    make: (transport: TransactionTransport) => T,
  ): T {
    // the stored key is a copy of its own: not a tree of pieces of the request's text, kept 64*T1 and more
    key = ownString(key);
    if (map.has(key)) throw new TransactionError("DUPLICATE_TRANSACTION", `a ${request.method} transaction with the same key exists`);
    const via = transport ?? this.transport;
    if (via === undefined) throw new TypeError("no transport: pass one to the TransactionLayer or to the create call");
    const tx = make(via);
    tx.key = key;
    map.set(key, tx);
    tx.start();
    return tx;
  }
}

/** The method of a request that may have a transaction: an ACK has none (RFC 3261 §17). */
function notAck(request: SipRequest): string {
  const method = request.method;
  if (method === "ACK") throw new TransactionError("ACK_HAS_NO_TRANSACTION", "ACK is sent by the INVITE transaction (non-2xx) or by the TU (2xx), and creates none (§17)");
  return method;
}

/** `key()`, or undefined when the message has no usable Via or CSeq (it matches nothing). */
function unlessUnreadable(key: () => string | undefined): string | undefined {
  try {
    return key();
  } catch (error) {
    if (error instanceof ParseError) return undefined;
    throw error;
  }
}
