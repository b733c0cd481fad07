import { checkHeader, checkReasonPhrase, type SipRequest } from "../core/messages/index.js";
import type { IncomingNonInvite, ResponseOptions } from "../core/user-agent-core/index.js";

/** Options of accept / reject (SIP.js names). */
export interface ResponseOptionsApi {
  statusCode?: number;
  reasonPhrase?: string;
  extraHeaders?: string[];
  body?: string | { body: string; contentType: string };
}

/** "Name: value" lines (SIP.js's extraHeaders) to pairs; CR/LF is refused by the message layer. */
export function headerPairs(lines: readonly string[] | undefined): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  for (const line of lines ?? []) {
    const colon = line.indexOf(":");
    if (colon <= 0) throw new TypeError(`extra header without a name: ${JSON.stringify(line.slice(0, 40))}`);
    out.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return out;
}

/**
 * Checks header pairs now, before anything is sent or changed (for a message built later):
 * a name that is not a token or CR/LF in a value throws HeaderInjectionError. Returns them.
 */
export function checkHeaderPairs<P extends ReadonlyArray<readonly [string, string]>>(pairs: P): P {
  for (const [name, value] of pairs) checkHeader(name, value);
  return pairs;
}

export function toCoreResponse(options: ResponseOptionsApi | undefined, defaultCode: number): ResponseOptions {
  const out: ResponseOptions = { statusCode: options?.statusCode ?? defaultCode, extraHeaders: headerPairs(options?.extraHeaders) };
  if (options?.reasonPhrase !== undefined) out.reasonPhrase = checkReasonPhrase(options.reasonPhrase); // HeaderInjectionError

  const body = options?.body;
  if (typeof body === "string") out.body = body;
  else if (body !== undefined) {
    out.body = body.body;
    out.contentType = body.contentType;
  }
  return out;
}

/**
 * An incoming non-INVITE request handed to the application (MESSAGE, NOTIFY, INFO,
 * REGISTER, SUBSCRIBE, BYE ...): SIP.js's `Message`, `Notification`, `Info`, `Bye` share this.
 *
 * @example
 * ```ts
 * import type { UserAgent } from "rxsip";
 * declare const userAgent: UserAgent;
 *
 * // a user agent acting as a tiny registrar: accept every REGISTER for one hour
 * userAgent.registrations$.subscribe((context) => {
 *   void context.accept({ statusCode: 200, extraHeaders: ["Expires: 3600"] });
 * });
 * ```
 */
export class IncomingRequestContext {
  constructor(
    /** @internal */ readonly incoming: IncomingNonInvite,
  ) {}

  /** The request as received. */
  get request(): SipRequest {
    return this.incoming.request;
  }

  /** 200 (or the given 2xx); rejects with `HeaderInjectionError` for CR/LF in the reason phrase or a header. */
  async accept(options?: ResponseOptionsApi): Promise<void> {
    this.incoming.accept(toCoreResponse(options, 200));
  }

  /** 480 (or the given failure); rejects with `HeaderInjectionError` for CR/LF in the reason phrase or a header. */
  async reject(options?: ResponseOptionsApi): Promise<void> {
    this.incoming.reject(toCoreResponse(options, 480));
  }
}
