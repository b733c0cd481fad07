import { NetworkError } from "./NetworkError.js";

/** SIP's default port (RFC 3261 §19.1.2), and the one for sips: / TLS. */
export const SIP_PORT = 5060;
export const SIPS_PORT = 5061;

/** A host as the network compares it: lower case, IPv6 references in brackets. */
export function normalizeHost(host: string): string {
  const h = host.trim().toLowerCase();
  return h.includes(":") && !h.startsWith("[") ? `[${h}]` : h;
}

/** The key under which the network knows an endpoint: `host:port`, normalized. */
export function addressKey(host: string, port: number): string {
  return `${normalizeHost(host)}:${port}`;
}

/**
 * Reads an endpoint address: `host`, `host:port`, `[v6]` or `[v6]:port`. The port is
 * left out of the result when the address has none (the endpoint then writes no port in
 * its Via, and is reached at the default port).
 *
 * @throws NetworkError INVALID_ADDRESS
 */
export function parseAddress(address: string): { host: string; port?: number } {
  const invalid = () => new NetworkError("INVALID_ADDRESS", `not an address: ${JSON.stringify(address)}`);
  const m = /^(\[[0-9a-fA-F:.]+\]|[^\s:/@[\]]+)(?::(\d{1,5}))?$/.exec(address.trim());
  if (m === null) throw invalid();
  const host = normalizeHost(m[1]!);
  if (m[2] === undefined) return { host };
  const port = Number(m[2]);
  if (port < 1 || port > 65535) throw invalid();
  return { host, port };
}
