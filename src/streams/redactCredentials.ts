/**
 * A message's text with the value of every Authorization and Proxy-Authorization header
 * (long or compact form is not defined for these, so the names alone) replaced by
 * `Digest <redacted>`: traces and logs never carry credentials, not even digest responses.
 * Linear in the text; the text is returned as it is when it has no such header.
 */
export function redactCredentials(text: string): string {
  if (!/authorization\s*:/i.test(text)) return text;
  return text.replace(/^((?:proxy-)?authorization[ \t]*:)[^\r\n]*((?:\r\n[ \t]+[^\r\n]*)*)/gim, "$1 <redacted>");
}
