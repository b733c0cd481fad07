/**
 * A copy of `s` in one piece that keeps alive nothing else. A header value, tag or Call-ID
 * read from a parsed message is usually a slice of the whole message text, and a value
 * written by concatenation is a tree of its pieces; a dialog that lives for the length of a
 * call keeps only what it needs, not the INVITE or the 2xx it came from, in as few bytes as
 * the text takes. (Strings shorter than 13 characters are always whole copies in V8.)
 */
export function ownString(s: string): string {
  const n = s.length;
  if (n < 13) return s;
  if (n > 2048) return (" " + s).slice(1); // a slice of a new flat copy: no argument list that long
  const codes = new Array<number>(n);
  for (let i = 0; i < n; i++) codes[i] = s.charCodeAt(i);
  return String.fromCharCode.apply(null, codes);
}
