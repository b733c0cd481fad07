/**
 * Test doubles for the operator marble tests: a registerer whose REGISTERs are answered
 * by marble observables (so each REGISTER's subscription log says when it was sent), an
 * invitation whose state follows a marble, and a thenable that settles synchronously (a
 * Promise would settle after the TestScheduler's synchronous flush).
 */
import { BehaviorSubject, NEVER, Observable, take } from "rxjs";
import type { TestScheduler } from "rxjs/testing";
import { RegistererState, SessionState, SipResponse, type Invitation, type RegistererRegisterOptions, type SessionDescriptionHandler } from "../../../src/index.js";

/** A thenable that fulfils (or rejects with `error`) at once, synchronously. */
export function settled<T>(value: T, error?: unknown): Promise<T> {
  const thenable = {
    then(onFulfilled?: (v: T) => unknown, onRejected?: (e: unknown) => unknown) {
      if (error !== undefined) onRejected?.(error);
      else onFulfilled?.(value);
      return settled(undefined);
    },
    catch(onRejected?: (e: unknown) => unknown) {
      if (error !== undefined) onRejected?.(error);
      return settled(undefined);
    },
  };
  return thenable as unknown as Promise<T>;
}

export function response(statusCode: number, reason = "Reason", headers: Record<string, string> = {}): SipResponse {
  const r = new SipResponse(statusCode, reason);
  for (const [k, v] of Object.entries(headers)) r.addHeader(k, v);
  return r;
}

/** A registerer whose n-th REGISTER is answered with the status code the n-th `outcomes` observable emits. */
export class FakeRegisterer {
  readonly state = new BehaviorSubject<RegistererState>(RegistererState.Initial);
  readonly state$ = this.state.asObservable();
  readonly unregisters: number[] = [];
  readonly responses: SipResponse[] = [];
  private n = 0;

  constructor(
    private readonly scheduler: TestScheduler,
    private readonly outcomes: Observable<number>[],
    readonly userAgent: { reconnect(): Observable<unknown>; scheduler?: TestScheduler } = { reconnect: () => NEVER },
  ) {}

  register(options: RegistererRegisterOptions = {}): Promise<unknown> {
    const outcome = this.outcomes[this.n++] ?? NEVER;
    outcome.pipe(take(1)).subscribe((code) => {
      const r = response(code);
      this.responses.push(r);
      if (code < 300) {
        this.state.next(RegistererState.Registered);
        options.requestDelegate?.onAccept?.({ message: r } as never);
      } else {
        this.state.next(RegistererState.Unregistered);
        options.requestDelegate?.onReject?.({ message: r } as never);
      }
    });
    return settled({});
  }

  unregister(): Promise<unknown> {
    this.unregisters.push(this.scheduler.now());
    if (this.state.value !== RegistererState.Initial) this.state.next(RegistererState.Unregistered);
    return settled({});
  }
}

/** An invitation whose accept() succeeds or fails at once and whose state$ follows `states`. */
export function fakeInvitation(id: string, states: Observable<SessionState>, options: { acceptError?: Error; rejectError?: Error } = {}) {
  const state = new BehaviorSubject<SessionState>(SessionState.Initial);
  const accepted: unknown[] = [];
  const rejected: unknown[] = [];
  let started = false;
  const follow = () => {
    if (started) return;
    started = true;
    states.subscribe({ next: (s) => state.next(s), complete: () => state.complete() });
  };
  const invitation = {
    id,
    get state() {
      return state.value;
    },
    state$: state.asObservable(),
    accepted,
    rejected,
    ring: follow,
    accept(o?: unknown) {
      accepted.push(o);
      if (options.acceptError) return settled(undefined, options.acceptError);
      follow();
      return settled(undefined);
    },
    reject(o?: unknown) {
      rejected.push(o);
      if (options.rejectError) return settled(undefined, options.rejectError);
      state.next(SessionState.Terminated);
      state.complete();
      return settled(undefined);
    },
    sessionDescriptionHandler: undefined as SessionDescriptionHandler | undefined,
  };
  return invitation as typeof invitation & Invitation;
}
