/**
 * A copy of `s` that does not keep alive the string it was cut from. A header value, tag or
 * Call-ID read from a parsed message is usually a slice of the whole message text; a dialog
 * that lives for the length of a call keeps only what it needs, not the INVITE or the 2xx it
 * came from. (V8 makes a slice of a flattened concatenation, whose parent is a new string of
 * `s.length + 1` characters; short strings are copied anyway.)
 */
export function ownString(s: string): string {
  return s.length < 13 ? s : (" " + s).slice(1);
}
