import { Observable, Subject, type SchedulerLike, type Subscription } from "rxjs";
import type { SipRequest, SipResponse } from "../core/messages/index.js";

/**
 * The outcome of a REFER we sent (RFC 3515 §2.4.4–2.4.5): the status lines of the
 * message/sipfrag bodies of the NOTIFYs of the implicit subscription, as a stream that
 * completes on the final one, and a promise of the final status code (the REFER's own
 * failure code when it was refused; its 2xx's code when the peer made no subscription,
 * `Refer-Sub: false` of RFC 4488; 408 when nothing final came before the session or the
 * subscription ended, or no NOTIFY came within 64*T1 of the 2xx).
 *
 * @example
 * ```ts
 * import { UserAgent, type Session } from "rxsip";
 * declare const session: Session;
 *
 * const transfer = session.transfer(UserAgent.makeURI("sip:carol@example.com")!);
 * transfer.progress$.subscribe((line) => console.log(line)); // "SIP/2.0 180 Ringing", "SIP/2.0 200 OK"
 * console.log("transfer ended with", await transfer.outcome);
 * ```
 */
export class ReferralProgress {
  /** The status lines so far (replayed to each new subscriber of `status$`), and those to come. */
  private readonly lines: string[] = [];
  private readonly subject = new Subject<string>();
  private settle!: (code: number) => void;
  private done = false;
  private readonly cleanups: Array<() => void> = [];
  /** RFC 6665 §4.1.2.4 Timer N: the first NOTIFY is due within 64*T1 of the 2xx; null once one came (it may outrun the 2xx). */
  private timerN: Subscription | null | undefined;
  readonly outcome: Promise<number>;
  /**
   * SIP.js's `onNotify` of the REFER options: called with each NOTIFY of the implicit subscription, before
   * its status line reaches `status$`.
   */
  onNotify: ((notification: { request: SipRequest }) => void) | undefined;

  constructor() {
    this.outcome = new Promise<number>((resolve) => (this.settle = resolve));
  }

  get status$(): Observable<string> {
    return new Observable<string>((subscriber) => {
      for (const line of this.lines) subscriber.next(line);
      // once finished, the subject completes the subscriber at once
      return this.subject.subscribe(subscriber);
    });
  }

  /** A NOTIFY of this referral (already answered 200). */
  receive(notify: SipRequest): void {
    if (this.done) return;
    this.timerN?.unsubscribe();
    this.timerN = null;
    this.onNotify?.({ request: notify });
    const line = notify.body.split(/\r?\n/, 1)[0]?.trim() ?? "";
    const m = /^SIP\/2\.0\s+(\d{3})/.exec(line);
    if (m) {
      this.lines.push(line);
      this.subject.next(line);
    }
    const code = m ? Number(m[1]) : 0;
    let terminated = false;
    try {
      terminated = notify.parseHeader("subscription-state", "SubscriptionState")?.state.toLowerCase() === "terminated";
    } catch {
      terminated = false;
    }
    if (code >= 200) this.finish(code);
    // ended without a final status (a provisional is no outcome): as if nothing final came
    else if (terminated) this.finish(408);
  }

  /**
   * The REFER got its 2xx: with `Refer-Sub: false` no subscription exists and that is all that
   * will be known (RFC 4488 §4); otherwise a NOTIFY is due within `wait` ms (64*T1), else 408.
   */
  accepted(response: SipResponse, scheduler: SchedulerLike, wait: number): void {
    if (/^\s*false\b/i.test(response.getHeader("refer-sub") ?? "")) this.finish(response.statusCode);
    else if (this.timerN === undefined && !this.done) this.timerN = scheduler.schedule(() => this.finish(408), wait);
  }

  /** The REFER itself failed. */
  fail(code: number): void {
    this.finish(code);
  }

  /** The session ended before a final NOTIFY. */
  end(): void {
    this.finish(408);
  }

  /**
   * Runs `cleanup` once the referral has its final outcome (at once if it already has), e.g. to forget the
   * subscription that carried it.
   */
  whenDone(cleanup: () => void): void {
    if (this.done) cleanup();
    else this.cleanups.push(cleanup);
  }

  private finish(code: number): void {
    if (this.done) return;
    this.done = true;
    this.timerN?.unsubscribe();
    this.settle(code);
    this.subject.complete();
    for (const c of this.cleanups) c();
  }
}
