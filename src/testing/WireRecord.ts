/** Why a message never arrived. */
export type DropReason =
  /** The network lost it (the `loss` impairment). */
  | "loss"
  /** No endpoint was open at its address. */
  | "unreachable";

/**
 * One message put on the in-memory wire, recorded when it was sent: a duplicate is a
 * record of its own (`duplicate: true`) right after its original. Optional fields are
 * present only when they say something.
 *
 * @example
 * ```ts
 * import { InMemoryNetwork } from "rxsip/testing";
 *
 * const network = new InMemoryNetwork({ seed: 1, loss: 0.3 });
 * network.log$.subscribe((r) => console.log(r.from, "->", r.to, r.dropped ? `dropped (${r.reason})` : "", r.text.split("\r\n")[0]));
 * ```
 */
export interface WireRecord {
  /** `scheduler.now()` when it was sent. */
  readonly at: number;
  /** Address (`host:port`) of the sending endpoint. */
  readonly from: string;
  /** Address (`host:port`) it was sent to. */
  readonly to: string;
  /** The message exactly as it went on the wire. */
  readonly text: string;
  /** `scheduler.now()` when it is delivered; absent when dropped. */
  readonly deliverAt?: number;
  readonly dropped?: true;
  readonly reason?: DropReason;
  /** This is the extra copy of a duplicated message. */
  readonly duplicate?: true;
  /** This message was held back so that later ones could overtake it. */
  readonly reordered?: true;
}
