import { SipError } from "../../core/messages/errors.js";

/**
 * A media operation that cannot be done now: a closed handler, an offer in the wrong signaling state, no device.
 *
 * @example
 * ```ts
 * import { MediaError, type Session } from "rxsip";
 * declare const session: Session;
 *
 * try {
 *   await session.hold();
 * } catch (e) {
 *   if (e instanceof MediaError) console.log("the media handler could not make the offer:", e.message);
 * }
 * ```
 */
export class MediaError extends SipError {
  override readonly name = "MediaError";
  constructor(message: string) {
    super("MEDIA", message);
  }
}
