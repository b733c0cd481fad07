import type { SchedulerLike } from "rxjs";
import { FakeSessionDescriptionHandler } from "./FakeSessionDescriptionHandler.js";

/**
 * Options of {@link fakeSessionDescriptionHandlerFactory}.
 *
 * @example
 * ```ts
 * import { UserAgent } from "rxsip";
 * import { fakeSessionDescriptionHandlerFactory, VirtualClock } from "rxsip/testing";
 *
 * const clock = new VirtualClock();
 * // every offer and answer takes 50 virtual ms, as real media takes a while
 * new UserAgent({ sessionDescriptionHandlerFactory: fakeSessionDescriptionHandlerFactory({ delay: 50, scheduler: clock.scheduler }), scheduler: clock.scheduler });
 * ```
 */
export interface FakeSessionDescriptionHandlerFactoryOptions {
  /** Milliseconds, on `scheduler`, that every `getDescription` takes; default 0. */
  delay?: number;
  /** Where `delay` runs; default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** Address in `o=` and `c=`; default "127.0.0.1". */
  address?: string;
  /** Audio port of the first handler; the n-th (from 0) gets `firstPort + 2n`. Default 49170. */
  firstPort?: number;
}

/** A SIP.js `SessionDescriptionHandlerFactory` that makes fakes, and keeps them for the test to inspect. */
export interface FakeSessionDescriptionHandlerFactory {
  (session: unknown, options?: object): FakeSessionDescriptionHandler;
  /** Every handler made so far, in order. */
  readonly handlers: readonly FakeSessionDescriptionHandler[];
}

/**
 * Makes a factory to give a user agent instead of the WebRTC one
 * (`sessionDescriptionHandlerFactory` in SIP.js's UserAgentOptions): the n-th handler (from 0)
 * has session id n + 1 and port `firstPort + 2n`, so two sides of a call tell apart.
 *
 * @example
 * ```ts
 * import { UserAgent } from "rxsip";
 * import { fakeSessionDescriptionHandlerFactory, VirtualClock } from "rxsip/testing";
 *
 * const clock = new VirtualClock();
 * const factory = fakeSessionDescriptionHandlerFactory({ delay: 20, scheduler: clock.scheduler });
 * const ua = new UserAgent({ sessionDescriptionHandlerFactory: factory, scheduler: clock.scheduler });
 * // ... after the call is up:
 * console.assert(factory.handlers[0]!.localDescriptions[0]!.type === "offer");
 * ```
 */
export function fakeSessionDescriptionHandlerFactory(options: FakeSessionDescriptionHandlerFactoryOptions = {}): FakeSessionDescriptionHandlerFactory {
  const handlers: FakeSessionDescriptionHandler[] = [];
  const firstPort = options.firstPort ?? 49170;
  const factory = (session: unknown, factoryOptions?: object): FakeSessionDescriptionHandler => {
    const n = handlers.length;
    const handler = new FakeSessionDescriptionHandler({
      sessionId: n + 1,
      port: firstPort + 2 * n,
      ...(options.address !== undefined ? { address: options.address } : {}),
      ...(options.delay !== undefined ? { delay: options.delay } : {}),
      ...(options.scheduler !== undefined ? { scheduler: options.scheduler } : {}),
      session,
      ...(factoryOptions !== undefined ? { factoryOptions } : {}),
    });
    handlers.push(handler);
    return handler;
  };
  return Object.assign(factory, { handlers: handlers as readonly FakeSessionDescriptionHandler[] });
}
