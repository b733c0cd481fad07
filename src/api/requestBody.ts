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
 * request: not an object, no text (neither `body` nor `content`), both with different text,
 * a Content-Type or Content-Disposition that is not one (or holds CR/LF).
 */
export function requestBody(value: unknown): NormalizedBody | undefined {
  if (value === undefined) return undefined;
  if (value === null || typeof value !== "object") throw new InvalidOptionError("requestOptions.body must be { contentType, content } (SIP.js) or { contentType, body }");
  const v = value as { body?: unknown; content?: unknown; contentType?: unknown; contentDisposition?: unknown };
  const hasBody = v.body !== undefined;
  const hasContent = v.content !== undefined;
  if (hasBody && typeof v.body !== "string") throw new InvalidOptionError("requestOptions.body.body must be a string");
  if (hasContent && typeof v.content !== "string") throw new InvalidOptionError("requestOptions.body.content must be a string");
  if (!hasBody && !hasContent) throw new InvalidOptionError("requestOptions.body has no text: give `content` (SIP.js) or `body`");
  if (hasBody && hasContent && v.body !== v.content) throw new InvalidOptionError("requestOptions.body has both `content` and `body`, with different text");
  if (typeof v.contentType !== "string" || !MEDIA_TYPE.test(v.contentType.trim())) {
    throw new InvalidOptionError(`requestOptions.body.contentType is not a media type: ${JSON.stringify(String(v.contentType).slice(0, 60))}`);
  }
  const out: NormalizedBody = { body: (hasContent ? v.content : v.body) as string, contentType: v.contentType.trim() };
  if (v.contentDisposition !== undefined) {
    if (typeof v.contentDisposition !== "string" || !DISPOSITION.test(v.contentDisposition.trim())) {
      throw new InvalidOptionError(`requestOptions.body.contentDisposition is not a disposition: ${JSON.stringify(String(v.contentDisposition).slice(0, 60))}`);
    }
    out.contentDisposition = v.contentDisposition.trim();
  }
  return out;
}
