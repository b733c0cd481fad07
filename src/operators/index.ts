/**
 * rxsip's operators: reconnection, registration and call handling as pipelines, every
 * wait on an injectable scheduler. One operator per file.
 */
export { retryWithDelay } from "./retryWithDelay.js";
export type { RetryWithDelayConfig } from "./retryWithDelay.js";
export { registerWhenConnected } from "./registerWhenConnected.js";
export type { RegisterWhenConnectedOptions } from "./registerWhenConnected.js";
export { registerOnce, REGISTER_RESPONSE_TIMEOUT } from "./registerOnce.js";
export type { RegistrationTarget } from "./registerOnce.js";
export { reconnectWhen } from "./reconnectWhen.js";
export type { Reconnectable, ReconnectWhenOptions } from "./reconnectWhen.js";
export { keepRegistered } from "./keepRegistered.js";
export type { KeepRegisteredOptions } from "./keepRegistered.js";
export { acceptInvites } from "./acceptInvites.js";
export type { InvitationHandlingOptions } from "./acceptInvites.js";
export { rejectInvites } from "./rejectInvites.js";
export { forwardInvites } from "./forwardInvites.js";
export type { ForwardInvitesOptions } from "./forwardInvites.js";
export { answerAfter } from "./answerAfter.js";
export type { AnswerAfterOptions } from "./answerAfter.js";
export { whenState } from "./whenState.js";
export { hangupAfter } from "./hangupAfter.js";
export type { HangupAfterOptions } from "./hangupAfter.js";
export { hangup } from "./hangup.js";
export { dtmfDigits } from "./dtmfDigits.js";
export type { DtmfDigitsOptions } from "./dtmfDigits.js";
export { callDuration } from "./callDuration.js";
export type { CallDurationOptions } from "./callDuration.js";
export type { PerInvitation } from "./establish.js";
export type { InvitationFailures } from "./InvitationFailures.js";
export { InvitationFailedError } from "./InvitationFailedError.js";
export type { InvitationFailureCode } from "./InvitationFailedError.js";
export { RegistrationRejectedError } from "./RegistrationRejectedError.js";
export { ReconnectionFailedError } from "./ReconnectionFailedError.js";
