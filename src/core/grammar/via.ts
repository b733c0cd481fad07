/** Via (RFC 3261 §20.42, §25.1; received may be an IPv6 address, RFC 5118 §4.5). */
import { upperAscii } from "../messages/charClasses.js";
import type { Params, ViaData } from "./ast.js";
import { host, ipv6Address, optionalPort } from "./hosts.js";
import { genericParam, paramList, setParam } from "./params.js";
import type { Scanner } from "./Scanner.js";

/** via-received = "received" EQUAL (IPv4address / IPv6address); other via-params are generic-params. */
function viaParam(c: Scanner, o: Params): boolean {
  const at = c.pos;
  if (c.word("received") && c.sep(61)) {
    const a = ipv6Address(c);
    if (a !== undefined) {
      setParam<string | null>(o, "received", a);
      return true;
    }
  }
  c.pos = at;
  return genericParam(c, o);
}

/** via-parm = sent-protocol LWS sent-by *( SEMI via-params ) */
export function viaParm(c: Scanner): ViaData | undefined {
  const at = c.pos;
  const name = c.token();
  const version = name !== undefined && c.sep(47) ? c.token() : undefined;
  const transport = version !== undefined && c.sep(47) ? c.token() : undefined;
  const h = transport !== undefined && c.lws() ? host(c) : undefined;
  if (h === undefined) {
    c.pos = at;
    return undefined;
  }
  const port = optionalPort(c, true);
  const v: ViaData = { protocol: name + "/" + version, transport: upperAscii(transport!), host: h, params: paramList(c, viaParam) };
  if (port !== null) v.port = port;
  return v;
}
