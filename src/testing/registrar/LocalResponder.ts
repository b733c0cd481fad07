import type { SipMessageAny, SipRequest } from "../../core/messages/index.js";
import { buildResponse, generateTag, TransactionError, type TransactionLayer, type TransactionTransport } from "../../core/transactions/index.js";
import { RegistrarError } from "./RegistrarError.js";
import type { RegistrarFlow } from "./RegistrarFlow.js";

/** Extra header lines of a response: `[name, value]`, in order. */
export type HeaderLines = ReadonlyArray<readonly [string, string]>;

/**
 * The requests the registrar answers itself (REGISTER, OPTIONS to itself, 404, 480, 483,
 * 481 ...) are answered in server transactions (RFC 3261 §17.2), so that retransmissions
 * over UDP get the same response again and the ACK of a non-2xx final response to an
 * INVITE is absorbed, not forwarded. The response goes back on the request's flow.
 */
export class LocalResponder {
  private readonly transports = new WeakMap<RegistrarFlow, TransactionTransport>();

  constructor(
    private readonly layer: TransactionLayer,
    private readonly transmit: (flow: RegistrarFlow, message: SipMessageAny) => void,
    private readonly report: (error: RegistrarError) => void,
  ) {}

  /**
   * Gives a request to the server transaction it belongs to, if any (a retransmission of a
   * request answered here, or the ACK of a non-2xx response sent from here).
   */
  absorbs(request: SipRequest): boolean {
    return this.layer.receiveRequest(request) !== undefined;
  }

  /** Answers `request` with a final (or provisional) response, with a To tag, plus `headers`. */
  answer(request: SipRequest, flow: RegistrarFlow, code: number, reason: string, headers: HeaderLines = []): void {
    const response = buildResponse(request, code, reason, code === 100 ? undefined : generateTag());
    for (const [name, value] of headers) response.addHeader(name, value);
    try {
      const tx = this.layer.findServer(request) ?? this.layer.createServer(request, {}, this.transportFor(flow));
      tx.respond(response);
    } catch (error) {
      if (!(error instanceof TransactionError)) throw error;
      this.report(new RegistrarError("SEND_FAILED", `cannot answer ${request.method}: ${error.message}`, flow.id, { cause: error }));
    }
  }

  private transportFor(flow: RegistrarFlow): TransactionTransport {
    let transport = this.transports.get(flow);
    if (transport === undefined) {
      transport = {
        reliable: flow.reliable,
        send: (message) => {
          if (!flow.open) throw new RegistrarError("SEND_FAILED", "the flow is closed", flow.id);
          this.transmit(flow, message);
        },
      };
      this.transports.set(flow, transport);
    }
    return transport;
  }
}
