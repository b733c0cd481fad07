/**
 * A hand-driven SIP client over a raw socket peer: it writes the requests a user agent
 * would (REGISTER, MESSAGE, INVITE ...) with its own Via and Contact, and answers
 * requests with responses copied from them, so tests see exactly what the registrar did.
 */
import type { SipRequest, SipResponse } from "../../../../src/core/messages/index.js";
import type { RawPeer } from "./rawPeers.js";
import { requestText, responseText, unique, type RequestSpec } from "./sipText.js";

export class SipClient {
  /** The Contact URI: `sip:user@host:port;transport=x`, or `sip:user@abc.invalid;transport=ws`. */
  readonly contactUri: string;

  constructor(
    readonly peer: RawPeer,
    readonly user: string,
    readonly domain = "example.test",
  ) {
    const t = peer.transport.toLowerCase();
    this.contactUri = `sip:${user}@${peer.sentBy}${t === "udp" ? "" : `;transport=${t}`}`;
  }

  get aor(): string {
    return `sip:${this.user}@${this.domain}`;
  }

  /** Sends a request from this client (Via and From are its own); returns it as text. */
  send(method: string, ruri: string, extra: Partial<RequestSpec> = {}): string {
    const text = requestText({
      method,
      ruri,
      via: `${this.peer.transport} ${this.peer.sentBy}`,
      from: this.aor,
      to: ruri,
      ...extra,
    });
    this.peer.send(text);
    return text;
  }

  /** REGISTERs its contact and waits for the final response. */
  async register(extra: Partial<RequestSpec> = {}): Promise<SipResponse> {
    this.send("REGISTER", `sip:${this.domain}`, { to: this.aor, contact: `<${this.contactUri}>`, callId: unique("reg"), ...extra });
    return (await this.peer.next((m) => m.isResponse && m.cseq.method === "REGISTER" && m.statusCode >= 200, "final response to REGISTER")) as SipResponse;
  }

  /** Answers a request it received. */
  reply(request: SipRequest, status: number, reason: string, options: Parameters<typeof responseText>[3] = {}): void {
    this.peer.send(responseText(request, status, reason, options));
  }
}
