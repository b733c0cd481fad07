import type { NaptrRecord } from "node:dns";

/** A NAPTR record RFC 3263 §4.1 can use: the transport of its service and the SRV name it points to. */
export interface NaptrChoice {
  readonly protocol: "UDP" | "TCP" | "TLS";
  /** The SRV name to look up next (`_sip._udp.example.com`). */
  readonly srvName: string;
}

/** RFC 3263 §4.1: the NAPTR services of SIP over the transports a Node transport has. */
const SERVICES: Record<string, { secure: boolean; protocol: NaptrChoice["protocol"] }> = {
  "SIP+D2U": { secure: false, protocol: "UDP" },
  "SIP+D2T": { secure: false, protocol: "TCP" },
  "SIPS+D2T": { secure: true, protocol: "TLS" },
};

/**
 * RFC 3263 §4.1: the NAPTR records to follow, best first. Kept: flag "s" (the replacement
 * is an SRV name) with a replacement and no regexp, a service of the table above over a
 * transport in `protocols`, and for a `sips:` URI only SIPS services ("a client resolving a
 * SIPS URI MUST discard any services that do not contain SIPS"). Sorted by order, then
 * preference (both lower first, RFC 3403 §4.1).
 */
export function naptrServices(records: readonly NaptrRecord[], scheme: "sip" | "sips", protocols: ReadonlySet<string>): NaptrChoice[] {
  return records
    .filter((r) => {
      const service = SERVICES[r.service.toUpperCase()];
      if (service === undefined || !protocols.has(service.protocol)) return false;
      if (scheme === "sips" && !service.secure) return false;
      return r.flags.toLowerCase() === "s" && r.regexp === "" && r.replacement !== "" && r.replacement !== ".";
    })
    .sort((a, b) => a.order - b.order || a.preference - b.preference)
    .map((r) => ({ protocol: SERVICES[r.service.toUpperCase()]!.protocol, srvName: r.replacement }));
}
