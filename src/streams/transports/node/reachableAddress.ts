import { isIP } from "node:net";
import { networkInterfaces } from "node:os";

/**
 * An address of this machine a peer at `target` can reach, for the Via sent-by and the
 * Contact of a socket bound to every address (0.0.0.0 / ::), whose own address says
 * nothing (RFC 3261 §18.1.1: sent-by is "the IP address or host name ... at which [the
 * client] would like to receive responses"; §8.1.1.8 the same for the Contact).
 *
 * A loopback target gets the loopback address; otherwise the first address of an interface
 * that is up and not internal, of the target's family (IPv4 when the target is a name or
 * unknown). Undefined when there is none (the caller keeps its `.invalid` name).
 */
export function reachableAddress(target: string | undefined, bound: string): string | undefined {
  const family = isIP(target ?? "") === 6 || (isIP(bound) === 6 && bound !== "::") ? 6 : 4;
  if (target !== undefined && isLoopback(target)) return family === 6 ? "::1" : "127.0.0.1";
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if ((family === 6) !== (a.family === "IPv6")) continue;
      if (family === 6 && a.address.startsWith("fe80:")) continue; // link-local needs a zone: not for a URI
      return a.address;
    }
  }
  return undefined;
}

function isLoopback(host: string): boolean {
  const h = host.toLowerCase().replace(/^\[|\]$/g, "");
  return h === "localhost" || h === "::1" || h.startsWith("127.");
}
