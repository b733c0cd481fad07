/** The states of both non-INVITE machines (RFC 3261 §17.1.2.2 Figure 6, §17.2.2 Figure 8). */
export type NonInviteState = "Trying" | "Proceeding" | "Completed" | "Terminated";

/** The allowed moves of both non-INVITE machines: the two figures have the same arrows. */
export const NON_INVITE_MOVES: Readonly<Record<NonInviteState, readonly NonInviteState[]>> = {
  Trying: ["Proceeding", "Completed", "Terminated"],
  Proceeding: ["Completed", "Terminated"],
  Completed: ["Terminated"],
  Terminated: [],
};
