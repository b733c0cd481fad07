/** Dialogs (RFC 3261 §12) and the INVITE dialog usage with its extensions (RFC 3311, RFC 4028). */
export { Dialog, dialogKey } from "./Dialog.js";
export type { DialogState, InDialogRequestOptions } from "./Dialog.js";
export { InviteSession } from "./InviteSession.js";
export type { InviteSessionDelegate, InviteSessionEndReason, IncomingRefresh, RefreshHandlers } from "./InviteSessionDelegate.js";
export { SessionTimer, readSessionTimer, refresherParam } from "./SessionTimer.js";
export type { SessionTimerTerms, TransactionRole } from "./SessionTimer.js";
export { glareDelay } from "./glareDelay.js";
export { Pending2xx } from "./Pending2xx.js";
export { SubscriptionUsage } from "./SubscriptionUsage.js";
export { readEvent, splitEvent, eventMatches, readSubscriptionState, formatSubscriptionState } from "./subscriptionHeaders.js";
export type { SubscriptionStateValue } from "./subscriptionHeaders.js";
export { refreshDelay } from "./refreshDelay.js";
export { endsUsage } from "./endsUsage.js";
