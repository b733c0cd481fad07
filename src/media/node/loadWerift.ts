import type * as Werift from "werift";
import { MediaFormatError } from "./MediaFormatError.js";

/**
 * werift, loaded when the first Node call needs media: it is an optional peer dependency,
 * so `rxsip/node` works (transports, signalling) where it is not installed.
 */
export async function loadWerift(): Promise<typeof Werift> {
  try {
    return await import("werift");
  } catch (cause) {
    throw new MediaFormatError(`Node media needs the "werift" package (npm install werift@0.25.2): ${String((cause as Error)?.message ?? cause).slice(0, 200)}`);
  }
}
