import { SipError } from "../../core/messages/errors.js";

/** A media operation that cannot be done now: a closed handler, an offer in the wrong signaling state, no device. */
export class MediaError extends SipError {
  override readonly name = "MediaError";
  constructor(message: string) {
    super("MEDIA", message);
  }
}
