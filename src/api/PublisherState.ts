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
