/**
 * SIP.js's publisher states (RFC 3903).
 *
 * ```
 *  Initial --2xx--> Published --unpublish 2xx / failure--> Unpublished
 *     |                 ^                                       |
 *     |                 +------------ publish 2xx --------------+
 *     +----------------------------- dispose() -------------------> Terminated
 * ```
 *
 * @example
 * ```ts
 * import { PublisherState, type Publisher } from "rxsip";
 * declare const publisher: Publisher;
 *
 * publisher.state$.subscribe((state) => {
 *   if (state === PublisherState.Published) console.log("presence is online");
 * });
 * ```
 */
export const PublisherState = {
  Initial: "Initial",
  Published: "Published",
  Unpublished: "Unpublished",
  Terminated: "Terminated",
} as const;
export type PublisherState = (typeof PublisherState)[keyof typeof PublisherState];

/**
 * Each state is a type of its own too, as with an enum: `const s: PublisherState.Terminated = PublisherState.Terminated`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace PublisherState {
  /** The type of `PublisherState.Initial`: nothing published yet. */
  export type Initial = typeof PublisherState.Initial;
  /**
   * The type of `PublisherState.Published`: the last PUBLISH was accepted: the event state is held by the
   * server and refreshed.
   */
  export type Published = typeof PublisherState.Published;
  /**
   * The type of `PublisherState.Unpublished`: removed from the server (unpublish() or a failure); `publish()`
   * may publish again.
   */
  export type Unpublished = typeof PublisherState.Unpublished;
  /** The type of `PublisherState.Terminated`: disposed: no further PUBLISH. */
  export type Terminated = typeof PublisherState.Terminated;
}
