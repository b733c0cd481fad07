import type { SchedulerAction, SchedulerLike, Subscription } from "rxjs";
import type { SipResponse } from "../messages/index.js";
import type { InviteServerTransaction } from "../transactions/index.js";

/**
 * A UAS's 2xx to an INVITE waiting for its ACK (RFC 3261 §13.3.1.4): "the 2xx response is
 * passed to the transport with an interval that starts at T1 seconds and doubles for each
 * retransmission until it reaches T2 seconds", over unreliable transports only; "If the
 * server retransmits the 2xx response for 64*T1 seconds without receiving an ACK, the dialog
 * is confirmed, but the session SHOULD be terminated" (`onGiveUp`). `stop` when the ACK came.
 * Its timers are scheduled with the object as state: no closure per call.
 *
 * With `always`, the same wait serves a reliable provisional response awaiting its PRACK
 * (RFC 3262 §3: retransmitted from T1, doubling, over every transport, for 64*T1; pass
 * `Infinity` as `t2`).
 *
 * @example
 * ```ts
 * import { Pending2xx, type InviteServerTransaction, type SipResponse } from "rxsip/core";
 * import { asyncScheduler } from "rxjs";
 * declare const ok: SipResponse; // our 2xx to an INVITE
 * declare const tx: InviteServerTransaction;
 *
 * const pending = new Pending2xx(ok, tx, asyncScheduler, 4000, 500, () => console.log("no ACK: end the call"));
 * // ... when the ACK with CSeq `pending.seq` arrives:
 * pending.stop();
 * ```
 */
export class Pending2xx {
  private retransmit: Subscription | undefined;
  private giveUp: Subscription | undefined;
  private interval: number;
  private done = false;

  constructor(
    readonly response: SipResponse,
    /** The INVITE's server transaction (its request tells whether the 2xx carries our offer). */
    readonly tx: InviteServerTransaction,
    scheduler: SchedulerLike,
    private readonly t2: number,
    t1: number,
    private readonly onGiveUp: () => void,
    always = false,
  ) {
    this.interval = t1;
    if (always || !tx.transport.reliable) this.retransmit = scheduler.schedule(Pending2xx.fireRetransmit, t1, this);
    this.giveUp = scheduler.schedule(Pending2xx.fireGiveUp, 64 * t1, this);
  }

  /** The CSeq number an ACK must carry to acknowledge this 2xx. */
  get seq(): number {
    return this.response.cseq.seq;
  }

  /** Stops the retransmissions and the give-up timer: the ACK arrived, or the session ended. */
  stop(): void {
    this.done = true;
    this.stopRetransmitting();
    this.giveUp?.unsubscribe();
    this.giveUp = undefined;
  }

  /** Stops the retransmissions only: the give-up timer still runs. */
  stopRetransmitting(): void {
    this.retransmit?.unsubscribe();
    this.retransmit = undefined;
  }

  private static fireRetransmit(this: SchedulerAction<Pending2xx>, p?: Pending2xx): void {
    if (p === undefined || p.done) return;
    p.tx.respond(p.response);
    p.interval = Math.min(p.interval * 2, p.t2);
    this.schedule(p, p.interval);
  }

  private static fireGiveUp(this: SchedulerAction<Pending2xx>, p?: Pending2xx): void {
    if (p === undefined || p.done) return;
    p.stop();
    p.onGiveUp();
  }
}
