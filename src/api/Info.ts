import { IncomingRequestContext } from "./IncomingRequestContext.js";
/**
 * An incoming INFO (RFC 6086).
 *
 * @example
 * ```ts
 * import type { Session } from "rxsip";
 * declare const session: Session;
 *
 * session.infos$.subscribe((info) => {
 *   console.log(info.request.getHeader("Content-Type"), info.request.body);
 *   void info.accept();
 * });
 * ```
 */
export class Info extends IncomingRequestContext {}
