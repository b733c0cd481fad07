/**
 * SIP.js's registerer states.
 *
 * ```
 *  Initial --2xx--> Registered --unregister 2xx / failure / expiry--> Unregistered
 *     |                 ^                                               |
 *     |                 +------------------- register 2xx --------------+
 *     +---------------------------- dispose() ----------------------------> Terminated
 * ```
 */
export const RegistererState = {
  Initial: "Initial",
  Registered: "Registered",
  Unregistered: "Unregistered",
  Terminated: "Terminated",
} as const;
export type RegistererState = (typeof RegistererState)[keyof typeof RegistererState];

/**
 * Each state is a type of its own too, as with an enum: `const s: RegistererState.Terminated = RegistererState.Terminated`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace RegistererState {
  export type Initial = typeof RegistererState.Initial;
  export type Registered = typeof RegistererState.Registered;
  export type Unregistered = typeof RegistererState.Unregistered;
  export type Terminated = typeof RegistererState.Terminated;
}
