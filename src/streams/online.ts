import { Observable, type Subscriber } from "rxjs";

/** What `online$` listens to: a window-like event target with a navigator. */
export interface OnlineTarget {
  readonly navigator: { readonly onLine: boolean };
  /** Subscribes to the `online` / `offline` events. */
  addEventListener(type: "online" | "offline", listener: () => void): void;
  /** Unsubscribes from them. */
  removeEventListener(type: "online" | "offline", listener: () => void): void;
}

/**
 * Options of {@link online$}: a window-like target to listen to, or a stream of your own (Node).
 *
 * @example
 * ```ts
 * import { onlineStatus } from "rxsip";
 * import { BehaviorSubject } from "rxjs";
 *
 * // Node: the application says when the network is there
 * const network = new BehaviorSubject(true);
 * onlineStatus({ source: network }).subscribe((online) => console.log(online));
 * network.next(false);
 * ```
 */
export interface OnlineOptions {
  /** Listen to this target's `online` / `offline` events (default: `globalThis` in a browser). */
  target?: OnlineTarget;
  /** Use this stream instead (Node: the application knows best; default `of(true)` there). */
  source?: Observable<boolean>;
}

/**
 * Whether the device is online, as a stream: `navigator.onLine` first, then `true` on
 * every `online` event and `false` on every `offline` event, without repeats. Shared:
 * one pair of listeners however many subscribers, added on the first subscription and
 * removed when the last one leaves. Where there is no browser window (Node), the stream
 * the application supplies, or `of(true)`.
 *
 * ```
 * events   ----off---on----on---off--
 * online$  t---f-----t----------f----
 * ```
 *
 * `navigator.onLine === false` means offline for sure; `true` only means that a network
 * interface is up. Use it to reconnect early, never as proof of connectivity.
 *
 * @example
 * ```ts
 * import { onlineStatus, type UserAgent } from "rxsip";
 * import { filter } from "rxjs";
 * declare const userAgent: UserAgent;
 *
 * onlineStatus().pipe(filter(Boolean)).subscribe(() => void userAgent.reconnect());
 * ```
 */
export function onlineStatus(options?: OnlineOptions): Observable<boolean> {
  if (options?.source) return options.source;
  const target = options?.target ?? browserTarget();
  if (!target)
    return new Observable<boolean>((subscriber) => {
      subscriber.next(true);
      subscriber.complete();
    });
  // shared by hand: one pair of listeners for every subscriber, the last value replayed
  const subscribers = new Set<Subscriber<boolean>>();
  let last = true;
  const tell = (online: boolean) => {
    if (online === last) return;
    last = online;
    for (const s of [...subscribers]) s.next(online);
  };
  const online = () => tell(true);
  const offline = () => tell(false);
  return new Observable<boolean>((subscriber) => {
    if (subscribers.size === 0) {
      target.addEventListener("online", online);
      target.addEventListener("offline", offline);
      last = target.navigator.onLine;
    }
    subscribers.add(subscriber);
    subscriber.next(last);
    return () => {
      subscribers.delete(subscriber);
      if (subscribers.size > 0) return;
      target.removeEventListener("online", online);
      target.removeEventListener("offline", offline);
    };
  });
}

function browserTarget(): OnlineTarget | undefined {
  const g = globalThis as unknown as Partial<OnlineTarget> & { navigator?: { onLine?: unknown } };
  if (typeof g.addEventListener !== "function" || typeof g.removeEventListener !== "function") return undefined;
  if (typeof g.navigator?.onLine !== "boolean") return undefined;
  return g as OnlineTarget;
}

let shared: Observable<boolean> | undefined;

/**
 * The browser's online status (see {@link onlineStatus}); `of(true)` outside a browser.
 * Nothing is listened to until it is subscribed.
 *
 * @example
 * ```ts
 * import { online$ } from "rxsip";
 *
 * online$.subscribe((online) => console.log(online ? "back online" : "offline")); // navigator.onLine, then changes
 * ```
 */
export const online$: Observable<boolean> = /*#__PURE__*/ new Observable<boolean>((subscriber) =>
  (shared ??= onlineStatus()).subscribe(subscriber),
);
