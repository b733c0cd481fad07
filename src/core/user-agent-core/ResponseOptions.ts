/** What the user may add to a response it sends. */
export interface ResponseOptions {
  statusCode?: number;
  reasonPhrase?: string;
  extraHeaders?: ReadonlyArray<readonly [string, string]>;
  body?: string;
  contentType?: string;
}

/**
 * Default reason phrases (RFC 3261 §21 and the extensions).
 *
 * @example
 * ```ts
 * import { REASON_PHRASES } from "rxsip/core";
 *
 * REASON_PHRASES[486]; // "Busy Here"
 * ```
 */
export const REASON_PHRASES: Record<number, string> = {
  100: "Trying",
  180: "Ringing",
  181: "Call Is Being Forwarded",
  182: "Queued",
  183: "Session Progress",
  200: "OK",
  202: "Accepted",
  300: "Multiple Choices",
  301: "Moved Permanently",
  302: "Moved Temporarily",
  400: "Bad Request",
  401: "Unauthorized",
  403: "Forbidden",
  404: "Not Found",
  405: "Method Not Allowed",
  406: "Not Acceptable",
  407: "Proxy Authentication Required",
  408: "Request Timeout",
  410: "Gone",
  413: "Request Entity Too Large",
  415: "Unsupported Media Type",
  416: "Unsupported URI Scheme",
  420: "Bad Extension",
  421: "Extension Required",
  422: "Session Interval Too Small",
  423: "Interval Too Brief",
  480: "Temporarily Unavailable",
  481: "Call/Transaction Does Not Exist",
  482: "Loop Detected",
  483: "Too Many Hops",
  484: "Address Incomplete",
  486: "Busy Here",
  487: "Request Terminated",
  488: "Not Acceptable Here",
  489: "Bad Event",
  491: "Request Pending",
  500: "Server Internal Error",
  501: "Not Implemented",
  503: "Service Unavailable",
  504: "Server Time-out",
  505: "Version Not Supported",
  513: "Message Too Large",
  600: "Busy Everywhere",
  603: "Decline",
  604: "Does Not Exist Anywhere",
  606: "Not Acceptable",
};

/**
 * The reason phrase {@link REASON_PHRASES} gives a status code, or a generic one ("Progress", "OK", "Error")
 * for codes it does not list.
 *
 * @example
 * ```ts
 * import { reasonFor } from "rxsip/core";
 *
 * reasonFor(603); // "Decline"
 * reasonFor(299); // "OK": a code without a listed phrase
 * ```
 */
export function reasonFor(code: number): string {
  return REASON_PHRASES[code] ?? (code < 200 ? "Progress" : code < 300 ? "OK" : "Error");
}
