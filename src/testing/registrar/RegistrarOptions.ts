import type { SchedulerLike } from "rxjs";
import type { DigestAlgorithmName } from "../../core/auth/index.js";
import type { TimerOptions } from "../../core/transactions/index.js";
import type { InMemoryNetwork } from "../InMemoryNetwork.js";

/**
 * Digest authentication of REGISTER (RFC 3261 §22.4, RFC 7616, RFC 8760).
 *
 * @example
 * ```ts
 * import { startRegistrar } from "rxsip/testing";
 *
 * const registrar = await startRegistrar({ udp: true, auth: { realm: "example.test", users: { alice: "secret" }, algorithm: ["SHA-256", "MD5"] } });
 * ```
 */
export interface RegistrarAuthOptions {
  /** The protection space, sent in the challenge. */
  realm: string;
  /** Passwords by user name: `{ alice: "alice-secret" }`. */
  users: Readonly<Record<string, string>>;
  /**
   * The algorithm(s) to challenge with, one WWW-Authenticate each, in this order (RFC 8760
   * §2.4: the preferred first). Default "MD5".
   */
  algorithm?: DigestAlgorithmName | readonly DigestAlgorithmName[];
  /** Seconds a nonce stays valid; an older one draws a `stale=true` challenge. Default 300. */
  nonceLifetime?: number;
}

/** Where to listen on a socket: `true` for an ephemeral port on 127.0.0.1, or a port. */
export type SocketListenOption = boolean | { port?: number };

/**
 * Options of {@link Registrar} / `startRegistrar`. At least one place to listen.
 *
 * @example
 * ```ts
 * import { InMemoryNetwork, startRegistrar } from "rxsip/testing";
 * declare const network: InMemoryNetwork;
 *
 * const registrar = await startRegistrar({ memory: { network, address: "registrar.example.test:5060" }, domain: "example.test", minExpires: 60 });
 * ```
 */
export interface RegistrarOptions {
  /** An address on an in-memory network (`{ network, address: "registrar.test:5060" }`); TCP-like unless `reliable: false`. */
  memory?: { network: InMemoryNetwork; address: string; reliable?: boolean };
  /** A UDP socket on `host` (NodeTransport's listening mode). */
  udp?: SocketListenOption;
  /** A TCP socket on `host` (NodeTransport's listening mode). */
  tcp?: SocketListenOption;
  /** A WebSocket server on `host`, subprotocol `sip` (RFC 7118), through the `ws` package. */
  ws?: SocketListenOption;
  /** The address sockets bind to. Default "127.0.0.1". */
  host?: string;
  /** The domain served; requests for other domains are only routed to contacts seen. Default: any domain. */
  domain?: string;
  /** Digest authentication of REGISTER; none when absent. */
  auth?: RegistrarAuthOptions;
  /** Seconds granted when the REGISTER names none (RFC 3261 §10.2.1.1). Default 600. */
  defaultExpires?: number;
  /** Most seconds granted; longer requests are shortened (RFC 3261 §10.3 step 7). Default 3600. */
  maxExpires?: number;
  /** Fewest seconds accepted; shorter (non-zero) requests get 423 with Min-Expires. Default 0: no minimum. */
  minExpires?: number;
  /** Where binding expiry and the transaction timers run. Default `asyncScheduler`. */
  scheduler?: SchedulerLike;
  /** T1, T2, T4 of the transactions the registrar answers in. */
  timers?: TimerOptions;
}

/** Where a started registrar can be reached. */
export interface RegistrarAddresses {
  /** The in-memory address, `host:port`. */
  memory?: string;
  udp?: number;
  tcp?: number;
  ws?: number;
  /** Server options for transports: `sip:127.0.0.1:port;transport=udp`, `...;transport=tcp`, `ws://127.0.0.1:port`. */
  urls: { memory?: string; udp?: string; tcp?: string; ws?: string };
}
