import { parseHeaderValue } from "../core/grammar/index.js";
import { Uri } from "../core/messages/index.js";

/** Parses a SIP/SIPS/tel URI written as text; undefined when it is not one. */
export function makeUri(text: string): Uri | undefined {
  try {
    return new Uri(parseHeaderValue("Uri", text.trim()));
  } catch {
    return undefined;
  }
}
