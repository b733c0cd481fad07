/**
 * SIP.js's session states.
 *
 * ```
 *  Initial --invite()/accept()--> Establishing --2xx/ACK--> Established --bye()--> Terminating
 *     |                               |                          |                      |
 *     +--------- reject / cancel -----+------ BYE received ------+----------------------+--> Terminated
 * ```
 *
 * @example
 * ```ts
 * import { SessionState, type Session } from "rxsip";
 * declare const session: Session;
 *
 * session.stateChange.addListener((state) => {
 *   switch (state) {
 *     case SessionState.Established:
 *       console.log("talking");
 *       break;
 *     case SessionState.Terminated:
 *       console.log("call ended");
 *       break;
 *   }
 * });
 * ```
 */
export const SessionState = {
  Initial: "Initial",
  Establishing: "Establishing",
  Established: "Established",
  Terminating: "Terminating",
  Terminated: "Terminated",
} as const;
export type SessionState = (typeof SessionState)[keyof typeof SessionState];

/**
 * Each state is a type of its own too, as with an enum: `const s: SessionState.Terminated = SessionState.Terminated`
 * compiles as in SIP.js, whose states are TypeScript enums.
 */
export declare namespace SessionState {
  /** The type of `SessionState.Initial`: created; no INVITE sent (Inviter) or not yet answered (Invitation). */
  export type Initial = typeof SessionState.Initial;
  /**
   * The type of `SessionState.Establishing`: the INVITE is on its way or being answered: ringing, early
   * media.
   */
  export type Establishing = typeof SessionState.Establishing;
  /** The type of `SessionState.Established`: the call is up (2xx sent or received). */
  export type Established = typeof SessionState.Established;
  /** The type of `SessionState.Terminating`: a BYE or CANCEL was sent; waiting for its outcome. */
  export type Terminating = typeof SessionState.Terminating;
  /** The type of `SessionState.Terminated`: ended; every stream of the session has completed. */
  export type Terminated = typeof SessionState.Terminated;
}

/** The states in the order a session goes through them: it only ever moves forward (skipping some). */
const ORDER: readonly SessionState[] = Object.values(SessionState);

/** Whether a session may move from `from` to `to`: only to a later state. */
export function canMove(from: SessionState, to: SessionState): boolean {
  return ORDER.indexOf(to) > ORDER.indexOf(from);
}
