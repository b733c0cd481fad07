import { asyncScheduler, BehaviorSubject, Observable, type SchedulerLike } from "rxjs";
import type { SipRequest, SipResponse } from "../messages/index.js";
import { TransportError } from "./errors.js";
import { timersFor, type TimerOptions, type Timers } from "./TimerOptions.js";
import type { Cancellable, TimerQueues } from "./TimerQueue.js";
import type { TransactionTransport } from "./TransactionTransport.js";

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
  /** The key under which the TransactionLayer stores the transaction ("" when not stored). */
  key = "";
  /** The timers for this transaction's transport (shared, frozen). */
  readonly timers: Timers;
  protected current: S;
  protected readonly scheduler: SchedulerLike;
  protected readonly registry: TransactionRegistry | undefined;
  protected readonly queues: TimerQueues | undefined;
  private subject: BehaviorSubject<S> | undefined;

  constructor(
    /** The request that created the transaction. */
    readonly request: SipRequest,
    readonly transport: TransactionTransport,
    initial: S,
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
      return this.stateSubject().subscribe(subscriber);
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

  /** The machine's one transition function; `forced` allows any state to reach Terminated. */
  protected abstract transition(to: S, forced?: boolean): void;
  /** Unsubscribes every scheduled action of the machine. */
  protected abstract clearTimers(): void;
  /** Tells the TU the transaction terminated. */
  protected abstract notifyTerminated(): void;
  /** Reports a transport error to the TU and moves on as the machine's figure says. */
  protected abstract transportFailed(error: TransportError): void;

  /** Sets the state and emits it; on Terminated clears timers, leaves the store, tells the TU, completes state$. */
  protected setState(to: S): void {
    this.current = to;
    if (to === "Terminated") this.clearTimers();
    this.subject?.next(to);
    if (to === "Terminated") {
      this.registry?.remove(this);
      this.notifyTerminated();
      this.subject?.complete();
    }
  }

  /** Passes `message` to the transport; a throw is reported via transportFailed and gives false. */
  protected send(message: SipRequest | SipResponse): boolean {
    try {
      this.transport.send(message);
      return true;
    } catch (error) {
      this.transportFailed(TransportError.from(error));
      return false;
    }
  }

  private stateSubject(): BehaviorSubject<S> {
    return (this.subject ??= new BehaviorSubject(this.current));
  }
}

/** Unsubscribes `s` if there is one; returns undefined, to clear the field it came from. */
export function cancelTimer(s: Cancellable | undefined): undefined {
  s?.unsubscribe();
  return undefined;
}
