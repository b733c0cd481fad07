import { BehaviorSubject, type Observable } from "rxjs";
import { EmitterImpl } from "../Emitter.js";
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
 * callback that throws is logged and does not stop the others.
 */
export class TransportStateMachine {
  readonly stateChange = new EmitterImpl<TransportState>();
  readonly state$: Observable<TransportStatus>;
  private readonly subject = new BehaviorSubject<TransportStatus>({ type: "disconnected" });
  private latest: TransportStatus = { type: "disconnected" };
  private sip: TransportState = TransportState.Disconnected;
  private queue: TransportStatus[] = [];
  private publishing = false;

  constructor(
    private readonly callbacks: StateCallbacks,
    private readonly log: (level: keyof TransportLogger, message: string) => void,
  ) {
    this.state$ = this.subject.asObservable();
  }

  /** The latest status set (possibly not yet delivered to every subscriber). */
  get current(): TransportStatus {
    return this.latest;
  }

  get sipState(): TransportState {
    return this.sip;
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
    this.stateChange.removeAllListeners();
  }

  private publish(s: TransportStatus): void {
    if (sameStatus(this.subject.getValue(), s)) return;
    this.subject.next(s);
    this.setSip(sipStateOf(s), s.type === "disconnected" ? s.error : undefined);
  }

  private setSip(next: TransportState, error?: Error): void {
    const previous = this.sip;
    if (next === previous) return;
    this.sip = next;
    this.guard("stateChange", () => this.stateChange.emit(next));
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
