import { BehaviorSubject, type Observable } from "rxjs";
import type { EmitterImpl } from "../Emitter.js";
import { ListenerError } from "../ListenerError.js";
import { StateHolder } from "../StateHolder.js";
import type { TransportLogger } from "../Transport.js";
import { TransportState } from "../TransportState.js";
import type { TransportStatus } from "../TransportStatus.js";

/** The SIP.js callbacks a state change calls. */
export interface StateCallbacks {
  onConnect: (() => void) | undefined;
  onDisconnect: ((error?: Error) => void) | undefined;
}

/**
 * Holds a transport's {@link TransportStatus} and publishes it: on `state$` (replaying
 * the current one, only on change) and on the SIP.js face derived from it (`state`,
 * `stateChange`, `onConnect`, `onDisconnect`).
 *
 * Emissions are queued: a listener that calls `disconnect()` while `connected` is being
 * delivered does not make later listeners see the states out of order. A listener or
 * callback that throws is logged and does not stop the others. The SIP.js state is held
 * in a {@link StateHolder}, as every API object's state is.
 */
export class TransportStateMachine {
  readonly state$: Observable<TransportStatus>;
  private readonly sip: StateHolder<TransportState>;
  private readonly subject = new BehaviorSubject<TransportStatus>({ type: "disconnected" });
  private latest: TransportStatus = { type: "disconnected" };
  private queue: TransportStatus[] = [];
  private publishing = false;

  constructor(
    private readonly callbacks: StateCallbacks,
    private readonly log: (level: keyof TransportLogger, message: string) => void,
  ) {
    this.state$ = this.subject.asObservable();
    this.sip = new StateHolder<TransportState>(TransportState.Disconnected, { reportError: (e) => this.log("error", logText(e)) }, "transport");
  }

  get stateChange(): EmitterImpl<TransportState> {
    return this.sip.stateChange;
  }

  /** The latest status set (possibly not yet delivered to every subscriber). */
  get current(): TransportStatus {
    return this.latest;
  }

  get sipState(): TransportState {
    return this.sip.value;
  }

  set(next: TransportStatus): void {
    this.latest = next;
    this.queue.push(next);
    if (this.publishing) return;
    this.publishing = true;
    try {
      for (let s = this.queue.shift(); s !== undefined; s = this.queue.shift()) this.publish(s);
    } finally {
      this.publishing = false;
    }
  }

  /** SIP.js's Disconnecting, while `disconnect()` closes what is open. */
  disconnecting(): void {
    if (this.latest.type === "connecting" || this.latest.type === "connected") this.setSip(TransportState.Disconnecting);
  }

  /** Completes `state$` and drops every `stateChange` listener. */
  complete(): void {
    this.subject.complete();
    this.sip.complete();
  }

  private publish(s: TransportStatus): void {
    if (sameStatus(this.subject.getValue(), s)) return;
    this.subject.next(s);
    this.setSip(sipStateOf(s), s.type === "disconnected" ? s.error : undefined);
  }

  private setSip(next: TransportState, error?: Error): void {
    const previous = this.sip.value;
    if (next === previous) return;
    this.sip.set(next);
    if (next === TransportState.Connected) this.guard("onConnect", () => this.callbacks.onConnect?.());
    if (previous === TransportState.Connected) this.guard("onDisconnect", () => this.callbacks.onDisconnect?.(error));
  }

  private guard(what: string, fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.log("error", `a ${what} listener threw: ${e instanceof Error ? e.message : String(e)}`);
    }
  }
}

/** How a listener's error is logged (kept as it was before the state holder). */
function logText(e: Error): string {
  if (e instanceof ListenerError) {
    const cause = e.cause;
    return `a stateChange listener threw: ${cause instanceof Error ? cause.message : String(cause)}`;
  }
  return e.message;
}

function sipStateOf(s: TransportStatus): TransportState {
  switch (s.type) {
    case "connecting":
      return TransportState.Connecting;
    case "connected":
      return TransportState.Connected;
    default:
      return TransportState.Disconnected;
  }
}

function sameStatus(a: TransportStatus, b: TransportStatus): boolean {
  if (a.type !== b.type) return false;
  if (a.type === "disconnected") return a.error === (b as typeof a).error;
  if (a.type === "closed") return true;
  return a.server === (b as typeof a).server;
}
