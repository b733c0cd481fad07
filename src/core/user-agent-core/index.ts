/** The user agent core: the transaction user of RFC 3261 (§8, §12–§15) and its extensions. */
export { UserAgentCore } from "./UserAgentCore.js";
export type { DialogUsage } from "./UserAgentCore.js";
export type { CoreTransport } from "./CoreTransport.js";
export * from "./UserAgentCoreOptions.js";
export { OutgoingRequest } from "./OutgoingRequest.js";
export type { OutgoingRequestHandlers } from "./OutgoingRequest.js";
export { OutgoingInvite, hasToken } from "./OutgoingInvite.js";
export type { OutgoingInviteHandlers, OutgoingInviteOptions, PrackBody } from "./OutgoingInvite.js";
export { IncomingInvite } from "./IncomingInvite.js";
export type { ProgressOptions } from "./IncomingInvite.js";
export { IncomingNonInvite } from "./IncomingNonInvite.js";
export { checkRequest } from "./statelessChecks.js";
export { pooledRandomSource } from "./pooledRandomSource.js";
export type { StatelessAnswer, RequestCheckOptions } from "./statelessChecks.js";
export { REASON_PHRASES, reasonFor } from "./ResponseOptions.js";
export type { ResponseOptions } from "./ResponseOptions.js";
export { SessionStateError, RequestPendingError, ProvisionalNotAcknowledgedError, InvalidOptionError } from "./errors.js";
export { sessionTimers, type SessionTimerSupport } from "./sessionTimerSupport.js";
