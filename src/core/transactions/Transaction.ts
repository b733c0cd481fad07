import { asyncScheduler, BehaviorSubject, Observable, type SchedulerAction, type SchedulerLike } from "rxjs";
import type { SipRequest, SipResponse } from "../messages/index.js";
import { TransactionStateError, TransportError } from "./errors.js";
import { timersFor, type TimerOptions, type Timers } from "./TimerOptions.js";
import type { Cancellable, TimerQueues } from "./TimerQueue.js";
import type { TransactionTransport } from "./TransactionTransport.js";
import type { ClientTransactionUser, ServerTransactionUser } from "./TransactionUser.js";

/** Which of the four machines of RFC 3261 §17 a transaction is. */
export type TransactionKind = "INVITE client" | "non-INVITE client" | "INVITE server" | "non-INVITE server";

/** Where a transaction removes itself from when it terminates (the TransactionLayer's store). */
export interface TransactionRegistry {
  /** Forgets a transaction that terminated (called by the transaction itself). */
  remove(transaction: { readonly kind: TransactionKind; readonly key: string }): void;
}

/** Options shared by the four machines. One object may serve every transaction. */
export interface TransactionOptions {
  /** Where every timer runs (default `asyncScheduler`; a TestScheduler in tests). */
  readonly scheduler?: SchedulerLike;
  /** T1, T2, T4 and the 100 Trying delay; the other timers derive from them and the transport. */
  readonly timers?: TimerOptions;
  /** The store to leave on termination (set by the TransactionLayer). */
  readonly registry?: TransactionRegistry;
  /**
   * Where the long timers that end a transaction (Timers L and M, 64*T1) wait, one scheduled
   * action per length for all the layer's transactions (set by the TransactionLayer; without
   * it each is scheduled on its own).
   */
  readonly queues?: TimerQueues;
}

/**
 * What the four transaction machines share: the request, the transport, the timer values
 * for the transport's reliability, the current state (`state`, and `state$` created on first
 * subscription), sending with transport-error reporting, and clean-up on Terminated:
 * every scheduled action is a Subscription that is unsubscribed when the state that owns it
 * is left, and all of them when the transaction terminates (RFC 3261 §17.1.1.2: "The client
 * transaction MUST be destroyed the instant it enters the Terminated state").
 *
 * @example
 * ```ts
 * import type { Transaction } from "rxsip/core";
 * declare const tx: Transaction<string>;
 *
 * console.log(tx.kind, tx.branch, tx.state, tx.timers.B);
 * tx.state$.subscribe({ complete: () => console.log("terminated and forgotten") });
 * ```
 */
export abstract class Transaction<S extends string> {
  abstract readonly kind: TransactionKind;
  /** The transaction user: told of timeouts, transport errors and termination. */
  abstract readonly user: ClientTransactionUser | ServerTransactionUser;
  /** The key under which the TransactionLayer stores the transaction ("" when not stored). */
  key = "";
  /** The timers for this transaction's transport (shared, frozen). */
  readonly timers: Timers;
  protected current: S;
  protected readonly scheduler: SchedulerLike;
  protected readonly registry: TransactionRegistry | undefined;
  protected readonly queues: TimerQueues | undefined;
  /** Server machines: the most recent response sent. */
  protected last: SipResponse | undefined;
  /** Client machines: whether start() sent the request. */
  protected started = false;
  /** The retransmission timer (A, E or G; the 100 Trying delay of the INVITE server). */
  protected retry: Cancellable | undefined;
  /** The timer that gives up (B, F or H). */
  protected timeout: Cancellable | undefined;
  /** The timer that ends the last state before Terminated (D, I, J, K, L or M). */
  protected end: Cancellable | undefined;
  private interval = 0;
  private cap = 0;
  private subject: BehaviorSubject<S> | undefined;

  constructor(
    /** The request that created the transaction. */
    readonly request: SipRequest,
    readonly transport: TransactionTransport,
    initial: S,
    /** The machine's allowed moves, by state (Terminated is always reachable when forced). */
    private readonly moves: Readonly<Record<S, readonly S[]>>,
    options?: TransactionOptions,
  ) {
    this.current = initial;
    this.scheduler = options?.scheduler ?? asyncScheduler;
    this.timers = timersFor(options?.timers, transport.reliable);
    this.registry = options?.registry;
    this.queues = options?.queues;
  }

  /** The current state. */
  get state(): S {
    return this.current;
  }

  /**
   * The current state, then every change; completes on Terminated. Nothing is allocated for
   * it until someone subscribes.
   */
  get state$(): Observable<S> {
    return new Observable<S>((subscriber) => {
      if (this.current === "Terminated") {
        subscriber.next(this.current);
        subscriber.complete();
        return undefined;
      }
      return (this.subject ??= new BehaviorSubject(this.current)).subscribe(subscriber);
    });
  }

  /** The branch of the request's top Via (the transaction identifier of RFC 3261 §8.1.1.7). */
  get branch(): string | undefined {
    return this.request.via.branch;
  }

  /**
   * Ends the transaction now, from any state, without telling the TU anything but
   * onTerminated (for user agent shutdown). Nothing stays scheduled.
   */
  terminate(): void {
    if (this.current !== "Terminated") this.transition("Terminated" as S, true);
  }

  /** Whether the machine is in `state` now (a call, so that TypeScript does not narrow across callbacks). */
  protected is(state: S): boolean {
    return this.current === state;
  }

