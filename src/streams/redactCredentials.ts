/**
 * A message's text with the value of every Authorization and Proxy-Authorization header
 * (long or compact form is not defined for these, so the names alone) replaced by
 * `Digest <redacted>`: traces and logs never carry credentials, not even digest responses.
 * Linear in the text; the text is returned as it is when it has no such header.
 *
 * @example
 * ```ts
 * import { redactCredentials, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * // wire$ text is redacted already; do the same for messages logged by hand
 * userAgent.transport.messages$.subscribe((m) => console.log(redactCredentials(m.toString()))); // Authorization: <redacted>
 * ```
 */
export function redactCredentials(text: string): string {
  if (!/authorization\s*:/i.test(text)) return text;
  return text.replace(/^((?:proxy-)?authorization[ \t]*:)[^\r\n]*((?:\r\n[ \t]+[^\r\n]*)*)/gim, "$1 <redacted>");
}
