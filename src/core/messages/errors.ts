/**
 * Typed errors of the message layer. Every error carries a stable `code` that tests and
 * applications switch on; messages never include credentials (header values of
 * Authorization / Proxy-Authorization are never quoted in an error).
 */

/** Base class of every error rxsip throws or emits. */
export class SipError extends Error {
  override readonly name: string = "SipError";
  constructor(
    readonly code: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

/** Stable codes of {@link ParseError}. */
export type ParseErrorCode =
  | "EMPTY"
  | "START_LINE"
  | "VERSION"
  | "STATUS_CODE"
  | "METHOD"
  | "REQUEST_URI"
  | "HEADER_LINE"
  | "HEADER_VALUE"
  | "MISSING_HEADER"
  | "NO_HEADER_END"
  | "CONTENT_LENGTH"
  | "BODY_TRUNCATED"
  | "TOO_LARGE";

/** Malformed input: where it went wrong (`offset` into the message, or into the header value). */
export class ParseError extends SipError {
  override readonly name = "ParseError";
  constructor(
    override readonly code: ParseErrorCode,
    message: string,
    /** Character offset of the fault in the input that was being parsed. */
    readonly offset = 0,
    /** The header whose value failed to parse, when the fault is in a header. */
    readonly header?: string,
  ) {
    super(code, message);
  }
}

/** A header name or value given by the caller would break the message (CR, LF, or an illegal name). */
export class HeaderInjectionError extends SipError {
  override readonly name = "HeaderInjectionError";
  constructor(readonly header: string) {
    super("HEADER_INJECTION", `header ${JSON.stringify(header.slice(0, 64))} contains CR, LF or an illegal character`);
  }
}

/** A framed message exceeded the configured maximum size. */
export class MessageTooLargeError extends SipError {
  override readonly name = "MessageTooLargeError";
  constructor(
    readonly limit: number,
    readonly size: number,
  ) {
    super("MESSAGE_TOO_LARGE", `message exceeds the maximum size of ${limit} bytes (at least ${size})`);
  }
}
