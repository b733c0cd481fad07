import type { SessionDescriptionHandlerFactory } from "../SessionDescriptionHandler.js";
import { NodeSessionDescriptionHandler } from "./NodeSessionDescriptionHandler.js";
import type { NodeMediaOptions } from "./NodeMediaOptions.js";

/**
 * The `sessionDescriptionHandlerFactory` that gives a Node user agent real media (werift):
 * each session gets a {@link NodeSessionDescriptionHandler} playing `options.source`.
 * `sessionDescriptionHandlerFactoryOptions` of the user agent are merged over `options`.
 *
 * @example
 * ```ts
 * import { UserAgent, nodeMediaFactory, toneSource } from "rxsip/node";
 *
 * const ua = new UserAgent({ sessionDescriptionHandlerFactory: nodeMediaFactory({ source: () => toneSource(440) }) });
 * ```
 */
export function nodeMediaFactory(options: NodeMediaOptions = {}): SessionDescriptionHandlerFactory & ((session: unknown, factoryOptions?: object) => NodeSessionDescriptionHandler) {
  return (_session: unknown, factoryOptions?: object) => new NodeSessionDescriptionHandler({ ...options, ...((factoryOptions ?? {}) as NodeMediaOptions) });
}
