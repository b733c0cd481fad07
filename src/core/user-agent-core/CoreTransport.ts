import type { TransactionTransport } from "../transactions/index.js";

/**
 * What the user agent core needs of a transport: the transaction seam (send, reliable)
 * plus what goes into the Via it writes (RFC 3261 §18.1.1: the transport protocol and the
 * sent-by address; RFC 7118 §5.2: WS / WSS with a `.invalid` host).
 */
export interface CoreTransport extends TransactionTransport {
  /** Via transport token: "UDP", "TCP", "TLS", "WS", "WSS". */
  readonly protocol: string;
  /** Via sent-by host. */
  readonly viaHost: string;
  /** Via sent-by port, when not the default. */
  readonly viaPort?: number;
}
