/**
 * SIP timer values (RFC 3261 §17.1.1.1 and Table 4 in Appendix A; RFC 6026 §8.11 for L and M).
 *
 * Only T1, T2 and T4 (and the 100 Trying delay) are options; every other timer is derived from
 * them and from the reliability of the transport the transaction uses, so that D, I, J and K
 * are zero over TCP / TLS / SCTP / WebSocket and long over UDP.
 *
 * https://www.rfc-editor.org/rfc/rfc3261#appendix-A
 *
 * @example
 * ```ts
 * import { UserAgent } from "rxsip";
 *
 * new UserAgent({ timers: { T1: 1000, T2: 8000 } }); // a slow link: retransmit later, give up later
 * ```
 */
export interface TimerOptions {
  /** RTT estimate, ms (default 500, RFC 3261 §17.1.1.1). */
  readonly T1?: number;
  /** Longest interval between retransmissions of non-INVITE requests and INVITE responses, ms (default 4000). */
  readonly T2?: number;
  /** Longest time a message stays in the network, ms (default 5000). */
  readonly T4?: number;
  /**
   * How long an INVITE server transaction waits for the TU's first response before it
   * answers 100 (Trying) itself, ms (default 200, RFC 3261 §17.2.1).
   */
  readonly tryingDelay?: number;
}

/** Every timer of the four transaction machines for one transport reliability, in ms. */
export interface Timers {
  readonly T1: number;
  readonly T2: number;
  readonly T4: number;
  /** Whether the values were derived for a reliable transport. */
  readonly reliable: boolean;
  /** INVITE request retransmit interval, first value (doubles unbounded); unreliable transports only. */
  readonly A: number;
  /** INVITE transaction timeout: 64*T1. */
  readonly B: number;
  /** Proxy INVITE transaction timeout: > 3 min (not used by user agents; here for completeness). */
  readonly C: number;
  /** Wait time for response retransmissions: max(32 s, 64*T1) over unreliable transports, 0 over reliable ones. */
  readonly D: number;
  /** Non-INVITE request retransmit interval, first value (doubles up to T2); unreliable transports only. */
  readonly E: number;
  /** Non-INVITE transaction timeout: 64*T1. */
  readonly F: number;
  /** INVITE response retransmit interval, first value (doubles up to T2); unreliable transports only. */
  readonly G: number;
  /** Wait time for ACK receipt: 64*T1. */
  readonly H: number;
  /** Wait time for ACK retransmissions: T4 over unreliable transports, 0 over reliable ones. */
  readonly I: number;
  /** Wait time for non-INVITE request retransmissions: 64*T1 over unreliable transports, 0 over reliable ones. */
  readonly J: number;
  /** Wait time for response retransmissions: T4 over unreliable transports, 0 over reliable ones. */
  readonly K: number;
  /** INVITE server transaction in Accepted: 64*T1 (RFC 6026 §8.11). */
  readonly L: number;
  /** INVITE client transaction in Accepted: 64*T1 (RFC 6026 §8.11). */
  readonly M: number;
  /** Delay before the INVITE server transaction sends 100 (Trying) itself (RFC 3261 §17.2.1). */
  readonly trying: number;
}

/**
 * T1 of RFC 3261 §17.1.1.1, 500 ms: the round-trip estimate that sets the first retransmission interval.
 *
 * @example
 * ```ts
 * import { DEFAULT_T1, UserAgent } from "rxsip";
 *
 * // a high-latency satellite link: a larger RTT estimate, so UDP retransmissions start later
 * new UserAgent({ timers: { T1: 2 * DEFAULT_T1 } });
 * ```
 */
export const DEFAULT_T1 = 500;
/**
 * T2 of RFC 3261 §17.1.2.2, 4000 ms: the longest retransmission interval of non-INVITE requests and INVITE
 * responses.
 *
 * @example
 * ```ts
 * import { DEFAULT_T2, timersFor } from "rxsip/core";
 *
 * timersFor({}, false).T2 === DEFAULT_T2; // true
 * ```
 */
export const DEFAULT_T2 = 4000;
/**
 * T4 of RFC 3261 §17.1.2.2, 5000 ms: the longest time a message may remain in the network.
 *
 * @example
 * ```ts
 * import { DEFAULT_T4, timersFor } from "rxsip/core";
 *
 * timersFor({}, false).K === DEFAULT_T4; // true: Timer K is T4 over UDP
 * ```
 */
export const DEFAULT_T4 = 5000;
export const DEFAULT_TRYING_DELAY = 200;

/** Derived timers by options object: [unreliable, reliable]. */
const cache = new WeakMap<TimerOptions, Array<Timers | undefined>>();
/** Stands for absent options, so that every user agent without them shares two objects. */
const NO_OPTIONS: TimerOptions = {};

/**
 * The timer values for a transport of the given reliability. Results are frozen and cached
 * per options object, so every transaction of a user agent shares the same two objects.
 *
 * @example
 * ```ts
 * import { timersFor } from "rxsip/core";
 *
 * const udp = timersFor({}, false);
 * console.log(udp.A, udp.B, udp.D); // 500 32000 32000
 * const tcp = timersFor({}, true);
 * console.log(tcp.D, tcp.K); // 0 0: no wait states over a reliable transport
 * ```
 */
export function timersFor(options: TimerOptions | undefined, reliable: boolean): Timers {
  const key = options ?? NO_OPTIONS;
  let entry = cache.get(key);
  if (entry === undefined) cache.set(key, (entry = []));
  return (entry[+reliable] ??= derive(key, reliable));
}

function derive(options: TimerOptions, reliable: boolean): Timers {
  const T1 = positive(options.T1, DEFAULT_T1, "T1");
  const T2 = positive(options.T2, DEFAULT_T2, "T2");
  const T4 = positive(options.T4, DEFAULT_T4, "T4");
  const trying = positive(options.tryingDelay, DEFAULT_TRYING_DELAY, "tryingDelay");
  const t64 = 64 * T1;
  // Timers I and K: T4 over unreliable transports, 0 over reliable ones
  const k = reliable ? 0 : T4;
  return Object.freeze({
    T1,
    T2,
    T4,
    reliable,
    A: T1,
    B: t64,
    C: 180_000,
    // §17.1.1.2: "at least 32 seconds"; it should cover Timer H of the server (64*T1).
    D: reliable ? 0 : Math.max(32_000, t64),
    E: T1,
    F: t64,
    G: T1,
    H: t64,
    I: k,
    J: reliable ? 0 : t64,
    K: k,
    L: t64,
    M: t64,
    trying,
  });
}

function positive(value: number | undefined, fallback: number, name: string): number {
  if (value === undefined) return fallback;
  if (!(value > 0) || !Number.isFinite(value)) throw new RangeError(`timer ${name} must be a positive number of ms, got ${value}`);
  return value;
}
