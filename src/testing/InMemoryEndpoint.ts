import { Subject, type Observable, type Subscription } from "rxjs";
import { parseMessage, type SipMessageAny } from "../core/messages/index.js";
import type { CoreTransport } from "../core/user-agent-core/CoreTransport.js";
import type { Impairments, NormalizedImpairments } from "./Impairments.js";
import { NetworkError } from "./NetworkError.js";
import { routeMessage } from "./routeMessage.js";

/** How `InMemoryNetwork.endpoint(address, options)` sets up an endpoint. */
export interface InMemoryEndpointOptions {
  /** TCP-like (no loss, duplication or reordering; in order) when true; UDP-like by default. */
  reliable?: boolean;
  /** Via transport token; default "TCP" when reliable, "UDP" otherwise. */
  protocol?: string;
  /** Via sent-by host; default the address's host (a WebSocket client may use a `.invalid` name, RFC 7118 §5.2). */
  viaHost?: string;
  /** Impairments of the messages this endpoint sends, instead of the network's. */
  impairments?: Impairments;
}

/** @internal What an endpoint needs of the network it is attached to. */
export interface EndpointLink {
  transmit(from: InMemoryEndpoint, to: string, text: string, mustArrive: boolean): void;
  detach(endpoint: InMemoryEndpoint): void;
}

/** @internal How the network builds an endpoint. */
export interface EndpointSetup {
  readonly address: string;
  readonly reliable: boolean;
  readonly protocol: string;
  readonly viaHost: string;
  readonly viaPort: number | undefined;
  readonly impairments: NormalizedImpairments | undefined;
}

/**
 * One attachment point of an {@link InMemoryNetwork}: the `CoreTransport` a user agent
 * core sends through, and the stream of what arrives for it.
 *
 * `send` serializes the message and the network routes the text (see `routeMessage`);
 * what arrives is parsed from that text, so every receiver gets its own message object,
 * exactly as a socket would give it. Delivery is always asynchronous, on the network's
 * scheduler. Make endpoints with `network.endpoint(address, options)`.
 *
 * @example
 * ```ts
 * import { NameAddr, Uri, UserAgentCore } from "rxsip/core";
 * import { InMemoryNetwork } from "rxsip/testing";
 *
 * const network = new InMemoryNetwork();
 * const alice = network.endpoint("alice.example.test:5060");
 * const core = new UserAgentCore({
 *   transport: alice,
 *   scheduler: network.scheduler,
 *   aor: Uri.sip("alice", "example.test"),
 *   contact: new NameAddr({ uri: Uri.sip("alice", "alice.example.test", 5060) }),
 * });
 * alice.onMessage((message) => core.receive(message));
 * ```
 */
export class InMemoryEndpoint implements CoreTransport {
  /** `host:port`, normalized: what `from` / `to` say in the network's log. */
  readonly address: string;
  readonly reliable: boolean;
  readonly protocol: string;
  readonly viaHost: string;
  readonly viaPort?: number;
  /** @internal Impairments of what this endpoint sends, when it has its own. */
  readonly impairments: NormalizedImpairments | undefined;
  /**
   * Every message that arrives for this endpoint (hot: subscribe before it arrives;
   * nothing is replayed). Completes on `close()`.
   */
  readonly messages$: Observable<SipMessageAny>;
  /** Text that arrived and did not parse (NetworkError MALFORMED, the ParseError as `cause`). Completes on `close()`. */
  readonly errors$: Observable<NetworkError>;
  /** Every message that arrived, in order (for assertions). */
  readonly received: SipMessageAny[] = [];

  private readonly incoming = new Subject<SipMessageAny>();
  private readonly failures = new Subject<NetworkError>();
  private open = true;

  /** @internal Use `InMemoryNetwork.endpoint()`. */
  constructor(
    setup: EndpointSetup,
    private readonly link: EndpointLink,
  ) {
    this.address = setup.address;
    this.reliable = setup.reliable;
    this.protocol = setup.protocol;
    this.viaHost = setup.viaHost;
    if (setup.viaPort !== undefined) this.viaPort = setup.viaPort;
    this.impairments = setup.impairments;
    this.messages$ = this.incoming.asObservable();
    this.errors$ = this.failures.asObservable();
  }

  get closed(): boolean {
    return !this.open;
  }

  /**
   * Puts a message on the wire, to the address `routeMessage` picks.
   *
   * @throws NetworkError UNREACHABLE when no endpoint is open at a request's address
   *   (a response to an unknown address is dropped and logged instead), NO_ROUTE when the
   *   message names no address, ENDPOINT_CLOSED after `close()`.
   */
  send(message: SipMessageAny): void {
    this.assertOpen();
    const text = message.toString();
    const to = routeMessage(message);
    this.link.transmit(this, to, text, message.isRequest);
  }

  /**
   * Puts raw text on the wire to `to` (`host:port`), for tests that feed a peer malformed
   * or hand-written messages. Impairments apply as to `send`.
   *
   * @throws NetworkError UNREACHABLE, ENDPOINT_CLOSED
   */
  sendRaw(to: string, text: string): void {
    this.assertOpen();
    this.link.transmit(this, to, text, true);
  }

  /** Calls `handler` with every message that arrives; unsubscribe the result to stop. */
  onMessage(handler: (message: SipMessageAny) => void): Subscription {
    return this.messages$.subscribe(handler);
  }

  /** Detaches from the network (the address becomes free) and completes the streams. Idempotent. */
  close(): void {
    if (!this.open) return;
    this.open = false;
    this.link.detach(this);
    this.incoming.complete();
    this.failures.complete();
  }

  /** @internal Called by the network when text sent to this endpoint arrives. */
  deliver(text: string, from: string): void {
    if (!this.open) return;
    let message: SipMessageAny;
    try {
      message = parseMessage(text);
    } catch (error) {
      this.failures.next(new NetworkError("MALFORMED", `text from ${from} is not a SIP message`, { from, to: this.address }, { cause: error }));
      return;
    }
    this.received.push(message);
    this.incoming.next(message);
  }

  private assertOpen(): void {
    if (!this.open) throw new NetworkError("ENDPOINT_CLOSED", `the endpoint ${this.address} is closed`, { from: this.address });
  }
}
