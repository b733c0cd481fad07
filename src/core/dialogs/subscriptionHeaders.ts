import type { EventData } from "../grammar/ast.js";
import type { SipRequest, SipResponse } from "../messages/index.js";

/** A Subscription-State value (RFC 6665 §8.2.3): `active`, `pending` or `terminated`, with its parameters. */
export interface SubscriptionStateValue {
  state: "active" | "pending" | "terminated";
  /** Seconds left (active / pending). */
  expires?: number;
  /** Why it ended (terminated): deactivated, probation, rejected, timeout, giveup, noresource, invariant. */
  reason?: string;
  /** Seconds before the subscriber should try again (terminated). */
  retryAfter?: number;
}

/**
 * The Event header of a request as event type and `id` (RFC 6665 §8.2.1); undefined when absent. Throws ParseError when malformed.
 *
 * @example
 * ```ts
 * import { readEvent, type SipRequest } from "rxsip/core";
 * declare const notify: SipRequest; // Event: refer;id=93809824
 *
 * readEvent(notify); // { type: "refer", id: "93809824" }
 * ```
 */
export function readEvent(request: SipRequest): { type: string; id: string | undefined } | undefined {
  const data: EventData | undefined = request.parseHeader("event", "Event");
  if (data === undefined) return undefined;
  const id = data.params["id"];
  return { type: data.event, id: id === null || id === undefined ? undefined : id };
}

/**
 * "presence;id=7" as type and id, for events given by the application.
 *
 * @example
 * ```ts
 * import { splitEvent } from "rxsip/core";
 *
 * splitEvent("refer;id=93809824"); // { type: "refer", id: "93809824" }
 * ```
 */
export function splitEvent(value: string): { type: string; id: string | undefined } {
  const [type = "", ...params] = value.split(";").map((s) => s.trim());
  const id = params.find((p) => p.toLowerCase().startsWith("id="))?.slice(3);
  return { type, id };
}

/**
 * Whether two Event values name the same subscription (RFC 6665 §7.2.1, §8.2.1): same event
 * type and the same `id` (or none on both). Types are compared without regard to case, to be
 * lenient with peers that capitalise package names.
 *
 * @example
 * ```ts
 * import { eventMatches, splitEvent } from "rxsip/core";
 *
 * eventMatches(splitEvent("presence"), splitEvent("Presence")); // true
 * eventMatches(splitEvent("refer;id=1"), splitEvent("refer;id=2")); // false
 * ```
 */
export function eventMatches(a: { type: string; id: string | undefined }, b: { type: string; id: string | undefined }): boolean {
  return a.type.toLowerCase() === b.type.toLowerCase() && a.id === b.id;
}

/**
 * The Subscription-State of a NOTIFY (RFC 6665 §4.1.3); undefined when absent. Throws ParseError when malformed.
 *
 * @example
 * ```ts
 * import { readSubscriptionState, type SipRequest } from "rxsip/core";
 * declare const notify: SipRequest; // Subscription-State: terminated;reason=noresource
 *
 * const state = readSubscriptionState(notify);
 * if (state?.state === "terminated") console.log("ended:", state.reason);
 * ```
 */
export function readSubscriptionState(request: SipRequest): { state: string; expires: number | undefined; reason: string | undefined; retryAfter: number | undefined } | undefined {
  const data = request.parseHeader("subscription-state", "SubscriptionState");
  if (data === undefined) return undefined;
  const num = (v: string | null | undefined) => (v === null || v === undefined || !/^\d+$/.test(v) ? undefined : Number(v));
  const reason = data.params["reason"];
  return {
    state: data.state.toLowerCase(),
    expires: num(data.params["expires"]),
    reason: reason === null || reason === undefined ? undefined : reason.toLowerCase(),
    retryAfter: num(data.params["retry-after"]),
  };
}

/**
 * The text of a Subscription-State header: `active;expires=600`, `terminated;reason=timeout`.
 *
 * @example
 * ```ts
 * import { formatSubscriptionState } from "rxsip/core";
 *
 * formatSubscriptionState({ state: "active", expires: 600 }); // "active;expires=600"
 * formatSubscriptionState({ state: "terminated", reason: "noresource" }); // "terminated;reason=noresource"
 * ```
 */
export function formatSubscriptionState(value: SubscriptionStateValue): string {
  let out: string = value.state;
  if (value.state !== "terminated" && value.expires !== undefined) out += `;expires=${Math.max(0, Math.floor(value.expires))}`;
  if (value.state === "terminated" && value.reason !== undefined) out += `;reason=${value.reason}`;
  if (value.state === "terminated" && value.retryAfter !== undefined) out += `;retry-after=${Math.max(0, Math.floor(value.retryAfter))}`;
  return out;
}

/**
 * The longest lifetime, in seconds (about 23 days), that subscriptions and publications are
 * timed for: a JavaScript timer waits at most 2**31-1 ms and fires at once when asked for
 * longer, which would expire or refresh a 30-day grant immediately. A longer grant is
 * refreshed as if it were this long; a notifier grants no more.
 */
export const LONGEST_TIMED_LIFETIME = 2_000_000;

/**
 * The lifetime a 2xx to SUBSCRIBE or PUBLISH grants (its Expires, RFC 6665 §4.1.2.1,
 * RFC 3903 §4.1), or `asked` when it has none or one that is not delta-seconds: a peer's
 * unreadable value must not stop the refresh (nor the answer's handling) half way.
 * At most {@link LONGEST_TIMED_LIFETIME}.
 */
export function grantedExpires(response: SipResponse, asked: number): number {
  let granted: number;
  try {
    granted = response.expires ?? asked;
  } catch {
    granted = asked;
  }
  return Math.min(granted, LONGEST_TIMED_LIFETIME);
}
