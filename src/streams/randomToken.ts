const ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";

/**
 * A random string of lower-case letters and digits from the platform's CSPRNG
 * (`crypto.getRandomValues`, global in browsers and Node >= 19), fit for tags, branches,
 * Call-IDs and `.invalid` host names.
 *
 * @example
 * ```ts
 * import { randomToken } from "rxsip";
 *
 * randomToken(8); // e.g. "4o80nesi"
 * ```
 */
export function randomToken(length: number): string {
  const bytes = new Uint8Array(length);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (let i = 0; i < length; i++) s += ALPHABET[bytes[i]! % ALPHABET.length];
  return s;
}
