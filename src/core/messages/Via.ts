import type { Params, ViaData } from "../grammar/ast.js";
import { formatParams, hostPort } from "./Uri.js";

/**
 * RFC 3261 magic cookie that starts every branch of a compliant element (§8.1.1.7).
 *
 * @example
 * ```ts
 * import { generateBranch, MAGIC_COOKIE } from "rxsip/core";
 *
 * generateBranch().startsWith(MAGIC_COOKIE); // true: an RFC 3261 branch
 * ```
 */
export const MAGIC_COOKIE = "z9hG4bK";

/**
 * One Via header value (RFC 3261 §20.42, §18.2.1 received/rport).
 *
 * @example
 * ```ts
 * import { parseHeaderValue, Via } from "rxsip/core";
 *
 * const via = new Via(parseHeaderValue("Via", "SIP/2.0/TCP 192.0.2.4:5060;branch=z9hG4bK776;rport")[0]!);
 * console.log(via.transport, via.sentBy, via.branch, via.rport); // TCP 192.0.2.4:5060 z9hG4bK776 null
 * ```
 */
export class Via implements ViaData {
  protocol: string;
  transport: string;
  host: string;
  port?: number;
  params: Params;

  constructor(data: ViaData) {
    this.protocol = data.protocol;
    this.transport = data.transport;
    this.host = data.host;
    if (data.port !== undefined) this.port = data.port;
    this.params = data.params;
  }

  get branch(): string | undefined {
    return this.params["branch"] ?? undefined;
  }

  get received(): string | undefined {
    return this.params["received"] ?? undefined;
  }

  /** `rport` value: a number once filled in by the server, `null` when requested but empty. */
  get rport(): number | null | undefined {
    if (!("rport" in this.params)) return undefined;
    const v = this.params["rport"];
    return v === null || v === undefined ? null : Number(v);
  }

  /** "host" or "host:port". */
  get sentBy(): string {
    return hostPort(this);
  }

  toString(): string {
    return `${this.protocol}/${this.transport} ${this.sentBy}${formatParams(this.params)}`;
  }
}
