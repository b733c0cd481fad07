import { InvalidOptionError } from "./errors.js";

/** rxsip's body shape in `requestOptions.body` (also the one `toCoreResponse` takes). */
export interface BodyWithContentType {
  body: string;
  contentType: string;
  contentDisposition?: string;
}

/**
 * SIP.js's `Body` in `requestOptions.body`: `content` holds the text. SIP.js's documented
 * DTMF-over-INFO code passes this shape (`contentDisposition: "render"`).
 */
export interface SipJsBody {
  content: string;
  contentType: string;
  contentDisposition: string;
}

/** A request body as callers may give it: rxsip's `{ body, contentType }` or SIP.js's `{ content, contentType, contentDisposition }`. */
export type RequestBody = BodyWithContentType | SipJsBody;

/** A body checked and reduced to one shape. */
export interface NormalizedBody {
  body: string;
  contentType: string;
  contentDisposition?: string;
}

/** type "/" subtype with optional parameters (RFC 3261 §20.15, media-type); no CR/LF anywhere. */
const MEDIA_TYPE = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+\/[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;[^\r\n]*)?$/;
/** disp-type with optional parameters (RFC 3261 §20.11). */
const DISPOSITION = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+(\s*;[^\r\n]*)?$/;

/**
 * Checks a caller's request body and returns it in one shape; undefined when there is none.
 * Throws InvalidOptionError for a shape that would otherwise go out as an empty or broken
 * request: not an object, no text (neither `body` nor `content`), text that is not a string,
 * both with different text, a Content-Type or Content-Disposition that is not one (or holds CR/LF).
 */
export function requestBody(value: unknown): NormalizedBody | undefined {
  if (value === undefined) return undefined;
  const v = (value ?? {}) as { body?: unknown; content?: unknown; contentType?: unknown; contentDisposition?: unknown };
  const text = v.content !== undefined ? v.content : v.body;
  if (typeof value !== "object" || typeof text !== "string" || (v.body !== undefined && v.body !== text)) {
    throw new InvalidOptionError("requestOptions.body must be { contentType, content } (SIP.js) or { contentType, body }, its text a string (the same in both when both are given)");
  }
  const out: NormalizedBody = { body: text, contentType: checked(v.contentType, MEDIA_TYPE, "contentType", "a media type") };
  if (v.contentDisposition !== undefined) out.contentDisposition = checked(v.contentDisposition, DISPOSITION, "contentDisposition", "a disposition");
  return out;
}

/** `value` trimmed when it is a string of that syntax; otherwise InvalidOptionError naming the field. */
function checked(value: unknown, syntax: RegExp, field: string, what: string): string {
  if (typeof value !== "string" || !syntax.test(value.trim())) {
    throw new InvalidOptionError(`requestOptions.body.${field} is not ${what}: ${JSON.stringify(String(value).slice(0, 60))}`);
  }
  return value.trim();
}
