/**
 * SIP.js's user agent states.
 *
 * ```
 *  Stopped --start()--> Started --stop()--> Stopped
 * ```
 */
export const UserAgentState = {
  Started: "Started",
  Stopped: "Stopped",
} as const;
export type UserAgentState = (typeof UserAgentState)[keyof typeof UserAgentState];
