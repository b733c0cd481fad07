import { SipError } from "../core/messages/errors.js";

/** Stable codes of {@link SessionDescriptionError}. */
export type SessionDescriptionErrorCode =
  /** The description given is not SDP (no `v=` first, or no valid `m=` line). */
  | "INVALID_SDP"
  /** The handler was closed. */
  | "SDH_CLOSED";

/**
 * What the fake session description handler rejects with.
 *
 * @example
 * ```ts
 * import { SessionDescriptionError, type FakeSessionDescriptionHandler } from "rxsip/testing";
 * declare const sdh: FakeSessionDescriptionHandler;
 *
 * try {
 *   await sdh.setDescription("not sdp");
 * } catch (e) {
 *   if (e instanceof SessionDescriptionError) console.log(e.code); // INVALID_SDP: the call fails as with a real peer
 * }
 * ```
 */
export class SessionDescriptionError extends SipError {
  override readonly name = "SessionDescriptionError";
  constructor(
    override readonly code: SessionDescriptionErrorCode,
    message: string,
  ) {
    super(code, message);
  }
}
