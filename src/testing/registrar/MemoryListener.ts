import { Subject, type Subscription } from "rxjs";
import type { InMemoryEndpoint } from "../InMemoryEndpoint.js";
import type { InMemoryNetwork } from "../InMemoryNetwork.js";
import { addressKey, parseAddress, SIP_PORT } from "../networkAddress.js";
import { RegistrarError } from "./RegistrarError.js";
import type { Arrival, FlowInfo, RegistrarFlow, RegistrarListener } from "./RegistrarFlow.js";

/**
 * The registrar's attachment to an {@link InMemoryNetwork}: one endpoint at `address`.
 *
 * The network does not say who sent what arrives, so the flow of a request is its top
 * Via (`received` / `rport` when present, else the sent-by), which is where the network
 * delivers to, also for a reliable client behind a `.invalid` Via (RFC 7118 §5.2). A
 * response arrives without a flow: the registrar knows it from the branch it forwarded.
 */
export class MemoryListener implements RegistrarListener {
  readonly transport = "memory" as const;
  readonly viaTransport: string;
  readonly host: string;
  readonly port: number;
  readonly routeUri: string;
  private readonly arrivals = new Subject<Arrival>();
  private readonly failures = new Subject<RegistrarError>();
  private readonly closings = new Subject<FlowInfo>();
  readonly arrivals$ = this.arrivals.asObservable();
  readonly errors$ = this.failures.asObservable();
  readonly closed$ = this.closings.asObservable();
  private readonly endpoint: InMemoryEndpoint;
  private readonly wiring: Subscription;

  /** @throws RegistrarError LISTEN_FAILED when the address is taken or invalid. */
  constructor(network: InMemoryNetwork, address: string, reliable: boolean) {
    try {
      this.endpoint = network.endpoint(address, { reliable });
    } catch (cause) {
      throw new RegistrarError("LISTEN_FAILED", `cannot attach to the in-memory network at ${address}`, undefined, { cause });
    }
    const colon = this.endpoint.address.lastIndexOf(":");
    this.host = this.endpoint.address.slice(0, colon);
    this.port = Number(this.endpoint.address.slice(colon + 1));
    this.viaTransport = this.endpoint.protocol;
    this.routeUri = `sip:${this.endpoint.address};lr`;
    this.wiring = this.endpoint.messages$.subscribe((message) => {
      if (message.isResponse) {
        this.arrivals.next({ message, flow: undefined });
        return;
      }
      let via;
      try {
        via = message.via;
      } catch (cause) {
        this.failures.next(new RegistrarError("MALFORMED", "a request without a usable Via arrived", undefined, { cause }));
        return;
      }
      const port = typeof via.rport === "number" && via.rport > 0 ? via.rport : via.port;
      this.arrivals.next({ message, flow: this.flowAt(via.received ?? via.host, port, via.transport.toUpperCase() !== "UDP") });
    });
    this.wiring.add(
      this.endpoint.errors$.subscribe((cause) => this.failures.next(new RegistrarError("MALFORMED", "unreadable text arrived", undefined, { cause }))),
    );
  }

  flowTo(host: string, port: number | undefined): RegistrarFlow | undefined {
    return this.flowAt(host, port, this.endpoint.reliable);
  }

  findFlow(host: string, port: number | undefined): RegistrarFlow | undefined {
    return this.flowTo(host, port);
  }

  close(): Promise<void> {
    this.wiring.unsubscribe();
    this.endpoint.close();
    this.arrivals.complete();
    this.failures.complete();
    this.closings.complete();
    return Promise.resolve();
  }

  private flowAt(host: string, port: number | undefined, reliable: boolean): RegistrarFlow | undefined {
    let remote: string;
    try {
      remote = addressKey(parseAddress(host).host, port ?? SIP_PORT);
    } catch {
      return undefined;
    }
    const endpoint = this.endpoint;
    return {
      id: `memory:${remote}`,
      transport: "memory",
      remote,
      reliable,
      listener: this,
      get open() {
        return !endpoint.closed;
      },
      send(text: string): Promise<void> {
        try {
          endpoint.sendRaw(remote, text);
          return Promise.resolve();
        } catch (error) {
          return Promise.reject(error);
        }
      },
    };
  }
}
