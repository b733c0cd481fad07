import { DestroyRef, inject, Injectable, InjectionToken } from "@angular/core";
import { BehaviorSubject, catchError, map, merge, type Observable, of, scan, shareReplay, startWith, Subject, switchMap } from "rxjs";
import {
  acceptInvites,
  callDuration,
  hangup,
  keepRegistered,
  online$,
  Registerer,
  RegistererState,
  SessionState,
  UserAgent,
  type Invitation,
  type InvitationFailedError,
  type Session,
  type UserAgentOptions,
} from "rxsip";

/** The user agent's options (uri, transportOptions, credentials ...), provided by the application. */
export const RXSIP_USER_AGENT_OPTIONS = new InjectionToken<UserAgentOptions>("rxsip UserAgentOptions");

/** What the registration looks like to the user: the registerer's state, or why it stopped for good. */
export type RegistrationView = RegistererState | { failed: string };

/**
 * rxsip as an Angular service: one user agent kept registered by `keepRegistered` (the
 * seed's network-change behaviour: reconnect 3 times, the first at once, then 4 s apart,
 * also when the browser comes back online), incoming calls as a stream, answering through
 * `acceptInvites`, and the current call's state and duration. Every stream is replayed to
 * late subscribers (templates with the async pipe), and the user agent stops with the
 * injector.
 */
@Injectable({ providedIn: "root" })
export class PhoneService {
  readonly userAgent = new UserAgent(inject(RXSIP_USER_AGENT_OPTIONS));
  readonly registerer = new Registerer(this.userAgent);

  /** Registration state; a ReconnectionFailedError or a refusal (403) becomes `{ failed }`. */
  readonly registration$: Observable<RegistrationView> = this.userAgent.connection$.pipe(
    keepRegistered(this.registerer, { online$ }),
    catchError((e: Error) => of({ failed: e.message })),
    shareReplay({ bufferSize: 1, refCount: false }),
  );

  /** The invitation ringing now, if any (the latest; undefined once answered, declined or cancelled). */
  readonly ringing$: Observable<Invitation | undefined>;

  /** Invitations the user chose to answer, handed to `acceptInvites`. */
  private readonly answers = new Subject<Invitation>();
  /** Answers that failed (no microphone, the caller hung up first ...). */
  readonly failures$ = new Subject<InvitationFailedError>();
  private readonly current = new BehaviorSubject<Session | undefined>(undefined);

  /** The call in progress, if any. */
  readonly call$: Observable<Session | undefined> = this.current.asObservable();
  /** Its state (undefined without a call). */
  readonly callState$: Observable<SessionState | undefined> = this.current.pipe(switchMap((s) => (s ? s.state$ : of(undefined))));
  /** How long it has lasted, in whole seconds. */
  readonly callSeconds$: Observable<number> = this.current.pipe(
    switchMap((s) => (s ? s.state$.pipe(callDuration({ scheduler: this.userAgent.scheduler })) : of(0))),
    map((ms) => Math.floor(ms / 1000)),
    startWith(0),
  );

  constructor() {
    const invites$ = this.userAgent.invites$;
    // the latest invitation still ringing: set on arrival, cleared when it stops ringing
    this.ringing$ = merge(
      invites$.pipe(map((i) => ({ add: i }))),
      invites$.pipe(switchMap((i) => i.state$.pipe(map((s) => (s === SessionState.Initial ? undefined : { remove: i }))))),
    ).pipe(
      scan((ringing: Invitation | undefined, change) => {
        if (change === undefined) return ringing;
        if ("add" in change) return change.add;
        return ringing === change.remove ? undefined : ringing;
      }, undefined),
      startWith(undefined),
      shareReplay({ bufferSize: 1, refCount: false }),
    );
    const answered = this.answers.pipe(acceptInvites(undefined, { failures: this.failures$ })).subscribe((session) => this.current.next(session));
    const ringing = this.ringing$.subscribe();
    inject(DestroyRef).onDestroy(() => {
      answered.unsubscribe();
      ringing.unsubscribe();
      void this.userAgent.stop();
    });
  }

  /** Connects (registration follows on its own). */
  start(): Promise<void> {
    return this.userAgent.start();
  }

  answer(invitation: Invitation): void {
    this.answers.next(invitation);
  }

  decline(invitation: Invitation): void {
    invitation.reject({ statusCode: 486 }).catch(() => undefined);
  }

  hangUp(): void {
    const session = this.current.value;
    if (session) hangup(session).catch(() => undefined);
  }
}
