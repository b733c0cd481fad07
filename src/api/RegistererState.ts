/**
 * SIP.js's registerer states.
 *
 * ```
 *  Initial --2xx--> Registered --unregister 2xx / failure / expiry--> Unregistered
 *     |                 ^                                               |
 *     |                 +------------------- register 2xx --------------+
 *     +---------------------------- dispose() ----------------------------> Terminated
 * ```
 *
 * @example
 * ```ts
 * import { RegistererState, type Registerer } from "rxsip";
 * declare const registerer: Registerer;
 *
 * registerer.stateChange.addListener((state) => {
 *   if (state === RegistererState.Registered) console.log("reachable");
 * });
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
  /** The type of `RegistererState.Initial`: no REGISTER has been answered yet. */
  export type Initial = typeof RegistererState.Initial;
  /** The type of `RegistererState.Registered`: the binding is in place and is refreshed before it expires. */
  export type Registered = typeof RegistererState.Registered;
  /**
   * The type of `RegistererState.Unregistered`: the binding was removed, refused or lost; `register()` may
   * register again.
   */
  export type Unregistered = typeof RegistererState.Unregistered;
  /** The type of `RegistererState.Terminated`: disposed: no further REGISTER. */
  export type Terminated = typeof RegistererState.Terminated;
}
