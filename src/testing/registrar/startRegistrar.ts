import { Registrar } from "./Registrar.js";
import type { RegistrarOptions } from "./RegistrarOptions.js";

/**
 * Starts a {@link Registrar}: resolves once every listener of `options` is open, with the
 * registrar; its `addresses` hold the real ports (ephemeral ones included) and the server
 * URLs for transports. `stop()` closes everything.
 *
 * @example
 * ```ts
 * import { startRegistrar } from "rxsip/testing";
 *
 * const registrar = await startRegistrar({ udp: true, tcp: true, ws: true });
 * registrar.addresses; // { udp: 40312, tcp: 38211, ws: 45123, urls: { udp: "sip:127.0.0.1:40312;transport=udp", ... } }
 * await registrar.stop();
 * ```
 *
 * @throws RegistrarError LISTEN_FAILED when a socket cannot be opened (nothing stays open).
 */
export async function startRegistrar(options: RegistrarOptions): Promise<Registrar> {
  const registrar = new Registrar(options);
  await registrar.start();
  return registrar;
}
