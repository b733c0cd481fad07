import { SipError } from "../../core/messages/errors.js";

/** Audio the Node media cannot use: a WAV file it cannot read, an option out of range. */
export class MediaFormatError extends SipError {
  override readonly name = "MediaFormatError";
  constructor(message: string) {
    super("MEDIA_FORMAT", message);
  }
}
