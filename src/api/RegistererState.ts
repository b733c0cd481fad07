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
