/** Dialogs (RFC 3261 §12) and the INVITE dialog usage with its extensions (RFC 3311, RFC 4028). */
export { Dialog, dialogKey } from "./Dialog.js";
export type { DialogState, InDialogRequestOptions } from "./Dialog.js";
export { InviteSession } from "./InviteSession.js";
export type { InviteSessionDelegate, InviteSessionEndReason, IncomingRefresh, RefreshHandlers } from "./InviteSession.js";
export { SessionTimer, readSessionTimer } from "./SessionTimer.js";
export type { SessionTimerTerms } from "./SessionTimer.js";
