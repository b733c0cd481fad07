/**
 * Character classes of the header-value parser that the message layer's tables
 * (../messages/charClasses.ts) do not already hold (RFC 3261 §25.1, RFC 3966).
 */
import { table } from "../messages/charClasses.js";

const MARK = "-_.!~*'()";
/** user characters of an addr-spec written without <>: no "," ";" "?" (RFC 3261 §20.10). */
export const PLAIN_USER = table(MARK + "&=+$/");
/** password characters of an addr-spec written without <>. */
export const PLAIN_PASSWORD = table(MARK + "&=+$");
/** uric = reserved / unreserved (escapes apart), "[" "]" admitted for IPv6 authorities. */
export const URIC = table(MARK + ";/?:@&=+$,[]");
/** uric of an absoluteURI written without <>: no "," ";" "?". */
export const PLAIN_URIC = table(MARK + "/:@&=+$[]");
/** Characters of an IPv6 address, IPv4 tail included. */
export const IPV6 = table("0123456789abcdefABCDEF:.", false);
/** scheme characters after the first letter. */
export const SCHEME = table("+-.");
/** ALPHA: alphanum without the digits. */
export const ALPHA = table("").fill(0, 48, 58);
/** RFC 3966 global-number-digits after "+". */
export const TEL_GLOBAL = table("0123456789-.()", false);
/** RFC 3966 local-number-digits. */
export const TEL_LOCAL = table("0123456789abcdefABCDEF*#-.()", false);
/** RFC 3966 pname = 1*( alphanum / "-" ) */
export const TEL_PNAME = table("-");
/** token-nodot (RFC 6665 event-type). */
export const TOKEN_NODOT = table("-!%*_+`'~");
/** TEXT-UTF8char and LWS below U+0080: HT and SP to "~" (every code unit above is admitted too). */
export const TEXT = table("\t").fill(1, 32, 127);
