/**
 * Typed errors of the message layer. Every error carries a stable `code` that tests and
 * applications switch on; messages never include credentials (header values of
 * Authorization / Proxy-Authorization are never quoted in an error).
 */

/**
 * Base class of every error rxsip throws or emits.
 *
 * @example
 * ```ts
 * import { SipError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.errors$.subscribe((e) => {
 *   if (e instanceof SipError) console.log(e.name, e.code, e.message); // every rxsip error is one
 * });
 * ```
 */
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

/**
 * Malformed input: where it went wrong (`offset` into the message, or into the header value).
 *
 * @example
 * ```ts
 * import { parseMessage, ParseError } from "rxsip/core";
 *
 * try {
 *   parseMessage("garbage");
 * } catch (e) {
 *   if (e instanceof ParseError) console.log(e.code, e.offset); // NO_HEADER_END 7
 * }
 * ```
 */
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

/**
 * A header name or value given by the caller would break the message (CR, LF, or an illegal name).
 *
 * @example
 * ```ts
 * import { HeaderInjectionError, SipRequest, Uri } from "rxsip/core";
 *
 * const request = new SipRequest("MESSAGE", Uri.sip("bob", "example.com"));
 * try {
 *   request.setHeader("Subject", "hello\r\nX-Evil: 1");
 * } catch (e) {
 *   if (e instanceof HeaderInjectionError) console.log("refused", e.header);
 * }
 * ```
 */
export class HeaderInjectionError extends SipError {
  override readonly name = "HeaderInjectionError";
  constructor(readonly header: string) {
    super("HEADER_INJECTION", `header ${JSON.stringify(header.slice(0, 64))} contains CR, LF or an illegal character`);
  }
}

/**
 * A framed message exceeded the configured maximum size.
 *
 * @example
 * ```ts
 * import { MessageTooLargeError, TransportError, type UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * userAgent.transport.errors$.subscribe((e) => {
 *   if (e instanceof TransportError && e.cause instanceof MessageTooLargeError) console.log("dropped", e.cause.size, "octets");
 * });
 * ```
 */
export class MessageTooLargeError extends SipError {
  override readonly name = "MessageTooLargeError";
  constructor(
    readonly limit: number,
    readonly size: number,
  ) {
    super("MESSAGE_TOO_LARGE", `message exceeds the maximum size of ${limit} bytes (at least ${size})`);
  }
}
