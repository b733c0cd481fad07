import type { SipRequest, SipResponse } from "../messages/index.js";

/** What a caller may add to a request or response the core builds: header fields and a body. */
interface Content {
  readonly extraHeaders?: ReadonlyArray<readonly [string, string]>;
  readonly body?: string;
  readonly contentType?: string;
}

/**
 * Adds the caller's header fields to `message`, then the body (a non-empty one) with its
 * Content-Type, `application/sdp` unless said otherwise.
 */
export function addContent<M extends SipRequest | SipResponse>(message: M, content: Content): M {
  for (const [n, v] of content.extraHeaders ?? []) message.addHeader(n, v);
  if (content.body !== undefined && content.body !== "") {
    message.setHeader("Content-Type", content.contentType ?? "application/sdp");
    message.body = content.body;
  }
  return message;
}
