import { BehaviorSubject, type Observable, type SchedulerLike, type Subscription } from "rxjs";
import type { Uri } from "../../core/messages/Uri.js";
import type { Binding } from "./Binding.js";
import { flowInfo, type RegistrarFlow } from "./RegistrarFlow.js";

/** A binding and what the registrar keeps beside it: the parsed URI, the live flow, the expiry timer. */
export interface BindingRecord {
  binding: Binding;
  readonly uri: Uri;
  flow: RegistrarFlow;
  /** Scheduler time of the last REGISTER that set it. */
  updatedAt: number;
  timer: Subscription | undefined;
}

/** What a REGISTER asks for one contact. */
export interface BindingUpdate {
  readonly aor: string;
  readonly uri: Uri;
  readonly contact: string;
  readonly expires: number;
  readonly callId: string;
  readonly cseq: number;
  readonly instance?: string;
  readonly flow: RegistrarFlow;
}

/**
 * The location service (RFC 3261 §10.3): bindings per AOR user, each removed by a timer on
 * the scheduler when it expires, so expiry runs in virtual time under a TestScheduler.
 * `bindings$` replays the current list and emits on every change.
 */
export class BindingStore {
  private readonly byAor = new Map<string, BindingRecord[]>();
  private readonly subject = new BehaviorSubject<readonly Binding[]>([]);
  readonly bindings$: Observable<readonly Binding[]> = this.subject.asObservable();

  constructor(private readonly scheduler: SchedulerLike) {}

  /** Every binding, by AOR in order of first registration. */
  get all(): readonly Binding[] {
    return this.subject.value;
  }

  /** The bindings of an AOR user, the most recently refreshed first. */
  recordsOf(aor: string): readonly BindingRecord[] {
    return [...(this.byAor.get(aor) ?? [])].sort((a, b) => b.updatedAt - a.updatedAt);
  }

  /** The binding whose contact URI is `uri` (RFC 3261 §19.1.4 comparison). */
  find(aor: string, uri: Uri): BindingRecord | undefined {
    return this.byAor.get(aor)?.find((r) => r.uri.equals(uri));
  }

  /** The binding whose contact is at `host:port` (port 5060 when absent), of any AOR. */
  findByAddress(host: string, port: number | undefined): BindingRecord | undefined {
    const h = host.toLowerCase();
    const p = port ?? 5060;
    for (const records of this.byAor.values()) {
      for (const r of records) if (r.uri.host.toLowerCase() === h && (r.uri.port ?? 5060) === p) return r;
    }
    return undefined;
  }

  /** Adds or refreshes a binding (expires > 0); its timer starts again. */
  set(update: BindingUpdate): void {
    const records = this.byAor.get(update.aor) ?? [];
    const existing = records.find((r) => r.uri.equals(update.uri));
    existing?.timer?.unsubscribe();
    const now = this.scheduler.now();
    const binding: Binding = {
      aor: update.aor,
      contact: update.contact,
      expires: update.expires,
      expiresAt: now + update.expires * 1000,
      callId: update.callId,
      cseq: update.cseq,
      ...(update.instance !== undefined ? { instance: update.instance } : {}),
      flow: flowInfo(update.flow),
    };
    const record: BindingRecord = existing ?? { binding, uri: update.uri, flow: update.flow, updatedAt: now, timer: undefined };
    record.binding = binding;
    record.flow = update.flow;
    record.updatedAt = now;
    record.timer = this.scheduler.schedule(() => this.remove(update.aor, record), update.expires * 1000);
    if (existing === undefined) {
      records.push(record);
      this.byAor.set(update.aor, records);
    }
    this.publish();
  }

  /** Removes one binding (Expires 0, or its timer fired). */
  remove(aor: string, record: BindingRecord): void {
    const records = this.byAor.get(aor);
    const i = records?.indexOf(record) ?? -1;
    if (records === undefined || i === -1) return;
    record.timer?.unsubscribe();
    records.splice(i, 1);
    if (records.length === 0) this.byAor.delete(aor);
    this.publish();
  }

  /** Removes every binding of an AOR (`Contact: *`, RFC 3261 §10.2.2). */
  removeAll(aor: string): void {
    const records = this.byAor.get(aor);
    if (records === undefined) return;
    for (const r of records) r.timer?.unsubscribe();
    this.byAor.delete(aor);
    this.publish();
  }

  /** Removes the bindings that were made over a flow that has ended (a closed connection). */
  removeFlow(flowId: string): void {
    let changed = false;
    for (const [aor, records] of this.byAor) {
      const kept = records.filter((r) => r.flow.id !== flowId);
      if (kept.length === records.length) continue;
      for (const r of records) if (r.flow.id === flowId) r.timer?.unsubscribe();
      changed = true;
      if (kept.length === 0) this.byAor.delete(aor);
      else this.byAor.set(aor, kept);
    }
    if (changed) this.publish();
  }

  /** Cancels every timer and completes `bindings$`. */
  dispose(): void {
    for (const records of this.byAor.values()) for (const r of records) r.timer?.unsubscribe();
    this.byAor.clear();
    this.subject.next([]);
    this.subject.complete();
  }

  private publish(): void {
    const list: Binding[] = [];
    for (const records of this.byAor.values()) for (const r of records) list.push(r.binding);
    this.subject.next(list);
  }
}
