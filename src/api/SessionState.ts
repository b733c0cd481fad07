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
