import type { Uri } from "../core/messages/index.js";
import type { OutgoingRequestDelegate, RequestOptions } from "./requestTypes.js";

/**
 * SIP.js's `PublisherOptions`, same names and defaults.
 *
 * @example
 * ```ts
 * import { Publisher, UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * new Publisher(userAgent, UserAgent.makeURI("sip:alice@example.com")!, "presence", {
 *   contentType: "application/pidf+xml",
 *   expires: 600,
 *   extraHeaders: ["X-Client: rxsip"],
 * });
 * ```
 */
export interface PublisherOptions {
  /** Content type of what `publish()` sends (default "text/plain"). */
  contentType?: string;
  /** Requested lifetime of the publication, seconds (default 3600). */
  expires?: number;
  /** "Name: value" lines added to every PUBLISH. */
  extraHeaders?: string[];
  params?: { fromDisplayName?: string; fromTag?: string; fromUri?: Uri; toDisplayName?: string; toUri?: Uri; callId?: string };
  /** Remove the publication on `dispose()` (default true). */
  unpublishOnClose?: boolean;
}

/** SIP.js's `PublisherPublishOptions`. */
export interface PublisherPublishOptions {
  requestDelegate?: OutgoingRequestDelegate;
  requestOptions?: Pick<RequestOptions, "extraHeaders">;
}

/** SIP.js's `PublisherUnpublishOptions`. */
export type PublisherUnpublishOptions = PublisherPublishOptions;
