import { SipError } from "../../core/messages/errors.js";

/**
 * Audio the Node media cannot use: a WAV file it cannot read, an option out of range.
 *
 * @example
 * ```ts
 * import { MediaFormatError, wavSource } from "rxsip/node";
 * import { readFileSync } from "node:fs";
 *
 * try {
 *   wavSource(readFileSync("prompt.mp3"));
 * } catch (e) {
 *   if (e instanceof MediaFormatError) console.error(e.message); // not a RIFF/WAVE file
 * }
 * ```
 */
export class MediaFormatError extends SipError {
  override readonly name = "MediaFormatError";
  constructor(message: string) {
    super("MEDIA_FORMAT", message);
  }
}
