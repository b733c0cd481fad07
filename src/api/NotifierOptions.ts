import type { OutgoingRequestDelegate } from "./requestTypes.js";

/**
 * How a {@link Notifier} grants lifetimes.
 *
 * @example
 * ```ts
 * import { Notifier, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.subscriptions$.subscribe((context) => {
 *   new Notifier(userAgent, context, { minExpires: 60, maxExpires: 3600, defaultExpires: 600 }); // 423 below a minute
 * });
 * ```
 */
export interface NotifierOptions {
  /** Lifetime granted when a SUBSCRIBE has no Expires: the event package's default, seconds (default 3600). */
  defaultExpires?: number;
  /** Longest lifetime granted, seconds (a SUBSCRIBE asking for more gets this; RFC 6665 §4.2.1.1 lets a notifier shorten). */
  maxExpires?: number;
  /** Shortest lifetime accepted: a SUBSCRIBE asking for less (but not 0) is answered 423 with Min-Expires (RFC 6665 §4.2.1.1). */
  minExpires?: number;
}

/**
 * Options of {@link Notifier.accept}.
 *
 * @example
 * ```ts
 * import type { Notifier } from "rxsip";
 * declare const notifier: Notifier;
 *
 * // 202, "pending" until the user allows it (RFC 6665 §4.2.1)
 * await notifier.accept({ pending: true, statusCode: 202, expires: 600 });
 * ```
 */
export interface NotifierAcceptOptions {
  /** Lifetime to grant, seconds: at most what the SUBSCRIBE asked for; later refreshes get at most this too. */
  expires?: number;
  /** 200 (default) or 202 (RFC 6665 §4.2.1.1 deprecates 202 but allows it). */
  statusCode?: 200 | 202;
  /** Accept as `pending` (not yet authorised); the first `notify()` makes it active. */
  pending?: boolean;
  /** The resource's current state, sent in the immediate NOTIFY (RFC 6665 §4.2.1.2) and in later ones until `notify()` gives another. */
  body?: string;
  contentType?: string;
  /** "Name: value" lines added to the 2xx. */
  extraHeaders?: string[];
}

/** Options of {@link Notifier.notify}. */
export interface NotifierNotifyOptions {
  /** "Name: value" lines added to the NOTIFY. */
  extraHeaders?: string[];
  requestDelegate?: OutgoingRequestDelegate;
}

/**
 * Options of {@link Notifier.terminate}.
 *
 * @example
 * ```ts
 * import type { Notifier } from "rxsip";
 * declare const notifier: Notifier;
 *
 * await notifier.terminate("probation", { retryAfter: 300 }); // Subscription-State: terminated;reason=probation;retry-after=300
 * ```
 */
export interface NotifierTerminateOptions extends NotifierNotifyOptions {
  /** retry-after parameter: seconds before the subscriber should try again. */
  retryAfter?: number;
  /** A last state to carry in the final NOTIFY. */
  body?: string;
  contentType?: string;
}
