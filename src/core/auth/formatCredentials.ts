/**
 * Writing credentials (`AuthData`) as the value of an Authorization / Proxy-Authorization
 * header (RFC 3261 §25.1 `credentials`, RFC 7616 §3.4): `Digest name=value, name="value", ...`.
 */
import type { AuthData } from "../grammar/ast.js";
import { allIn, quote, TOKEN } from "../messages/charClasses.js";
import { AuthenticationError } from "./errors.js";

/** Parameters RFC 7616 §3.4 writes as quoted-string. */
const QUOTED = /^(username|realm|nonce|uri|response|cnonce|opaque|domain)$/i;

/** Parameters RFC 7616 §3.4 writes as bare tokens (nc is 8 hex digits). */
const UNQUOTED = /^(algorithm|qop|nc|userhash|stale)$/i;

/** RFC 3261 §25.1 token. */
const isToken = (s: string) => s !== "" && allIn(TOKEN, s);

/** Characters a header value must not hold (they would end the header or the message). */
const FORBIDDEN = /[\r\n\0]/;

/**
 * Formats credentials as a header value. Values of username, realm, nonce, uri, response,
 * cnonce and opaque are quoted (with `"` and `\` escaped); algorithm, qop, nc and userhash
 * are written bare and must be tokens; other parameters are bare when they are tokens,
 * quoted otherwise. Throws `INVALID_VALUE` for CR, LF or NUL, naming the parameter only.
 *
 * @example
 * ```ts
 * import { formatCredentials } from "rxsip/core";
 *
 * formatCredentials({ scheme: "Digest", params: { username: "alice", realm: "example.com", nc: "00000001" } });
 * // 'Digest username="alice", realm="example.com", nc=00000001'
 * ```
 */
export function formatCredentials(credentials: AuthData): string {
  if (!isToken(credentials.scheme)) {
    throw new AuthenticationError("INVALID_VALUE", "the authentication scheme is not a token");
  }
  const parts: string[] = [];
  for (const [name, value] of Object.entries(credentials.params)) {
    if (!isToken(name)) throw new AuthenticationError("INVALID_VALUE", "a credentials parameter name is not a token");
    if (FORBIDDEN.test(value)) {
      throw new AuthenticationError("INVALID_VALUE", `the ${name} parameter contains CR, LF or NUL`);
    }
    const token = isToken(value);
    if (UNQUOTED.test(name) && !token) throw new AuthenticationError("INVALID_VALUE", `the ${name} parameter must be a token`);
    parts.push(`${name}=${token && !QUOTED.test(name) ? value : quote(value)}`);
  }
  return parts.length === 0 ? credentials.scheme : `${credentials.scheme} ${parts.join(", ")}`;
}
