/**
 * SIP.js's session states.
 *
 * ```
 *  Initial --invite()/accept()--> Establishing --2xx/ACK--> Established --bye()--> Terminating
 *     |                               |                          |                      |
 *     +--------- reject / cancel -----+------ BYE received ------+----------------------+--> Terminated
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
  export type Initial = typeof SessionState.Initial;
  export type Establishing = typeof SessionState.Establishing;
  export type Established = typeof SessionState.Established;
  export type Terminating = typeof SessionState.Terminating;
  export type Terminated = typeof SessionState.Terminated;
}

const MOVES: Record<SessionState, readonly SessionState[]> = {
  Initial: ["Establishing", "Established", "Terminating", "Terminated"],
  Establishing: ["Established", "Terminating", "Terminated"],
  Established: ["Terminating", "Terminated"],
  Terminating: ["Terminated"],
  Terminated: [],
};

export function canMove(from: SessionState, to: SessionState): boolean {
  return MOVES[from].includes(to);
}
