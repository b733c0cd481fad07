/**
 * SIP.js's publisher states (RFC 3903).
 *
 * ```
 *  Initial --2xx--> Published --unpublish 2xx / failure--> Unpublished
 *     |                 ^                                       |
 *     |                 +------------ publish 2xx --------------+
 *     +----------------------------- dispose() -------------------> Terminated
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
  export type Initial = typeof PublisherState.Initial;
  export type Published = typeof PublisherState.Published;
  export type Unpublished = typeof PublisherState.Unpublished;
  export type Terminated = typeof PublisherState.Terminated;
}