  /**
   * The machine's one transition function; `forced` allows any state to reach Terminated.
   * The retransmission and timeout timers belong to one state each, except that Timers E
   * and F of the non-INVITE client run through Trying and Proceeding: they are cancelled on
   * every other move. Accepted (both INVITE machines, RFC 6026) is ended by Timer L / M
   * (64*T1, the same length), waiting in the layer's queue for that length.
   */
  protected transition(to: S, forced = false): void {
    const from = this.current;
    if (!(forced || this.moves[from].includes(to))) throw new TransactionStateError(this.kind, from, to);
    if (from !== "Trying" || to !== "Proceeding") {
      this.retry = cancelTimer(this.retry);
      this.timeout = cancelTimer(this.timeout);
    }
    this.current = to;
    const terminated = to === "Terminated";
    // (retry and timeout were cancelled above: a move to Terminated is never Trying to Proceeding)
    if (terminated) this.end = cancelTimer(this.end);
    this.subject?.next(to);
    if (terminated) {
      // leave the store, tell the TU, complete state$ (§17.1.1.2: "destroyed the instant it enters the Terminated state")
      this.registry?.remove(this);
      // an INVITE server transaction is destroyed (§17.2.1): its response is not needed any more, though the layer may keep it
      if (this.kind === "INVITE server") this.last = undefined;
      this.user.onTerminated?.(this);
      this.subject?.complete();
    }
    if (to === "Accepted") {
      // RFC 6026 §7.1 "set Timer L to 64*T1", §8.4 "Timer M MUST be started with a value of 64*T1"
      this.end = this.queues?.schedule(endTransaction, this.timers.M, this) ?? this.scheduler.schedule(endTransaction, this.timers.M, this);
    }
    this.entered(to, from);
  }

  /** What the machine does on entering `to` (after the state is set and emitted). */
  protected abstract entered(to: S, from: S): void;

  /**
   * Client machines: sends the request once, then starts the retransmission timer
   * (unreliable transports only: T1, doubling up to `cap`) and the timeout timer.
   */
  protected begin(cap: number, timeout: number): void {
    if (this.started || this.current === "Terminated") return;
    this.started = true;
    if (this.send(this.request)) this.arm(cap, timeout);
  }

  /**
   * Starts the retransmission timer (unreliable transports only) at T1, each firing re-sending
   * the request (clients) or the last response (servers) and doubling the interval up to
   * `cap`, and the timer that gives up after `timeout` and tells the TU.
   */
  protected arm(cap: number, timeout: number): void {
    if (!this.timers.reliable) {
      this.interval = this.timers.T1;
      this.cap = cap;
      this.retry = this.scheduler.schedule(Transaction.fireRetry, this.interval, this as unknown as Transaction<string>);
    }
    this.timeout = this.scheduler.schedule(Transaction.fireTimeout, timeout, this as unknown as Transaction<string>);
  }

  /** Makes the next retransmission intervals `interval` (Timer E in Proceeding: T2). */
  protected retryAt(interval: number): void {
    this.interval = interval;
  }

  /** Terminated after `delay` (Timers D, I, J, K), or at once when it is zero (reliable transports). */
  protected endAfter(delay: number): void {
    if (delay === 0) this.transition("Terminated" as S);
    else this.end = this.scheduler.schedule(endTransaction, delay, this);
  }

  /**
   * Passes `message` to the transport; a throw is reported via transportFailed and gives false.
   * A client's request (a server sends only responses) whose send fails later fails the same
   * way, if the transaction is still where it sent it (§17.1.1.2, §17.1.2.2: the transport error ends it, not Timer B / F).
   */
  protected send(message: SipRequest | SipResponse): boolean {
    try {
      const sent = this.transport.send(message);
      const state = this.state;
      if (sent) sent.then(undefined, (error: unknown) => message === this.request && this.state === state && this.transportFailed(TransportError.from(error)));
      return true;
    } catch (error) {
      this.transportFailed(TransportError.from(error));
      return false;
    }
  }

  /**
   * Reports a transport error to the TU (§17.1.4, §17.2.4), then Terminated; the INVITE
   * server keeps its state (RFC 6026 Figure 7: "Transport Err. / Inform TU").
   */
  protected transportFailed(error: TransportError): void {
    this.user.onTransportError?.(error, this);
    if (this.kind !== "INVITE server") this.terminate();
  }

  /** The retransmission timer fired: send again, then wait MIN(2*interval, cap) unless the send ended the transaction. */
  private static fireRetry(this: SchedulerAction<Transaction<string>>, tx?: Transaction<string>): void {
    if (tx === undefined) return;
    tx.send(tx.last ?? tx.request);
    if (tx.retry !== undefined) this.schedule(tx, (tx.interval = Math.min(2 * tx.interval, tx.cap)));
  }

  /** The timeout timer fired: tell the TU, then Terminated unless the TU moved the machine on. */
  private static fireTimeout(this: SchedulerAction<Transaction<string>>, tx?: Transaction<string>): void {
    if (tx === undefined) return;
    tx.user.onTimeout?.(tx);
    if (tx.timeout !== undefined) tx.transition("Terminated");
  }
}

/** Timers D, I, J, K, L, M: the transaction ends (a queued timer gives no SchedulerAction). */
function endTransaction(tx?: { terminate(): void }): void {
  tx?.terminate();
}

/** Unsubscribes `s` if there is one; returns undefined, to clear the field it came from. */
export function cancelTimer(s: Cancellable | undefined): undefined {
  s?.unsubscribe();
  return undefined;
}
