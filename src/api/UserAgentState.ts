/**
 * SIP.js's user agent states.
 *
 * ```
 *  Stopped --start()--> Started --stop()--> Stopped
 * ```
 *
 * @example
 * ```ts
 * import { UserAgentState, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * if (userAgent.state === UserAgentState.Stopped) await userAgent.start();
 * ```
 */
export const UserAgentState = {
  Started: "Started",
  Stopped: "Stopped",
} as const;
export type UserAgentState = (typeof UserAgentState)[keyof typeof UserAgentState];

/**
 * Each state is a type of its own too, as with an enum: `const s: UserAgentState.Stopped = UserAgentState.Stopped`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace UserAgentState {
  /** The type of `UserAgentState.Started`: started and handling requests. */
  export type Started = typeof UserAgentState.Started;
  /** The type of `UserAgentState.Stopped`: not started, or stopped. */
  export type Stopped = typeof UserAgentState.Stopped;
}
